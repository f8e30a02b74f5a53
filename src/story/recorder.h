// Recording a walkthrough in the window: what the educator shows (the camera as it moves,
// each layer's visibility and opacity, the cut) sampled as the frames are drawn, with captions
// and chapters added at the moment they are asked for, and turned into an ordinary story
// (stories/README.md) when recording stops. Camera and opacity samples are thinned to the keys
// that reproduce them within a small tolerance; hidden, shown and cut changes are steps. A
// turntable (one slow orbit) is made here too. No GL, no window: the viewer feeds the samples.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "anatomy/layers.h"
#include "camera/orbit_camera.h"
#include "story/story.h"

namespace spineview {

// What a story can say of the user's layers, by story target ("layer:annulus" for a whole
// tissue, node names for the layers a story has no target for, such as one vertebra).
using LayerTargets = std::map<std::string, LayerSetting>;
LayerTargets layerTargets(const LayerState& state, const std::vector<LayerInfo>& layers,
                          const Scene& scene);
// The same in two steps, for a frame-by-frame recording: which targets stand for which layer
// (this walks the scene: once per recording), then each target's setting.
using LayerTargetNames = std::vector<std::pair<std::string, std::string>>;  // layer key, target
LayerTargetNames layerTargetNames(const std::vector<LayerInfo>& layers, const Scene& scene);
LayerTargets layerTargets(const LayerState& state, const LayerTargetNames& names);

// The window's cut as a story's: the anatomical cuts; none for Off, Free or a flipped cut.
std::optional<CutSpec> storyCutOf(const CutSettings& cut);

// One moment of what the window shows.
struct RecordedFrame {
  CameraPose camera;
  LayerTargets layers;
  std::optional<CutSpec> cut;  // an anatomical cut; the Free and flipped cuts are not stories'
};

inline constexpr double kMaxRecordingSeconds = 3600.0;  // a story's longest duration

class WalkthroughRecorder {
 public:
  // Starts a recording; `defaults` is what a story shows of each target when it says nothing
  // (the model's own layers), so that unchanged layers write no track.
  void start(LayerTargets defaults);
  bool recording() const { return recording_; }
  // The frame shown at `t` seconds since start (non-decreasing; clamped to the longest story).
  void sample(double t, const RecordedFrame& frame);
  void addCaption(double t, const std::string& text);
  void addChapter(double t, const std::string& title);
  double lastTime() const { return lastTime_; }
  bool full() const { return lastTime_ >= kMaxRecordingSeconds; }
  // Stops and returns the story (at least 1 s long, one chapter at 0), named and titled as
  // given, for the model's treated level. Empty when nothing was sampled.
  std::optional<Story> finish(const std::string& name, const std::string& title,
                              const std::string& level);

 private:
  struct CameraSample {
    double at;
    CameraPose pose;
  };
  struct Change {  // a layer or cut value from a time on
    double at;
    LayerSetting layer;
    std::optional<CutSpec> cut;
  };
  bool recording_ = false;
  double lastTime_ = 0.0;
  LayerTargets defaults_;
  std::vector<CameraSample> camera_;
  std::map<std::string, std::vector<Change>> layers_;
  std::vector<Change> cuts_;
  std::vector<TimedText> captions_, chapters_;
};

// One orbit about the current target in `seconds` (at least 4), starting and ending at `from`,
// with the layers and cut as they are: a story of camera pose keys, linear, every 45 degrees.
Story turntableStory(const CameraPose& from, double seconds, const LayerTargets& layers,
                     const LayerTargets& defaults, const std::optional<CutSpec>& cut,
                     const std::string& level);

}  // namespace spineview
