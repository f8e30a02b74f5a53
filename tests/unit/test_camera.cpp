#include <catch2/catch.hpp>
#include <glm/gtc/constants.hpp>

#include "camera/orbit_camera.h"

using namespace spineview;

namespace {
Bounds unitBox() {
  Bounds b;
  b.grow(glm::vec3(-0.05f, -0.1f, -0.04f));
  b.grow(glm::vec3(0.05f, 0.1f, 0.04f));
  return b;
}
glm::vec3 project(const CameraMatrices& m, const glm::vec3& p) {
  glm::vec4 clip = m.projection * m.view * glm::vec4(p, 1.f);
  return glm::vec3(clip) / clip.w;
}
}  // namespace

TEST_CASE("named views put the camera on the documented side of the patient") {
  OrbitCamera cam;
  cam.frame(unitBox(), 1.6f, false);
  auto eyeFor = [&](const char* name) {
    cam.setView(*findNamedView(name), false);
    return cam.matrices(1.6f).eye;
  };
  CHECK(eyeFor("anterior").z > 0.1f);   // +Z is anterior
  CHECK(eyeFor("posterior").z < -0.1f);
  CHECK(eyeFor("left").x > 0.1f);       // +X is the patient's left
  CHECK(eyeFor("right").x < -0.1f);
  const glm::vec3 oblique = eyeFor("oblique");
  CHECK(oblique.z < 0.f);               // from behind ...
  CHECK(oblique.x > 0.f);               // ... and the patient's left
  CHECK(eyeFor("axial").y > 0.2f);      // from above
  CHECK_FALSE(findNamedView("sideways").has_value());
}

TEST_CASE("framing keeps every corner of the bounds inside the view") {
  for (float aspect : {0.5f, 1.f, 1.6f, 2.5f}) {
    for (const auto& view : namedViews()) {
      OrbitCamera cam;
      cam.setView(view, false);
      cam.frame(unitBox(), aspect, false);
      const CameraMatrices m = cam.matrices(aspect);
      const Bounds b = unitBox();
      for (int i = 0; i < 8; ++i) {
        glm::vec3 corner((i & 1) ? b.max.x : b.min.x, (i & 2) ? b.max.y : b.min.y,
                         (i & 4) ? b.max.z : b.min.z);
        glm::vec3 ndc = project(m, corner);
        INFO("view " << view.name << " aspect " << aspect << " corner " << i);
        CHECK(std::abs(ndc.x) <= 1.f);
        CHECK(std::abs(ndc.y) <= 1.f);
        CHECK(ndc.z > -1.f);  // not clipped by the near plane
        CHECK(ndc.z < 1.f);   // nor the far plane
      }
    }
  }
}

TEST_CASE("damping eases toward the goal and settles") {
  OrbitCamera cam;
  cam.frame(unitBox(), 1.f, false);
  const float startYaw = cam.pose().yaw;
  cam.orbit(200.f, 0.f, 800.f);  // a quarter of the height: 45 degrees
  CHECK(cam.moving());
  CHECK(cam.pose().yaw == Approx(startYaw));  // nothing moves until update
  cam.update(1.f / 60.f);
  const float afterOneFrame = cam.pose().yaw;
  CHECK(afterOneFrame < startYaw);
  CHECK(afterOneFrame > startYaw - glm::quarter_pi<float>());
  int frames = 0;
  while (cam.update(1.f / 60.f) && frames < 600) ++frames;
  CHECK(frames < 120);  // settles within two seconds at 60 Hz
  CHECK(cam.pose().yaw == Approx(startYaw - glm::quarter_pi<float>()).margin(1e-4));
}

TEST_CASE("animated view changes take the short way round") {
  OrbitCamera cam;
  cam.frame(unitBox(), 1.f, false);
  cam.setView(*findNamedView("posterior"), false);  // yaw = pi
  cam.setView(*findNamedView("right"), true);       // -pi/2 is the same as 3pi/2
  CHECK(std::abs(cam.goal().yaw - cam.pose().yaw) <= glm::pi<float>() * 0.5f + 1e-4f);
}

TEST_CASE("pitch is clamped so the view never flips over the pole") {
  OrbitCamera cam;
  cam.frame(unitBox(), 1.f, false);
  cam.orbit(0.f, 100000.f, 800.f);
  cam.update(10.f);
  CHECK(cam.pose().pitch < glm::half_pi<float>());
  const CameraMatrices m = cam.matrices(1.f);
  CHECK(std::isfinite(m.view[0][0]));
  CHECK(std::isfinite(m.view[1][1]));
}

TEST_CASE("zoom and pan move the goal sensibly and respect limits") {
  OrbitCamera cam;
  cam.frame(unitBox(), 1.f, false);
  const float d0 = cam.goal().distance;
  cam.zoom(1.f);
  CHECK(cam.goal().distance == Approx(d0 * 0.85f));
  for (int i = 0; i < 200; ++i) cam.zoom(1.f);
  CHECK(cam.goal().distance > 0.f);
  CHECK(cam.goal().distance >= unitBox().radius() * 0.05f - 1e-6f);

  OrbitCamera panned;
  panned.frame(unitBox(), 1.f, false);
  panned.setView(*findNamedView("anterior"), false);
  const glm::vec3 t0 = panned.goal().target;
  panned.pan(100.f, 0.f, 800.f);  // dragging right moves the scene right: target goes left (-X)
  CHECK(panned.goal().target.x < t0.x);
  CHECK(panned.goal().target.y == Approx(t0.y));
}

TEST_CASE("degenerate input does not produce NaNs") {
  OrbitCamera cam;
  cam.orbit(10.f, 10.f, 0.f);  // zero-height viewport (minimised window)
  cam.pan(10.f, 10.f, 0.f);
  cam.frame(Bounds{}, 0.f, false);  // empty bounds are ignored
  const CameraMatrices m = cam.matrices(0.f);
  for (int c = 0; c < 4; ++c)
    for (int r = 0; r < 4; ++r) {
      CHECK(std::isfinite(m.view[c][r]));
      CHECK(std::isfinite(m.projection[c][r]));
    }
}
