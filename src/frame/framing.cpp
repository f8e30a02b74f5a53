#include "frame/framing.h"

#include <cmath>
#include <glm/gtc/constants.hpp>

namespace spineview {
namespace {

// The spine's bones frame every story view, so instruments held outside it do not push it
// off centre.
CameraPose framedPose(const NamedView& view, const Scene& scene, const Anatomy& anatomy,
                      float aspect) {
  Bounds spine;
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    if (scene.nodes[i].mesh >= 0 && anatomy.parts[i].layer == LayerKind::Vertebra)
      spine.grow(scene.nodeWorldBounds(int(i)));
  OrbitCamera camera;
  camera.setView(view, false);
  camera.setClipBounds(scene.worldBounds());
  camera.frame(spine.valid() ? spine : scene.worldBounds(), aspect, false);
  return camera.goal();
}

}  // namespace

Bounds visibleBounds(const Scene& scene, const Anatomy& anatomy, const LayerState& layers) {
  Bounds bounds;
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const LayerSetting& layer = layers.of(anatomy.parts[i].layerKey);
    if (scene.nodes[i].mesh >= 0 && layer.visible && layer.opacity > 0.f)
      bounds.grow(scene.nodeWorldBounds(static_cast<int>(i)));
  }
  return bounds.valid() ? bounds : scene.worldBounds();
}

Bounds focusBounds(const Scene& scene, int node) {
  Bounds bounds = scene.nodeWorldBounds(node);
  if (!bounds.valid()) return bounds;
  const float minimumSize = 0.02f * scene.worldBounds().radius() / 0.1f;
  const glm::vec3 half = glm::max(bounds.size() * 0.5f, glm::vec3(minimumSize * 0.5f));
  const glm::vec3 centre = bounds.center();
  bounds.min = centre - half;
  bounds.max = centre + half;
  return bounds;
}

std::optional<CameraPose> storyCameraPose(const StoryState& state, const Scene& scene,
                                          const Anatomy& anatomy, float aspect) {
  if (state.pose) {
    CameraPose pose;
    pose.target = state.pose->target;
    pose.distance = state.pose->distance * state.zoom;
    pose.yaw = glm::radians(state.pose->yawDeg);
    pose.pitch = glm::radians(state.pose->pitchDeg);
    return pose;
  }
  if (state.view.empty()) return std::nullopt;
  const auto to = findNamedView(state.view);
  const auto from = findNamedView(state.fromView);
  if (!to || !from) return std::nullopt;
  const CameraPose a = framedPose(*from, scene, anatomy, aspect);
  const CameraPose b = framedPose(*to, scene, anatomy, aspect);
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

std::optional<CameraMatrices> storyCamera(const StoryState& state, const Scene& scene,
                                          const Anatomy& anatomy, float aspect) {
  const auto pose = storyCameraPose(state, scene, anatomy, aspect);
  if (!pose) return std::nullopt;
  OrbitCamera camera;
  camera.setClipBounds(scene.worldBounds());
  camera.setPose(*pose, false);
  return camera.matrices(aspect);
}

void placeStoryCamera(OrbitCamera& camera, const StoryState& state, CameraPose pose, float covered,
                      float heightPx) {
  if (state.pose) covered = 0.f;  // a pose key is shown as it was framed (or recorded)
  pose.distance /= 1.f - covered;
  // The story eases its own moves, so the camera takes each pose as it comes.
  camera.setPose(pose, false);
  camera.pan(0.f, -0.5f * covered * heightPx, heightPx);
  camera.setPose(camera.goal(), false);
}

CameraMatrices framedCamera(const NamedView& view, const Bounds& bounds, const Scene& scene,
                            float aspect) {
  OrbitCamera camera;
  camera.setView(view, false);
  camera.setClipBounds(scene.worldBounds());
  camera.frame(bounds, aspect, false);
  return camera.matrices(aspect);
}

}  // namespace spineview
