// The window's "Export video" dialog: format, size, frame rate, quality, captions and where to
// save, then a progress bar with the time left and Cancel. The export itself is a headless
// `spineview --export` in a child process (app/video_export.h), so the window keeps answering
// (it redraws the panel ten times a second, the 3D view is not drawn again) and the user's view
// is not disturbed; the video is the one the command line makes.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/video_export.h"
#include "story/story_player.h"
#include "video/child_process.h"

namespace spineview::app {

struct ExportChoices {
  int format = 0;    // kExportFormats: MP4, WebM, GIF, PNG frames
  int size = 0;      // kExportSizes: 720p, 1080p, square
  int fps = 2;       // kExportRates: 24, 25, 30, 60
  bool still = false;
  int captions = 0;  // kExportCaptions: both, burn, vtt, none
  std::string folder, name;  // where to save: the file is folder/name.EXT (PNG: folder/name/)
};

struct ExportFormatChoice { const char* label; const char* extension; };  // "" for a folder
struct ExportSizeChoice { const char* label; int width, height; };
inline constexpr ExportFormatChoice kExportFormats[] = {
    {"MP4 (H.264)", ".mp4"}, {"WebM (VP9)", ".webm"}, {"GIF", ".gif"}, {"PNG frames", ""}};
inline constexpr ExportSizeChoice kExportSizes[] = {
    {"720p", 1280, 720}, {"1080p", 1920, 1080}, {"Square", 1080, 1080}};
inline constexpr int kExportRates[] = {24, 25, 30, 60};
inline constexpr const char* kExportCaptions[] = {"both", "burn", "vtt", "none"};

// The output the choices name (a folder path ends in '/').
std::string exportOutput(const ExportChoices& choices);
// What to export of what the player shows: --story FILE, or --compare for the split view.
std::vector<std::string> storyArguments(const StoryPlayer& player);
// The child's command line after the program: the model, the story and the choices.
std::vector<std::string> exportArguments(const ExportChoices& choices, const std::string& modelFile,
                                         const std::vector<std::string>& story);

class ExportDialog {
 public:
  // Opens the dialog for the story the player shows, with a name from the story.
  void open(const StoryPlayer& player, const std::string& modelFile);
  bool isOpen() const { return open_; }
  bool running() const { return job_ != nullptr; }
  // Draws the dialog at the top level (a modal) and follows a running export. When one is
  // written the dialog closes and this returns the message once, for a notice; a cancel or a
  // failure is said in the dialog, which stays open to change the choices.
  // `dismiss`: Escape or Enter closes the dialog when nothing runs.
  std::optional<std::string> draw(bool dismiss);

 private:
  Status start();
  std::optional<std::string> follow();  // reads the running export's progress; its end
  bool open_ = false, requestOpen_ = false;
  ExportChoices choices_;
  char folder_[1024] = {}, name_[256] = {};  // the text fields
  std::string modelFile_;
  std::vector<std::string> story_;  // storyArguments of the story the dialog was opened for
  std::unique_ptr<ChildProcess> job_;
  ExportProgress progress_;
  bool cancelled_ = false;
  std::string error_;
};

}  // namespace spineview::app
