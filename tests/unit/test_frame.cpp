// The core's view logic, without GL: the window's cut settings become planes, a drag moves the
// cut along its axis as drawn, framing grows small parts, and the pick cache renders node ids
// only when the frame, the size or the pane changes.
#include <catch2/catch.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "anatomy/anatomy.h"
#include "bundled_model.h"
#include "frame/cut_drag.h"
#include "frame/framing.h"
#include "frame/pick_cache.h"
#include "test_paths.h"

using namespace spineview;

namespace {

using Model = test::BundledModel;
const Model& bundled() {
  return test::bundledSpine();
}

}  // namespace

TEST_CASE("the window's cut settings become the anatomical planes, flipped or free", "[frame]") {
  const CutFrame& f = bundled().anatomy.cutFrame;
  CutSettings off;
  CHECK_FALSE(cutPlane(off, f).enabled);
  for (const auto& [mode, axis] :
       {std::pair{CutMode::Axial, CutAxis::Axial}, std::pair{CutMode::Sagittal, CutAxis::Sagittal},
        std::pair{CutMode::Coronal, CutAxis::Coronal}}) {
    CutSettings s;
    s.mode = mode;
    s.offsetMm = 3.f;
    const CutPlane plane = cutPlane(s, f);
    CHECK(plane == makeCut(f, CutSpec{axis, 3.f}));  // what --cut AXIS:3 makes
    CHECK(CutSettings::of(CutSpec{axis, 3.f}) == s);
    // The plane lies 3 mm along the axis from the treated disc's centre.
    const glm::vec3 onPlane = f.centre + cutAxisDirection(s, f) * 0.003f;
    CHECK(plane.signedDistance(onPlane) == Approx(0.f).margin(1e-6));
    s.flipped = true;
    const CutPlane flipped = cutPlane(s, f);
    CHECK(flipped.normal == -plane.normal);
    CHECK(flipped.offset == -plane.offset);
  }
  // Axial keeps the lower half, as seen from above.
  CutSettings axial;
  axial.mode = CutMode::Axial;
  CHECK(cutPlane(axial, f).keeps(f.centre - f.up * 0.01f));
  CHECK_FALSE(cutPlane(axial, f).keeps(f.centre + f.up * 0.01f));
  // Free: across the view direction chosen, through the frame's centre plus the offset.
  CutSettings free;
  free.mode = CutMode::Free;
  free.freeNormal = glm::normalize(glm::vec3(1.f, 0.f, 1.f));
  free.offsetMm = -5.f;
  const CutPlane plane = cutPlane(free, f);
  CHECK(glm::distance(plane.normal, free.freeNormal) < 1e-6f);
  CHECK(cutAxisDirection(free, f) == free.freeNormal);
  CHECK(plane.signedDistance(f.centre - free.freeNormal * 0.005f) == Approx(0.f).margin(1e-6));
  CHECK(parseCutSpec("coronal:-2.5").value() == CutSpec{CutAxis::Coronal, -2.5f});
  CHECK(cutSpecText(CutSpec{CutAxis::Coronal, -2.5f}) == "coronal:-2.5");
  CHECK(cutSpecText(CutSpec{CutAxis::Axial, 0.f}) == "axial");
}

TEST_CASE("a drag moves the cut along its axis as drawn on screen", "[frame]") {
  const Model& m = bundled();
  OrbitCamera camera;
  camera.setView(*findNamedView("left"), false);
  camera.setClipBounds(m.scene.worldBounds());
  camera.frame(m.scene.worldBounds(), 1.6f, false);
  const CameraMatrices matrices = camera.matrices(1.6f);
  CutSettings axial;
  axial.mode = CutMode::Axial;
  const glm::vec2 view(1280.f, 800.f);
  // Where the axis (the treated disc's up, tilted with the lordosis) points on screen.
  const CutFrame& f = m.anatomy.cutFrame;
  auto screen = [&](const glm::vec3& p) {
    const glm::vec4 c = matrices.projection * matrices.view * glm::vec4(p, 1.f);
    return glm::vec2(c.x / c.w, -c.y / c.w) * 0.5f * view;
  };
  const glm::vec2 along = glm::normalize(screen(f.centre + f.up * 0.01f) - screen(f.centre));
  CHECK(along.y < -0.8f);  // seen from the left, cranial is up the screen
  const glm::vec2 across(-along.y, along.x);
  // Dragging along it moves the plane that way, back the other way, across it not at all.
  const float forward = draggedCutOffset(axial, f, matrices, view, 40.f * along);
  const float back = draggedCutOffset(axial, f, matrices, view, -40.f * along);
  const float side = draggedCutOffset(axial, f, matrices, view, 40.f * across);
  CHECK(forward > 1.f);
  CHECK(back == Approx(-forward).margin(1e-3));
  CHECK(std::abs(side) < 1e-3f);
  // The plane follows the finger: 40 px along the axis is the distance that spans 40 px.
  const float pixelsPerMm = glm::length(screen(f.centre + f.up * 0.001f) - screen(f.centre));
  CHECK(forward == Approx(40.f / pixelsPerMm).epsilon(0.01));
  // Far drags stop at the slider's ends.
  CHECK(draggedCutOffset(axial, f, matrices, view, 1e5f * along) == 40.f);
}

