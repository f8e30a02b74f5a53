#include "frame/warm_up.h"

#include <glad/gl.h>

#include <cstdint>

#include "frame/framing.h"
#include "frame/snapshot.h"
#include "story/story_player.h"

namespace spineview {
namespace {

// Small: what a driver compiles depends on the draw state and the formats, not on the size
// (checked with an empty Mesa cache: probes at 160x100 remove every story hitch at 1280x800).
constexpr int kProbeWidth = 160, kProbeHeight = 100;
constexpr float kWindowAspect = 1.6f;  // of the window the panes divide, as the camera frames

}  // namespace

std::vector<std::vector<Story>> playableStories(const Scene& scene, const Anatomy& anatomy,
                                                const std::vector<StoryEntry>& entries) {
  std::vector<std::vector<Story>> plays;
  for (const StoryEntry& entry : entries)
    if (entry.error.empty())
      if (auto story = loadStoryFor(entry.name, scene, anatomy.parts))
        plays.push_back({std::move(story.value())});
  if (canCompare(entries)) {
    std::vector<Story> pair;
    for (const char* name : kComparedStories)
      if (auto story = loadStoryFor(name, scene, anatomy.parts))
        pair.push_back(std::move(story.value()));
    if (pair.size() == kComparedStories.size()) plays.push_back(std::move(pair));
  }
  return plays;
}

DrawStateWarmUp::DrawStateWarmUp(const Scene& scene, const Anatomy& anatomy,
                                 const std::vector<std::vector<Story>>& plays, bool software)
    : scene_(scene), anatomy_(anatomy) {
  const int motionSamples = software ? 0 : RenderSettings{}.msaaSamples;
  for (const std::vector<Story>& stories : plays)
    if (!stories.empty()) addPlay(stories, motionSamples, software);
  addToggles(motionSamples, software);
}

// The play as the window shows it: the story's camera, default layers, motion frames at each
// distinct moment, and a still frame where the user is likeliest to pause (each chapter start).
void DrawStateWarmUp::addPlay(const std::vector<Story>& stories, int motionSamples, bool software) {
  StoryPlayer player;
  player.open(stories);
  const int panes = static_cast<int>(stories.size());
  const float aspect = kWindowAspect / static_cast<float>(panes);
  OrbitCamera camera;
  camera.setClipBounds(scene_.worldBounds());
  camera.frame(visibleBounds(scene_, anatomy_, anatomy_.defaultLayers()), aspect, false);
  auto probeAt = [&](double t, int samples, bool motion) {
    player.seek(t);
    if (auto pose = storyCameraPose(player.state(0), scene_, anatomy_, aspect))
      camera.setPose(*pose, false);
    Probe probe{{}, samples, motion, false};
    for (int p = 0; p < panes; ++p) {
      ViewInputs in;
      in.camera = camera.matrices(aspect);
      in.layers = anatomy_.defaultLayers();
      in.story = player.state(static_cast<std::size_t>(p));
      probe.panes.push_back(std::move(in));
    }
    probes_.push_back(std::move(probe));
  };
  for (double t : distinctMoments(stories)) probeAt(t, motionSamples, software);
  for (const TimedText& chapter : stories.front().chapters)
    probeAt(chapter.at, RenderSettings{}.msaaSamples, false);
}

// The plain model with every layer shown, normal and x-ray, without and with a cut, moving and
// still; and a tap (node ids, then the outline) without and with the cut.
void DrawStateWarmUp::addToggles(int motionSamples, bool software) {
  for (bool cut : {false, true}) {
    SnapshotRequest request;
    request.width = kProbeWidth;
    request.height = kProbeHeight;
    request.showAllLayers = true;
    if (cut) request.cut = CutSpec{};
    for (bool xray : {false, true}) {
      if (xray) request.preset = LayerPreset::Xray;
      auto in = snapshotInputs(scene_, anatomy_, request);
      if (!in) continue;  // a model without the treated disc has no cut to warm
      probes_.push_back({{in.value()}, motionSamples, software, false});
      probes_.push_back({{in.value()}, RenderSettings{}.msaaSamples, false, false});
      if (!xray) probes_.push_back({{in.value()}, 0, false, true});
    }
  }
}

bool DrawStateWarmUp::step(Renderer& renderer) {
  if (done()) return false;
  const Probe& probe = probes_[next_++];
  auto& target = targets_[probe.samples > 0 ? 1 : 0];
  if (!target)
    target = std::make_unique<RenderTarget>(RenderTarget::Kind::Offscreen, kProbeWidth,
                                            kProbeHeight, probe.samples);
  for (const ViewInputs& in : probe.panes) {
    FrameState frame = composeFrame(scene_, anatomy_, in);
    frame.settings.interactiveLod = probe.motion;
    frame.settings.halfResolutionTransparency = probe.motion;
    if (!probe.pick) {
      renderer.render(frame, *target);
      continue;
    }
    const NodeIdImage ids = renderer.renderNodeIds(frame, kProbeWidth, kProbeHeight);
    target->bindFinished();
    for (std::uint32_t id : ids.ids)
      if (id > 0) {  // the outline's own program, on the first part the probe shows
        renderer.drawOutline(static_cast<int>(id) - 1, glm::vec4(1.f), 2.f);
        break;
      }
  }
  glFinish();
  if (done())
    for (auto& t : targets_) t.reset();
  return probe.pick;
}

}  // namespace spineview
