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

TEST_CASE("framing a part never clips the rest of the scene") {
  Bounds part;  // a small structure off to one side, like the tear
  part.grow(glm::vec3(0.03f, 0.f, -0.02f));
  part.grow(glm::vec3(0.035f, 0.005f, -0.015f));
  for (const auto& view : namedViews()) {
    OrbitCamera cam;
    cam.setClipBounds(unitBox());
    cam.setView(view, false);
    cam.frame(part, 1.6f, false);
    const CameraMatrices m = cam.matrices(1.6f);
    const Bounds whole = unitBox();
    for (int i = 0; i < 8; ++i) {
      glm::vec3 corner((i & 1) ? whole.max.x : whole.min.x, (i & 2) ? whole.max.y : whole.min.y,
                       (i & 4) ? whole.max.z : whole.min.z);
      // In front of the eye, every corner must lie between the near and far planes.
      const float depth = -(m.view * glm::vec4(corner, 1.f)).z;
      INFO("view " << view.name << " corner " << i << " depth " << depth);
      if (depth > 0.f) {
        CHECK(depth >= m.nearPlane * 0.999f);
        CHECK(depth <= m.farPlane * 1.001f);
      }
    }
  }
}

TEST_CASE("framing fits the box snugly, not its bounding sphere") {
  OrbitCamera cam;
  cam.setView(*findNamedView("anterior"), false);
  cam.frame(unitBox(), 1.6f, false);  // a tall box: its height decides the distance
  const CameraMatrices m = cam.matrices(1.6f);
  const glm::vec3 top = project(m, glm::vec3(0.f, 0.1f, 0.04f));
  CHECK(top.y > 0.85f);  // the top edge lands near the top of the view
  CHECK(top.y <= 1.f);
}

TEST_CASE("dragging up moves the scene up; zoom out stops at a limit") {
  OrbitCamera cam;
  cam.setView(*findNamedView("anterior"), false);
  cam.frame(unitBox(), 1.f, false);
  const glm::vec3 t0 = cam.goal().target;
  cam.pan(0.f, -100.f, 800.f);  // pointer moved up (window y grows downward)
  CHECK(cam.goal().target.y < t0.y);  // target goes down, so the scene appears to rise
  for (int i = 0; i < 500; ++i) cam.zoom(-1.f);
  CHECK(cam.goal().distance <= unitBox().radius() * 20.f + 1e-5f);
}

TEST_CASE("a zero aspect ratio still gives a sane distance") {
  OrbitCamera cam;
  cam.frame(unitBox(), 0.f, false);
  CHECK(std::isfinite(cam.goal().distance));
  CHECK(cam.goal().distance < unitBox().radius() * 100.f);
}
