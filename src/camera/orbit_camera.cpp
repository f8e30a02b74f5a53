#include "camera/orbit_camera.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

namespace spineview {
namespace {

constexpr float kMaxPitch = glm::radians(89.f);  // keeps +Y a usable up vector

glm::vec3 eyeDirection(float yaw, float pitch) {
  return {std::sin(yaw) * std::cos(pitch), std::sin(pitch), std::cos(yaw) * std::cos(pitch)};
}

// The equivalent of `angle` (mod 2 pi) nearest to `reference`, so animations take the short way.
float nearestEquivalent(float angle, float reference) {
  const float twoPi = glm::two_pi<float>();
  return angle + twoPi * std::round((reference - angle) / twoPi);
}

}  // namespace

const std::vector<NamedView>& namedViews() {
  // Yaw 0 looks at the patient's front from +Z; +X is the patient's left.
  static const std::vector<NamedView> views = {
      {"anterior", 0.f, 0.f},
      {"posterior", glm::pi<float>(), 0.f},
      {"left", glm::half_pi<float>(), 0.f},    // left lateral: camera on the patient's left
      {"right", -glm::half_pi<float>(), 0.f},
      {"lateral", glm::half_pi<float>(), 0.f},  // radiographic lateral is taken from the left
      // Posterolateral oblique from the patient's left, as for a left-sided posterolateral
      // disc approach under fluoroscopy: 40 degrees off the posterior view, slightly from above.
      {"oblique", glm::pi<float>() - glm::radians(40.f), glm::radians(10.f)},
      // Superior axial: looking down the spine's long axis with anterior at the top.
      {"axial", glm::pi<float>(), kMaxPitch},
  };
  return views;
}

std::optional<NamedView> findNamedView(const std::string& name) {
  for (const auto& v : namedViews())
    if (v.name == name) return v;
  return std::nullopt;
}

void OrbitCamera::setPose(const CameraPose& pose, bool animate) {
  goal_ = pose;
  goal_.pitch = std::clamp(goal_.pitch, -kMaxPitch, kMaxPitch);
  goal_.yaw = nearestEquivalent(goal_.yaw, current_.yaw);
  if (!animate) current_ = goal_;
}

void OrbitCamera::orbit(float dxPixels, float dyPixels, float viewportHeight) {
  if (viewportHeight <= 0.f) return;
  const float radiansPerPixel = glm::pi<float>() / viewportHeight;
  goal_.yaw -= dxPixels * radiansPerPixel;
  goal_.pitch = std::clamp(goal_.pitch + dyPixels * radiansPerPixel, -kMaxPitch, kMaxPitch);
}

void OrbitCamera::pan(float dxPixels, float dyPixels, float viewportHeight) {
  if (viewportHeight <= 0.f) return;
  // One pixel moves the target by one pixel's worth of world space at the target's depth.
  const float worldPerPixel = 2.f * goal_.distance * std::tan(fovY * 0.5f) / viewportHeight;
  const glm::vec3 forward = -eyeDirection(goal_.yaw, goal_.pitch);
  const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0, 1, 0)));
  const glm::vec3 up = glm::cross(right, forward);
  goal_.target += (-dxPixels * right + dyPixels * up) * worldPerPixel;
}

void OrbitCamera::zoom(float wheelSteps) {
  goal_.distance = std::clamp(goal_.distance * std::pow(0.85f, wheelSteps), sceneRadius_ * 0.05f,
                              sceneRadius_ * 20.f);
}

void OrbitCamera::frame(const Bounds& bounds, float aspect, bool animate) {
  if (!bounds.valid()) return;
  if (!clipBoundsSet_) {
    sceneRadius_ = std::max(bounds.radius(), 1e-6f);
    sceneCentre_ = bounds.center();
  }
  const float tanHalfY = std::tan(fovY * 0.5f);
  const float tanHalfX = tanHalfY * std::max(aspect, 0.05f);
  const glm::vec3 forward = -eyeDirection(goal_.yaw, goal_.pitch);
  const glm::vec3 right = glm::normalize(glm::cross(forward, glm::vec3(0, 1, 0)));
  const glm::vec3 up = glm::cross(right, forward);
  const glm::vec3 centre = bounds.center();
  // A corner at lateral offset x and depth z (beyond the target) is in view from distance d
  // when |x| <= (d + z) tan(half fov); take the largest d any corner needs.
  float distance = 0.f;
  for (int i = 0; i < 8; ++i) {
    const glm::vec3 corner((i & 1) ? bounds.max.x : bounds.min.x,
                           (i & 2) ? bounds.max.y : bounds.min.y,
                           (i & 4) ? bounds.max.z : bounds.min.z);
    const glm::vec3 p = corner - centre;
    const float depth = glm::dot(p, forward);
    distance = std::max(distance, std::abs(glm::dot(p, right)) / tanHalfX - depth);
    distance = std::max(distance, std::abs(glm::dot(p, up)) / tanHalfY - depth);
  }
  CameraPose pose = goal_;
  pose.target = centre;
  pose.distance = std::max(distance * 1.08f, bounds.radius() * 0.25f);  // margin; never inside
  setPose(pose, animate);
}

void OrbitCamera::setClipBounds(const Bounds& bounds) {
  if (!bounds.valid()) return;
  sceneRadius_ = std::max(bounds.radius(), 1e-6f);
  sceneCentre_ = bounds.center();
  clipBoundsSet_ = true;
}

void OrbitCamera::setView(const NamedView& view, bool animate) {
  CameraPose pose = goal_;
  pose.yaw = view.yaw;
  pose.pitch = view.pitch;
  setPose(pose, animate);
}

bool OrbitCamera::update(float dtSeconds) {
  // Frame-rate independent exponential approach to the goal.
  const float t = 1.f - std::exp(-damping * std::max(dtSeconds, 0.f));
  current_.target += (goal_.target - current_.target) * t;
  current_.distance += (goal_.distance - current_.distance) * t;
  current_.yaw += (goal_.yaw - current_.yaw) * t;
  current_.pitch += (goal_.pitch - current_.pitch) * t;
  if (!moving()) current_ = goal_;
  return moving();
}

bool OrbitCamera::moving() const {
  const float angleEps = 1e-4f;
  const float lengthEps = 1e-4f * std::max(goal_.distance, 1e-6f);
  return glm::length(goal_.target - current_.target) > lengthEps ||
         std::abs(goal_.distance - current_.distance) > lengthEps ||
         std::abs(goal_.yaw - current_.yaw) > angleEps ||
         std::abs(goal_.pitch - current_.pitch) > angleEps;
}

CameraMatrices OrbitCamera::matrices(float aspect) const {
  CameraMatrices m;
  m.eye = current_.target + eyeDirection(current_.yaw, current_.pitch) * current_.distance;
  m.view = glm::lookAt(m.eye, current_.target, glm::vec3(0, 1, 0));
  // Near and far hug the framed scene's sphere so depth precision stays good when zoomed in.
  const float toCentre = glm::length(m.eye - sceneCentre_);
  m.farPlane = toCentre + 1.1f * sceneRadius_;
  m.nearPlane = std::max(toCentre - 1.1f * sceneRadius_, m.farPlane * 1e-3f);
  m.projection = glm::perspective(fovY, std::max(aspect, 1e-3f), m.nearPlane, m.farPlane);
  return m;
}

}  // namespace spineview
