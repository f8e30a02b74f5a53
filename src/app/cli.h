// The command line, parsed into a plain options struct (CLI11). Parsing never exits the
// process: main decides what to print and which code to return, and the tests call it directly.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "anatomy/cuts.h"
#include "anatomy/layers.h"
#include "app/case_options.h"
#include "core/result.h"
#include "story/story_list.h"

namespace spineview::app {

struct Size {
  int width = 0, height = 0;
};

// Parses "WIDTHxHEIGHT" (e.g. "1280x800"); each side 1..kMaxSnapshotSide (the core's limit,
// frame/snapshot.h), checked here so a bad size fails before any work. The error says why.
Result<Size> parseSize(const std::string& text);

// A pixel of the rendered image, from the top-left corner.
struct Pixel {
  int x = 0, y = 0;
};
// Parses "X,Y" (non-negative integers); the range is checked against the size by the caller.
Result<Pixel> parsePixel(const std::string& text);

struct CliOptions {
  std::string file;                // model to open (the bundled model by default)
  std::string renderOut;           // --render: PNG path; empty opens the window
  Size size{1280, 800};            // --render size, or the window's initial size
  bool sizeGiven = false;
  std::string view;                // named view; empty: the model's (Anatomy::openingViewName)
  std::vector<std::string> show;   // layers hidden by default to show (key or display name)
  std::vector<std::string> hide;   // layers to hide (key or display name), checked after loading
  std::optional<LayerPreset> preset;  // --preset
  std::optional<CutSpec> cut;      // --cut axial|sagittal|coronal[:OFFSET_MM]
  bool labels = false;             // --labels: draw structure labels with leader lines
  std::vector<Pixel> picks;        // --pick X,Y: print the node under each pixel
  bool bench = false;              // --bench: print timings and exit
  bool benchIdle = false;          // --bench-idle: only the idle-CPU part, in a real window
  double benchIdleSeconds = 5.0;
  double soakSeconds = 0.0;        // --soak: run the soak this long and exit (0: no soak)
  std::string shaderDir;           // empty means defaultShaderDir()
  std::string story;               // --story NAME or FILE.json
  double at = 0.0;                 // --at SECONDS into the story
  bool compare = false;            // --compare: fibrin and fusion side by side
  // --lang CODE: the stories' translations (NAME-CODE); --story is rewritten to its one, and
  // these are the pair --compare shows (kComparedStories without --lang).
  std::string lang;
  std::vector<std::string> comparedStories{kComparedStories.begin(), kComparedStories.end()};
  bool dumpState = false;          // --dump-state: print the story's state at --at as JSON
  bool timings = false;            // --timings: print where --render's time went (stderr)
  // --export: a video of the story (or the split view) without a display (app/video_export.h).
  std::string exportOut;           // .mp4, .webm, .gif or a folder for PNG frames
  std::optional<double> from, to;  // the stretch of story time (default: the whole story)
  int fps = 30;
  bool stillQuality = false;       // --quality still (4x MSAA, full detail); default motion
  std::string captions = "both";   // burn, vtt, both or none
  std::string audio;               // --audio: a narration file to mux
  bool progressLines = false;      // --progress-lines: "frame N/M ..." every 0.1 s, for the window
  CaseFlags caseFlags;             // --case FILE, --level, --tear, ... (app/case_options.h)

  // Headless: --render writes a PNG; --pick alone renders only what picking needs;
  // --dump-state alone only prints.
  bool render() const { return !renderOut.empty() || !picks.empty() || dumpState; }
  bool exportVideo() const { return !exportOut.empty(); }
};

// What parsing decided: either options to run with, or a message to print and an exit code
// (--help gives its text and 0; a bad argument gives the reason and 2).
struct CliOutcome {
  std::optional<CliOptions> options;
  int exitCode = 0;
  std::string message;
};

CliOutcome parseCommandLine(int argc, const char* const argv[]);

// SPINEVIEW_MODEL_DIR/lumbar_spine.glb, the model opened when no FILE is given.
std::string defaultModelPath();

// "anterior, posterior, ..." for messages that list the valid view names.
std::string namedViewList();

}  // namespace spineview::app
