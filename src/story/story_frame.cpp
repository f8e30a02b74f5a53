#include "story/story_frame.h"

#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <nlohmann/json.hpp>

#include "camera/orbit_camera.h"
#include "scene/cut.h"
#include "scene/layers.h"

namespace spineview {

namespace {

bool isAncestor(const Scene& scene, int ancestor, int node) {
  for (int n = node; n >= 0; n = scene.nodes[size_t(n)].parent)
    if (n == ancestor) return true;
  return false;
}

// Nodes a track target names: a node and everything under it, or every node of a layer.
std::vector<int> nodesOf(const Scene& scene, const std::string& target) {
  std::vector<int> out;
  if (target.rfind("layer:", 0) == 0) {
    for (size_t i = 0; i < scene.nodes.size(); ++i)
      if (scene.nodes[i].info.layer == target.substr(6)) out.push_back(int(i));
    return out;
  }
  const int root = scene.findNode(target);
  if (root < 0) return out;
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    if (isAncestor(scene, root, int(i))) out.push_back(int(i));
  return out;
}

// Layers a fluoroscopy image shows: bone and metal.
bool showsOnFluoroscopy(const NodeInfo& info) {
  return info.layer == "vertebra" || info.layer == "hardware" || info.layer == "needle";
}

// The spine's bones frame every story view, so instruments held outside it do not push it
// off centre.
CameraPose framedPose(const NamedView& view, const Scene& scene, float aspect) {
  Bounds spine;
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    if (scene.nodes[i].mesh >= 0 && scene.nodes[i].info.layer == "vertebra")
      spine.grow(scene.nodeWorldBounds(int(i)));
  OrbitCamera camera;
  camera.setView(view, false);
  camera.setClipBounds(scene.worldBounds());
  camera.frame(spine.valid() ? spine : scene.worldBounds(), aspect, false);
  return camera.goal();
}

}  // namespace

SegmentAngles storyAngles(const StoryState& state) {
  return segmentAngles(state.flexion, state.lateral, state.rotation, state.locked);
}

void applyStoryState(const StoryState& state, const StoryFrameInputs& in, FrameState& frame) {
  const Scene& scene = in.scene;
  frame.nodeStyles.assign(scene.nodes.size(), NodeStyle{});
  // The model's own starting visibility, per node: the story shows what it needs.
  const LayerState defaults = LayerState::defaultsFor(scene, in.layers);
  for (const LayerInfo& layer : in.layers)
    if (!defaults.of(layer.key).visible) frame.layers.settings[layer.key].visible = true;
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    frame.nodeStyles[i].visible = !scene.nodes[i].info.initiallyHidden;
  // Tracks in file order: a node track after a layer track wins for that node.
  for (const auto& [target, s] : state.nodes) {
    for (int n : nodesOf(scene, target)) {
      NodeStyle& style = frame.nodeStyles[size_t(n)];
      if (s.visible) style.visible = *s.visible;
      if (s.opacity) style.opacity = *s.opacity;
      if (s.morph) style.morph = *s.morph;
      if (s.glow) style.glow = *s.glow;
      if (s.heat) style.heat = *s.heat;
      const NeedlePath& path = scene.nodes[size_t(n)].info.path;
      if (s.advance && path.valid)
        style.offset = glm::translate(glm::mat4(1.f),
                                      path.direction * ((1.f - *s.advance) * kNeedleTravel));
    }
  }
  frame.bones = in.rig.valid() ? poseSpine(in.rig, storyAngles(state)) : restPose();

  frame.settings.fluoroscopy = state.renderMode == "fluoroscopy";
  if (state.renderMode == "xray") applyLayerPreset("xray", frame.layers, in.layers);
  if (frame.settings.fluoroscopy) {
    for (size_t i = 0; i < scene.nodes.size(); ++i)
      if (!showsOnFluoroscopy(scene.nodes[i].info)) frame.nodeStyles[i].visible = false;
    // A fluoroscopy monitor: a light field with a darker rim.
    frame.settings.backgroundTop = glm::vec3(0.62f, 0.62f, 0.60f);
    frame.settings.backgroundBottom = glm::vec3(0.50f, 0.50f, 0.48f);
  }
  frame.cut = CutPlane{};
  if (state.cut != "off")
    if (auto spec = parseCutSpec(state.cut)) frame.cut = makeCut(scene, spec.value());
}

std::optional<CameraPose> storyCameraPose(const StoryState& state, const Scene& scene,
                                          float aspect) {
  if (state.view.empty()) return std::nullopt;
  const auto to = findNamedView(state.view);
  const auto from = findNamedView(state.fromView);
  if (!to || !from) return std::nullopt;
  const CameraPose a = framedPose(*from, scene, aspect);
  const CameraPose b = framedPose(*to, scene, aspect);
  const float u = state.viewProgress;
  CameraPose pose = b;
  // The shorter way round between the two yaws.
  float dyaw = std::remainder(b.yaw - a.yaw, 2.f * glm::pi<float>());
  pose.yaw = a.yaw + dyaw * u;
  pose.pitch = a.pitch + (b.pitch - a.pitch) * u;
  pose.distance = (a.distance + (b.distance - a.distance) * u) * state.zoom;
  pose.target = a.target + (b.target - a.target) * u;
  return pose;
}

bool storyCamera(const StoryState& state, const Scene& scene, float aspect, CameraMatrices& out) {
  const auto pose = storyCameraPose(state, scene, aspect);
  if (!pose) return false;
  OrbitCamera camera;
  camera.setClipBounds(scene.worldBounds());
  camera.setPose(*pose, false);
  out = camera.matrices(aspect);
  return true;
}

std::string dumpStoryState(const Story& story, const StoryState& state, const FrameState& frame,
                           const Scene& scene) {
  using nlohmann::json;
  auto vec = [](const glm::vec3& v) { return json::array({v.x, v.y, v.z}); };
  json parts = json::array();
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0) continue;
    const NodeStyle style = i < frame.nodeStyles.size() ? frame.nodeStyles[i] : NodeStyle{};
    const LayerSetting& layer = frame.layers.of(layerKeyOf(node.info));
    if (!style.visible || !layer.visible || style.opacity * layer.opacity <= 0.f) continue;
    json part = {{"name", node.name}, {"opacity", style.opacity * layer.opacity}};
    if (style.morph >= 0.f) part["morph"] = style.morph;
    if (style.glow > 0.f) part["glow"] = style.glow;
    if (style.heat > 0.f) part["heat"] = style.heat;
    if (style.offset != glm::mat4(1.f)) part["offset"] = vec(glm::vec3(style.offset[3]));
    parts.push_back(part);
  }
  json angles = json::object();
  for (const auto& [level, a] : storyAngles(state))
    angles[level] = {{"flexion", a.x}, {"lateralBending", a.y}, {"axialRotation", a.z}};
  json bones = json::object();
  const char* names[] = {"fixed", "S1", "L5", "L4", "L3"};
  for (int b = 1; b < kBoneCount; ++b) {
    json m = json::array();
    for (int c = 0; c < 4; ++c)
      for (int r = 0; r < 4; ++r) m.push_back(frame.bones[size_t(b)][c][r]);
    bones[names[b]] = m;  // column-major 4x4, as glTF writes matrices
  }
  json locked = json::object();
  for (const auto& [level, amount] : state.locked) locked[level] = amount;
  return json{{"story", story.name},
              {"time", state.time},
              {"duration", story.duration},
              {"chapter", {{"index", state.chapter}, {"title", state.chapterTitle}}},
              {"caption", state.caption},
              {"timeScale", state.timeScale},
              {"renderMode", state.renderMode},
              {"cut", state.cut},
              {"camera", {{"view", state.view}, {"from", state.fromView},
                          {"progress", state.viewProgress}, {"zoom", state.zoom}}},
              {"posture", {{"flexion", state.flexion}, {"lateral", state.lateral},
                           {"rotation", state.rotation}}},
              {"locked", locked},
              {"segmentAngles", angles},
              {"rangeSource", kRangeSource},
              {"boneTransforms", bones},
              {"visibleParts", parts}}
      .dump(2);
}

}  // namespace spineview