TEST_CASE("framing shows what the layers show and some surroundings of small parts", "[frame]") {
  const Model& m = bundled();
  const LayerState layers = m.anatomy.defaultLayers();
  const Bounds all = visibleBounds(m.scene, m.anatomy, layers);
  LayerState noBone = layers;
  REQUIRE(noBone.hide(m.anatomy.layers, "vertebra"));
  const Bounds fewer = visibleBounds(m.scene, m.anatomy, noBone);
  CHECK(glm::all(glm::lessThanEqual(all.min, fewer.min)));
  CHECK(glm::all(glm::greaterThanEqual(all.max, fewer.max)));
  INFO("all " << all.size().x << " x " << all.size().y << " x " << all.size().z << ", without bone " << fewer.size().x << " x " << fewer.size().y << " x " << fewer.size().z);
  CHECK(fewer.size().z < 0.9f * all.size().z);  // the spinous processes reach furthest back
  // Hiding everything frames the whole scene rather than nothing.
  LayerState none = layers;
  for (const LayerInfo& l : m.anatomy.layers) none.settings[l.key].visible = false;
  CHECK(
      glm::all(glm::equal(visibleBounds(m.scene, m.anatomy, none).min, m.scene.worldBounds().min)));

  const int hiz = m.scene.findNode("disc.L4-L5.hiz");  // a small marker
  REQUIRE(hiz >= 0);
  const Bounds marker = m.scene.nodeWorldBounds(hiz);
  const Bounds focus = focusBounds(m.scene, hiz);
  CHECK(focus.center().x == Approx(marker.center().x));
  CHECK(glm::length(focus.size()) > glm::length(marker.size()));
  const int body = m.scene.findNode("L4.body");  // big enough as it is
  CHECK(glm::all(
      glm::equal(focusBounds(m.scene, body).size(), m.scene.nodeWorldBounds(body).size())));
  CHECK_FALSE(focusBounds(m.scene, m.scene.findNode("L4")).valid());  // a group draws nothing
}

TEST_CASE("the pick cache renders node ids only for a new frame, size or pane", "[frame]") {
  int renders = 0;
  PickCache picks([&](const FrameState& frame, int width, int height) {
    ++renders;
    NodeIdImage ids;
    ids.width = width;
    ids.height = height;
    // Node 4 covers the left half; the frame's first style's opacity says which node the right.
    const std::uint32_t right = frame.nodeStyles.empty() ? 0u : 8u;
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) ids.ids.push_back(x < width / 2 ? 5u : right);
    return ids;
  });
  FrameState a;
  CHECK(picks.nodeAt(0, a, 10, 4, 1, 1) == 4);
  CHECK(picks.nodeAt(0, a, 10, 4, 8, 1) == -1);  // nothing there
  CHECK(renders == 1);                           // hovering costs a lookup
  CHECK(picks.holds(0, a));
  CHECK_FALSE(picks.holds(1, a));
  FrameState b = a;
  b.nodeStyles.push_back(NodeStyle{});
  CHECK_FALSE(picks.holds(0, b));
  CHECK(picks.nodeAt(0, b, 10, 4, 8, 1) == 7);  // a new frame: rendered again
  CHECK(renders == 2);
  CHECK(picks.nodeAt(0, b, 20, 4, 8, 1) == 4);  // a new size
  CHECK(renders == 3);
  CHECK(picks.nodeAt(1, b, 20, 4, 8, 1) == 4);  // the other pane
  CHECK(picks.pane() == 1);
  CHECK(renders == 4);
  picks.update(1, b, 20, 4);  // held already
  CHECK(renders == 4);
  CHECK(picks.nodeAt(1, b, 20, 4, 25, 1) == -1);  // outside the image
  picks.clear();
  CHECK_FALSE(picks.holds(1, b));
  CHECK(picks.nodeAt(1, b, 0, 4, 0, 0) == -1);  // a pane of no size renders nothing
  CHECK(renders == 4);
}
