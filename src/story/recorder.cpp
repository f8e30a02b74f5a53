#include "story/recorder.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <set>

#include "anatomy/vocabulary.h"

namespace spineview {
namespace {

// A value unchanged for longer than this before it moves was held: its last sample is repeated
// just before the move, so the move does not spread back over the pause (while recording the
// window draws four times a second when nothing changes, so a pause leaves few samples).
constexpr double kHoldGap = 0.1;
constexpr double kFrameSeconds = 1.0 / 60.0;
// At most this much yaw between two camera keys: a story eases yaw the shorter way round.
constexpr float kMaxYawSpanDeg = 90.f;

struct Sample {
  double at;
  std::vector<float> v;
};

// Ramer-Douglas-Peucker over time: keeps the samples that linear interpolation between the
// kept ones needs to stay within `tolerance` (per component, per sample), and splits any
// stretch whose first component (yaw) turns more than `maxSpan0`.
std::vector<size_t> keepSamples(const std::vector<Sample>& s,
                                const std::vector<std::vector<float>>& tolerance, float maxSpan0) {
  if (s.size() <= 2) {
    std::vector<size_t> all(s.size());
    for (size_t i = 0; i < s.size(); ++i) all[i] = i;
    return all;
  }
  std::vector<bool> keep(s.size(), false);
  keep.front() = keep.back() = true;
  std::vector<std::pair<size_t, size_t>> stack{{0, s.size() - 1}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    if (b <= a + 1) continue;
    size_t worst = a + 1;
    float worstError = 0.f;
    for (size_t i = a + 1; i < b; ++i) {
      const double span = s[b].at - s[a].at;
      const float u = span > 0.0 ? static_cast<float>((s[i].at - s[a].at) / span) : 0.f;
      for (size_t c = 0; c < s[i].v.size(); ++c) {
        const float expected = s[a].v[c] + (s[b].v[c] - s[a].v[c]) * u;
        const float error = std::abs(expected - s[i].v[c]) / std::max(tolerance[i][c], 1e-9f);
        if (error > worstError) worstError = error, worst = i;
      }
    }
    if (std::abs(s[b].v[0] - s[a].v[0]) > maxSpan0 && worstError <= 1.f) {
      worst = (a + b) / 2;  // close enough, but too far round: split in the middle
      worstError = 2.f;
    }
    if (worstError <= 1.f) continue;
    keep[worst] = true;
    stack.push_back({a, worst});
    stack.push_back({worst, b});
  }
  std::vector<size_t> kept;
  for (size_t i = 0; i < s.size(); ++i)
    if (keep[i]) kept.push_back(i);
  return kept;
}

// Appends a sample, repeating the previous value just before it after a pause.
void appendSample(std::vector<Sample>& samples, Sample next) {
  if (!samples.empty() && next.at - samples.back().at > kHoldGap && next.v != samples.back().v)
    samples.push_back({next.at - kFrameSeconds, samples.back().v});
  samples.push_back(std::move(next));
}

float wrapDegrees(float deg) { return std::remainder(deg, 360.f); }

StoryPose storyPose(const CameraPose& pose) {
  return {pose.target, pose.distance, glm::degrees(pose.yaw), glm::degrees(pose.pitch)};
}

StoryTrack track(const std::string& target, TrackProperty property) {
  StoryTrack t;
  t.target = target;
  t.kind = targetKindOf(target);
  if (t.kind == TargetKind::Layer) t.layer = parseLayerKind(target.substr(6));
  t.property = property;
  return t;
}

// The layer tracks of one target's changes; none when every value is the story's default.
void layerTracks(const std::string& target, const std::vector<LayerSetting>& values,
                 const std::vector<double>& times, const LayerSetting& fallback,
                 std::vector<StoryTrack>& out) {
  const bool visibleChanges = std::any_of(values.begin(), values.end(), [&](const LayerSetting& v) {
    return v.visible != fallback.visible;
  });
  const bool opacityChanges = std::any_of(values.begin(), values.end(), [&](const LayerSetting& v) {
    return v.opacity != fallback.opacity;
  });
  if (visibleChanges) {
    StoryTrack t = track(target, TrackProperty::Visible);
    for (size_t i = 0; i < values.size(); ++i)
      if (t.keys.empty() || std::get<bool>(t.keys.back().value) != values[i].visible)
        t.keys.push_back({times[i], values[i].visible, Ease::Step});
    out.push_back(std::move(t));
  }
  if (opacityChanges) {
    std::vector<Sample> samples;
    for (size_t i = 0; i < values.size(); ++i) appendSample(samples, {times[i], {values[i].opacity}});
    const std::vector<std::vector<float>> tolerance(samples.size(), {0.01f});
    StoryTrack t = track(target, TrackProperty::Opacity);
    for (size_t i : keepSamples(samples, tolerance, 2.f))
      t.keys.push_back({samples[i].at, double(samples[i].v[0]), Ease::Linear});
    out.push_back(std::move(t));
  }
}

// Whether every drawn node under `node` (itself included) is one of `nodes`.
bool onlyDrawsAmong(const Scene& scene, int node, const std::set<int>& nodes) {
  if (scene.nodes[size_t(node)].mesh >= 0 && !nodes.count(node)) return false;
  for (int child : scene.nodes[size_t(node)].children)
    if (!onlyDrawsAmong(scene, child, nodes)) return false;
  return true;
}

// The fewest named nodes that cover a layer's nodes and nothing else: a story target names a
// node and the parts under it, so a vertebra is one target ("L4"), not its fourteen parts.
std::set<int> coveringNodes(const Scene& scene, const std::vector<int>& layerNodes) {
  const std::set<int> nodes(layerNodes.begin(), layerNodes.end());
  std::set<int> out;
  for (int node : nodes) {
    int top = node;
    for (int p = scene.nodes[size_t(top)].parent;
         p >= 0 && !scene.nodes[size_t(p)].name.empty() && onlyDrawsAmong(scene, p, nodes);
         p = scene.nodes[size_t(p)].parent)
      top = p;
    out.insert(top);
  }
  return out;
}

}  // namespace

LayerTargetNames layerTargetNames(const std::vector<LayerInfo>& layers, const Scene& scene) {
  LayerTargetNames out;
  for (const LayerInfo& layer : layers) {
    // A whole tissue has a story target of its own; a vertebra or an unknown part, its nodes.
    if (layer.kind != LayerKind::Other && layer.key == layerKindName(layer.kind)) {
      out.emplace_back(layer.key, "layer:" + layer.key);
      continue;
    }
    std::vector<int> nodes;
    for (int node : layer.nodes)
      if (node >= 0 && node < static_cast<int>(scene.nodes.size())) nodes.push_back(node);
    for (int node : coveringNodes(scene, nodes)) {
      const std::string& name = scene.nodes[size_t(node)].name;
      // A node named as a story's own targets are ("camera", "layer:...") cannot be one, nor
      // one whose name would read as a placeholder ({level}).
      if (name.empty() || targetKindOf(name) != TargetKind::Node || name.find('{') != std::string::npos)
        continue;
      out.emplace_back(layer.key, name);
    }
  }
  return out;
}

LayerTargets layerTargets(const LayerState& state, const LayerTargetNames& names) {
  LayerTargets out;
  for (const auto& [layerKey, target] : names) out[target] = state.of(layerKey);
  return out;
}

LayerTargets layerTargets(const LayerState& state, const std::vector<LayerInfo>& layers,
                          const Scene& scene) {
  return layerTargets(state, layerTargetNames(layers, scene));
}

std::optional<CutSpec> storyCutOf(const CutSettings& cut) {
  if (cut.flipped) return std::nullopt;
  switch (cut.mode) {
    case CutMode::Axial: return CutSpec{CutAxis::Axial, cut.offsetMm};
    case CutMode::Sagittal: return CutSpec{CutAxis::Sagittal, cut.offsetMm};
    case CutMode::Coronal: return CutSpec{CutAxis::Coronal, cut.offsetMm};
    default: return std::nullopt;
  }
}

void WalkthroughRecorder::start(LayerTargets defaults) {
  *this = WalkthroughRecorder{};
  defaults_ = std::move(defaults);
  recording_ = true;
}

void WalkthroughRecorder::sample(double t, const RecordedFrame& frame) {
  if (!recording_) return;
  t = std::clamp(std::max(t, lastTime_), 0.0, kMaxRecordingSeconds);
  if (camera_.empty()) t = 0.0;  // the first frame is the story's start
  lastTime_ = t;
  camera_.push_back({t, frame.camera});
  for (const auto& [target, setting] : frame.layers) {
    auto& changes = layers_[target];
    if (changes.empty() || !(changes.back().layer == setting)) {
      // A change after a pause: the old value holds until just before it.
      if (!changes.empty() && t - changes.back().at > kHoldGap)
        changes.push_back({t - kFrameSeconds, changes.back().layer, {}});
      changes.push_back({t, setting, {}});
    }
  }
  if (cuts_.empty() || !(cuts_.back().cut == frame.cut)) cuts_.push_back({t, {}, frame.cut});
}

// At the moment it was asked for (which may lie a little behind the last frame while its words
// were typed), in time order among the others.
static void insertTimed(std::vector<TimedText>& items, double t, const std::string& text) {
  const TimedText item{std::clamp(t, 0.0, kMaxRecordingSeconds), text};
  const auto at = std::upper_bound(items.begin(), items.end(), item.at,
                                   [](double a, const TimedText& b) { return a < b.at; });
  items.insert(at, item);
}

void WalkthroughRecorder::addCaption(double t, const std::string& text) {
  if (recording_ && !text.empty()) insertTimed(captions_, std::min(t, lastTime_), text);
}

void WalkthroughRecorder::addChapter(double t, const std::string& title) {
  if (recording_ && !title.empty()) insertTimed(chapters_, std::min(t, lastTime_), title);
}

std::optional<Story> WalkthroughRecorder::finish(const std::string& name, const std::string& title,
                                                 const std::string& level) {
  recording_ = false;
  if (camera_.empty()) return std::nullopt;
  Story story;
  story.name = name;
  story.title = title;
  story.level = level;
  story.duration = std::max(1.0, lastTime_);
  story.captions = captions_;
  story.chapters = chapters_;
  if (story.chapters.empty() || story.chapters.front().at > 0.0)
    story.chapters.insert(story.chapters.begin(), {0.0, title});

  // The camera: yaw unwrapped so that turning past a half circle stays continuous.
  std::vector<Sample> samples;
  std::vector<std::vector<float>> tolerance;
  float yaw = 0.f;
  for (size_t i = 0; i < camera_.size(); ++i) {
    const CameraPose& p = camera_[i].pose;
    const float deg = glm::degrees(p.yaw);
    yaw = i == 0 ? deg : yaw + wrapDegrees(deg - yaw);
    appendSample(samples, {camera_[i].at,
                           {yaw, glm::degrees(p.pitch), p.distance, p.target.x, p.target.y,
                            p.target.z}});
  }
  // 0.25 degree; 0.2% of the distance; the target to 0.15% of the distance, which is what
  // the picture shifts by, so a close look keeps its keys closer together.
  for (const Sample& s : samples)
    tolerance.push_back({0.25f, 0.25f, 0.002f * s.v[2], 0.0015f * s.v[2], 0.0015f * s.v[2],
                         0.0015f * s.v[2]});
  StoryTrack camera = track("camera", TrackProperty::CameraPose);
  for (size_t i : keepSamples(samples, tolerance, kMaxYawSpanDeg)) {
    const auto& v = samples[i].v;
    const StoryPose pose{{v[3], v[4], v[5]}, v[2], wrapDegrees(v[0]), v[1]};
    camera.keys.push_back({samples[i].at, pose, Ease::Linear});
  }
  story.tracks.push_back(std::move(camera));

  for (const auto& [target, changes] : layers_) {
    std::vector<LayerSetting> values;
    std::vector<double> times;
    for (const Change& c : changes) values.push_back(c.layer), times.push_back(c.at);
    const auto fallback = defaults_.find(target);
    layerTracks(target, values, times,
                fallback != defaults_.end() ? fallback->second : LayerSetting{}, story.tracks);
  }
  if (std::any_of(cuts_.begin(), cuts_.end(), [](const Change& c) { return c.cut.has_value(); })) {
    StoryTrack cut = track("render", TrackProperty::Cut);
    for (const Change& c : cuts_) cut.keys.push_back({c.at, c.cut, Ease::Step});
    story.tracks.push_back(std::move(cut));
  }
  return story;
}

Story turntableStory(const CameraPose& from, double seconds, const LayerTargets& layers,
                     const LayerTargets& defaults, const std::optional<CutSpec>& cut,
                     const std::string& level) {
  Story story;
  story.name = "turntable";
  story.title = "Turntable: one turn around the spine";
  story.level = level;
  story.duration = std::clamp(seconds, 4.0, kMaxRecordingSeconds);
  story.chapters = {{0.0, story.title}};
  // Keys every 45 degrees, well inside the yaw span a story eases the shorter way round.
  constexpr int kSteps = 8;
  StoryTrack camera = track("camera", TrackProperty::CameraPose);
  for (int i = 0; i <= kSteps; ++i) {
    StoryPose pose = storyPose(from);
    pose.yawDeg = wrapDegrees(pose.yawDeg + 360.f * float(i) / float(kSteps));
    camera.keys.push_back({story.duration * i / kSteps, pose, Ease::Linear});
  }
  story.tracks.push_back(std::move(camera));
  for (const auto& [target, setting] : layers) {
    const auto fallback = defaults.find(target);
    layerTracks(target, {setting}, {0.0},
                fallback != defaults.end() ? fallback->second : LayerSetting{}, story.tracks);
  }
  if (cut) {
    StoryTrack t = track("render", TrackProperty::Cut);
    t.keys.push_back({0.0, cut, Ease::Step});
    story.tracks.push_back(std::move(t));
  }
  return story;
}

}  // namespace spineview
