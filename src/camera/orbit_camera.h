// An orbit camera around a target point, with damping: input moves a goal, and update(dt)
// eases the current pose toward it. The same math serves the window, headless renders and tests.
// Frame convention of the bundled model: +Y up, +Z anterior, +X patient's left.
#pragma once
#include <glm/glm.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scene/scene.h"

namespace spineview {

struct CameraPose {
  glm::vec3 target{0.f};
  float distance = 1.f;
  float yaw = 0.f;    // radians about +Y; 0 looks from +Z (anterior) toward -Z
  float pitch = 0.f;  // radians; positive looks down from above
};

struct CameraMatrices {
  glm::mat4 view{1.f};
  glm::mat4 projection{1.f};
  glm::vec3 eye{0.f};
  float nearPlane = 0.01f, farPlane = 10.f;
};

// Named views a clinician asks for. Yaw/pitch only; distance comes from framing the scene.
struct NamedView {
  std::string name;  // "anterior", "posterior", "left", "right", "lateral", "oblique", "axial"
  float yaw, pitch;
};
const std::vector<NamedView>& namedViews();
std::optional<NamedView> findNamedView(const std::string& name);

class OrbitCamera {
 public:
  float fovY = glm::radians(35.f);
  float damping = 14.f;  // 1/s; larger settles faster

  const CameraPose& pose() const { return current_; }
  const CameraPose& goal() const { return goal_; }
  void setPose(const CameraPose& pose, bool animate);

  // Input, in window pixels. Orbit: dragging one viewport height turns 180 degrees.
  void orbit(float dxPixels, float dyPixels, float viewportHeight);
  void pan(float dxPixels, float dyPixels, float viewportHeight);
  void zoom(float wheelSteps);  // positive moves closer

  // Places the target at the bounds' centre at the distance where the box's eight corners,
  // seen from the goal direction, just fit in view (with a small margin).
  void frame(const Bounds& bounds, float aspect, bool animate);
  // What near/far planes and zoom limits must keep in view: the whole scene, even when only
  // part of it was framed (layers shown later must not be clipped). Until it is set, the
  // last framed bounds are used.
  void setClipBounds(const Bounds& bounds);
  void setView(const NamedView& view, bool animate);

  // Advances damping; returns true while still moving (the caller keeps redrawing).
  bool update(float dtSeconds);
  bool moving() const;

  CameraMatrices matrices(float aspect) const;

 private:
  CameraPose current_, goal_;
  // The clip bounds' sphere: sets near/far planes and zoom limits.
  glm::vec3 sceneCentre_{0.f};
  float sceneRadius_ = 0.1f;
  bool clipBoundsSet_ = false;
};

}  // namespace spineview
