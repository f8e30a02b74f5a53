// Stories: a procedure told as a timeline over the model (stories/README.md is the format).
// Loading checks everything a clinic's edit can break and names the file, the place (a JSON
// pointer) and the reason. Evaluation is a pure function of the story and a time: scrubbing
// to t gives exactly what playing to t gave.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <glm/glm.hpp>

#include "anatomy/cuts.h"
#include "anatomy/vocabulary.h"
#include "core/result.h"

namespace spineview {

struct Scene;
struct PartInfo;

enum class Ease { Step, Linear, Smooth };

// How a story draws the model: as it is, with bone and annulus faded (the x-ray preset), or as
// a fluoroscopy image (bone and metal only).
enum class RenderMode { Normal, Xray, Fluoroscopy };
const char* renderModeName(RenderMode mode);  // "normal", "xray", "fluoroscopy"

// A camera pose a story holds rather than a named view (a recorded walkthrough's camera): the
// orbit camera's own numbers, in the model's units (metres for the bundled model) and degrees.
struct StoryPose {
  glm::vec3 target{0.f};
  float distance = 1.f;
  float yawDeg = 0.f;    // about +Y; 0 looks from the front (+Z)
  float pitchDeg = 0.f;  // positive looks down from above
  bool operator==(const StoryPose& o) const {
    return target == o.target && distance == o.distance && yawDeg == o.yawDeg &&
           pitchDeg == o.pitchDeg;
  }
};

// A key's value, typed when it is read: a render key holds a RenderMode, a cut key a cut (or
// none for "off"), a camera view key its view's name, a camera pose key a StoryPose.
using KeyValue =
    std::variant<bool, double, std::string, RenderMode, std::optional<CutSpec>, StoryPose>;

struct StoryKey {
  double at = 0.0;
  KeyValue value;
  Ease ease = Ease::Smooth;
};

// What a track drives; node properties apply to a node name or to `layer:KEY`.
enum class TrackProperty {
  Visible, Opacity, Morph, Glow, Heat, Advance,  // nodes
  Flexion, Lateral, Rotation,                    // spine
  Locked,                                        // level:<disc level>
  CameraView, CameraPose, CameraZoom,            // camera
  RenderMode, Cut,                               // render
};

// What a track's target names, read from its text when the story loads.
enum class TargetKind { Node, Layer, Spine, Level, Camera, Render };

struct StoryTrack {
  std::string target;  // node name, "layer:KIND", "spine", "level:L4-L5", "camera", "render"
  TargetKind kind = TargetKind::Node;
  std::optional<LayerKind> layer;  // of a Layer target
  std::string level;               // of a Level target: "L4-L5"
  TrackProperty property = TrackProperty::Opacity;
  std::vector<StoryKey> keys;
  std::string pointer;  // where the track is in its file, for messages after loading
};

struct TimedText {
  double at = 0.0;
  std::string text;
};

struct EvidenceItem {
  std::string text, source;
};

struct SummaryItem {
  std::string measure, value, source;
};

struct Story {
  std::string file;  // where it was loaded from
  std::string name, title, level;
  double duration = 0.0;
  std::vector<TimedText> chapters, captions, timeScale;
  std::string evidenceTitle;  // empty with no evidence (a walkthrough that claims no outcome)
  std::vector<EvidenceItem> evidence;
  std::vector<SummaryItem> summary;
  std::vector<StoryTrack> tracks;
};

// What a track's target names: "camera", "render", "spine", "level:...", "layer:...", else a node.
TargetKind targetKindOf(const std::string& target);
// A track property as files write it ("opacity", "pose").
const char* trackPropertyName(TrackProperty property);

// Parses and checks a story; `file` names it in messages ("FILE: /pointer: reason").
Result<Story> parseStory(const std::string& text, const std::string& file);
Result<Story> loadStoryFile(const std::string& path);
// Checks that every node and layer target exists in the scene (the rest is checked on load).
Status checkStoryTargets(const Story& story, const Scene& scene, const std::vector<PartInfo>& parts);
// Loads a story by name or path (story_list.h: storyPath) and checks it against the scene:
// what both the viewer and a headless render do before playing one.
Result<Story> loadStoryFor(const std::string& nameOrPath, const Scene& scene,
                           const std::vector<PartInfo>& parts);

// What tracks say about one node (or layer) at a time t; unset fields keep the model's own state.
struct NodeStoryState {
  std::optional<LayerKind> layer;  // the target is every part of this layer, else a node's name
  std::optional<bool> visible;
  std::optional<float> opacity, morph, glow, heat, advance;
};

// The story's part of the scene at time t.
struct StoryState {
  double time = 0.0;
  int chapter = 0;
  std::string chapterTitle, caption, timeScale;
  float flexion = 0.f, lateral = 0.f, rotation = 0.f;  // -1..1 of each level's range
  std::map<std::string, float> locked;                // disc level -> 0..1
  // Camera: easing from `fromView` to `view` (progress 0..1); empty: the viewer's own camera.
  // Or, when the latest camera key is a pose key, that pose (eased between pose keys) instead.
  std::string view, fromView;
  float viewProgress = 1.f;
  std::optional<StoryPose> pose;
  float zoom = 1.f;
  RenderMode renderMode = RenderMode::Normal;
  std::optional<CutSpec> cut;                   // none: the story leaves the cut to the viewer
  std::map<std::string, NodeStoryState> nodes;  // by track target (node name or layer:KEY)
};

StoryState evaluateStory(const Story& story, double t);
// Times that together show every state the stories pass through when played side by side (or
// one alone): the start, each key of each track, the midpoints between them and the end,
// sorted. Between two keys a value holds or eases monotonically (no overshoot), so whether a
// part shows, is translucent, glows or is cut stays the same over the interval.
std::vector<double> distinctMoments(const std::vector<Story>& stories);
// Index of the chapter at t, and the start of the previous / next chapter for stepping.
int chapterAt(const Story& story, double t);
double previousChapterStart(const Story& story, double t);
double nextChapterStart(const Story& story, double t);

}  // namespace spineview
