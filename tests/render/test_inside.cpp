// Seeing inside: order-independent transparency, the x-ray preset, capped cutaways and exact
// picking, on the bundled model and on a synthetic nested scene.
#include <glad/gl.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "frame/snapshot.h"
#include "render/gl_fixture.h"
#include "render/image_compare.h"

using namespace spineview;
using namespace spineview::test;

namespace {
constexpr int kWidth = 640, kHeight = 400;

SnapshotRequest request(const std::string& view, const std::string& preset = {},
                        const std::string& cut = {}, std::vector<std::string> hide = {}) {
  SnapshotRequest r;
  r.width = kWidth;
  r.height = kHeight;
  r.view = view;
  if (!preset.empty()) r.preset = parseLayerPreset(preset).value();
  r.hide = std::move(hide);
  if (!cut.empty()) r.cut = parseCutSpec(cut).value();
  return r;
}

FrameState frameOf(const Scene& scene, const SnapshotRequest& r) {
  auto frame = snapshotFrame(scene, Anatomy::of(scene), r);
  REQUIRE(frame.ok());
  return frame.value();
}

Image draw(Renderer& renderer, const FrameState& frame) {
  RenderTarget target(RenderTarget::Kind::Offscreen, kWidth, kHeight, 4);
  REQUIRE(target.complete());
  renderer.render(frame, target);
  Image image = target.readPixels();
  REQUIRE(image.width == kWidth);
  CHECK(drainGlErrors().empty());
  return image;
}

Image drawBundled(const SnapshotRequest& r) {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  return draw(renderer, frameOf(bundledScene(), r));
}

glm::ivec2 pixelOf(const FrameState& frame, const glm::vec3& world) {
  const glm::vec4 clip = frame.camera.projection * frame.camera.view * glm::vec4(world, 1.f);
  const glm::vec2 ndc = glm::vec2(clip) / clip.w;
  return {int((ndc.x * 0.5f + 0.5f) * kWidth), int((0.5f - ndc.y * 0.5f) * kHeight)};
}

glm::vec3 centreOf(const std::string& node) {
  const int index = bundledScene().findNode(node);
  REQUIRE(index >= 0);
  return bundledScene().nodeWorldBounds(index).center();
}

// The node picked at the pixel where `node`'s bounds centre lands, by name ("none" if empty).
std::string pickAtCentreOf(const SnapshotRequest& r, const std::string& node) {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  const FrameState frame = frameOf(bundledScene(), r);
  const NodeIdImage ids = renderer.renderNodeIds(frame, kWidth, kHeight);
  REQUIRE(ids.width == kWidth);
  const glm::ivec2 p = pixelOf(frame, centreOf(node));
  const int picked = ids.nodeAt(p.x, p.y);
  return picked >= 0 ? bundledScene().nodes[size_t(picked)].name : "none";
}

size_t pixelsOf(const NodeIdImage& ids, const std::string& node) {
  const std::uint32_t id = static_cast<std::uint32_t>(bundledScene().findNode(node) + 1);
  size_t count = 0;
  for (std::uint32_t v : ids.ids) count += v == id;
  return count;
}

// A UV sphere centred on the origin.
Primitive sphere(float radius, int material) {
  Primitive p;
  const int rings = 24, segments = 48;
  for (int r = 0; r <= rings; ++r)
    for (int s = 0; s <= segments; ++s) {
      const float theta = float(M_PI) * r / rings, phi = 2.f * float(M_PI) * s / segments;
      const glm::vec3 n(std::sin(theta) * std::cos(phi), std::cos(theta),
                        std::sin(theta) * std::sin(phi));
      p.positions.push_back(n * radius);
      p.normals.push_back(n);
    }
  for (int r = 0; r < rings; ++r)
    for (int s = 0; s < segments; ++s) {
      const std::uint32_t a = r * (segments + 1) + s, b = a + segments + 1;
      for (std::uint32_t i : {a, a + 1, b, a + 1, b + 1, b}) p.indices.push_back(i);
    }
  p.material = material;
  for (const auto& v : p.positions) p.bounds.grow(v);
  return p;
}

// Three nested spheres: bone (faded by x-ray), annulus (faded), nucleus (solid).
Scene nestedScene() {
  Scene scene;
  const std::pair<const char*, glm::vec4> materials[] = {
      {"red", {0.9f, 0.15f, 0.1f, 1.f}}, {"green", {0.1f, 0.8f, 0.2f, 1.f}},
      {"blue", {0.1f, 0.2f, 0.9f, 1.f}}};
  for (const auto& [name, colour] : materials) {
    Material m;
    m.name = name;
    m.baseColor = colour;
    m.metallic = 0.f;
    m.roughness = 0.6f;
    scene.materials.push_back(m);
  }
  const std::pair<const char*, float> shells[] = {{"vertebra", 0.05f}, {"annulus", 0.035f},
                                                  {"nucleus", 0.02f}};
  for (int i = 0; i < 3; ++i) {
    Mesh mesh;
    mesh.primitives.push_back(sphere(shells[i].second, i));
    scene.meshes.push_back(mesh);
    Node node;
    node.name = shells[i].first;
    node.mesh = i;
    node.extras = nlohmann::json{{"layer", shells[i].first}, {"level", i == 0 ? "L4" : ""}}.dump();
    scene.nodes.push_back(node);
    scene.roots.push_back(i);
  }
  scene.updateWorldTransforms();
  return scene;
}
}  // namespace

TEST_CASE("nested translucent layers look the same from opposite sides") {
  // Sorting whole parts cannot order shells that share a centre: from one side or the other
  // the inner shell would be blended over the outer one. The nested spheres look the same
  // from the front and from the back (the lights turn with the camera), so the two images
  // must match when the layering does not depend on the viewing side.
  Renderer& renderer = sharedRenderer();
  const Scene scene = nestedScene();
  REQUIRE_FALSE(renderer.setScene(scene, Anatomy::of(scene).drawHints(scene)).has_value());
  const Image front = draw(renderer, frameOf(scene, request("anterior", "xray")));
  const Image back = draw(renderer, frameOf(scene, request("posterior", "xray")));
  CHECK_FALSE(
      writePng(front, std::string(SPINEVIEW_TEST_OUTPUT_DIR) + "/nested_front.png").has_value());
  CHECK_FALSE(
      writePng(back, std::string(SPINEVIEW_TEST_OUTPUT_DIR) + "/nested_back.png").has_value());
  const ImageDifference d = compareImages(front, back, 24);
  INFO("mean " << d.meanAbsolute << ", share of pixels off by over 24: " << d.differingShare);
  CHECK(d.meanAbsolute < 0.5);
  CHECK(d.differingShare < 0.002);
  // All three layers contribute: the centre (through both shells to the solid blue core) is
  // far bluer than the ring that only the outer, red shell covers.
  const auto* centre = front.pixel(kWidth / 2, kHeight / 2);
  const auto* ring = front.pixel(kWidth / 2 + int(kHeight * 0.3f), kHeight / 2);
  INFO("centre " << int(centre[0]) << "," << int(centre[1]) << "," << int(centre[2]) << " ring "
                 << int(ring[0]) << "," << int(ring[1]) << "," << int(ring[2]));
  CHECK(int(centre[2]) - int(centre[0]) > int(ring[2]) - int(ring[0]) + 40);
  CHECK(int(ring[0]) > int(ring[1]) + 40);  // the outer shell is red
}

TEST_CASE("x-ray preset matches the baselines from two angles and shows the nucleus") {
  for (const char* view : {"oblique", "anterior"}) {
    const Image image = drawBundled(request(view, "xray"));
    const std::string problem = matchBaseline(image, std::string("model_xray_") + view);
    INFO(problem);
    CHECK(problem.empty());
  }
  // Through 50% annulus and 30% bone the solid nucleus is what a tap finds.
  CHECK(pickAtCentreOf(request("anterior", "xray"), "disc.L4-L5.nucleus") == "disc.L4-L5.nucleus");
  CHECK(pickAtCentreOf(request("anterior", {}, {}, {"vertebra"}), "disc.L4-L5.nucleus") ==
        "disc.L4-L5.annulus");
}

TEST_CASE("an axial cut through the treated disc shows the tear, capped") {
  Renderer& renderer = sharedRenderer();
  const Image image = drawBundled(request("axial", {}, "axial"));
  const std::string problem = matchBaseline(image, "model_cut_axial");
  INFO(problem);
  CHECK(problem.empty());
  CHECK(renderer.lastStats().caps > 10);
  const FrameState frame = frameOf(bundledScene(), request("axial", {}, "axial"));
  const NodeIdImage ids = renderer.renderNodeIds(frame, kWidth, kHeight);
  // The cut faces of nucleus, annulus and tear material are in view, and the L4 body above the
  // cut is gone.
  CHECK(pixelsOf(ids, "disc.L4-L5.nucleus") > 3000);
  CHECK(pixelsOf(ids, "disc.L4-L5.annulus") > 2000);
  CHECK(pixelsOf(ids, "disc.L4-L5.tear") > 30);
  CHECK(pixelsOf(ids, "L4.body") == 0);
}

TEST_CASE("a sagittal cut matches the baseline") {
  const Image image = drawBundled(request("left", {}, "sagittal"));
  const std::string problem = matchBaseline(image, "model_cut_sagittal");
  INFO(problem);
  CHECK(problem.empty());
}

TEST_CASE("picking returns the node under a pixel in several views") {
  CHECK(pickAtCentreOf(request("anterior"), "L4.body") == "L4.body");
  CHECK(pickAtCentreOf(request("anterior", {}, {}, {"vertebra"}), "disc.L4-L5.annulus") ==
        "disc.L4-L5.annulus");
  CHECK(pickAtCentreOf(request("left"), "L3.body") == "L3.body");
  CHECK(pickAtCentreOf(request("right"), "L5.body") == "L5.body");
  CHECK(pickAtCentreOf(request("posterior"), "nerve.dura") != "none");
}

TEST_CASE("picking ignores hidden layers and cut-away parts and finds caps") {
  // With the vertebrae hidden, the L4 body's place shows what lies behind it.
  const std::string behind = pickAtCentreOf(request("anterior", {}, {}, {"vertebra"}), "L4.body");
  CHECK(behind != "L4.body");
  CHECK(behind.rfind("L4.", 0) != 0);
  // A sagittal cut through the midline: the body's centre is on its own cut face.
  CHECK(pickAtCentreOf(request("left", {}, "sagittal"), "L4.body") == "L4.body");
  // An axial cut through L4-L5: the nucleus is seen on its cut face from above.
  CHECK(pickAtCentreOf(request("axial", {}, "axial"), "disc.L4-L5.nucleus") ==
        "disc.L4-L5.nucleus");
  // Outside the image there is nothing.
  Renderer& renderer = sharedRenderer();
  const NodeIdImage ids =
      renderer.renderNodeIds(frameOf(bundledScene(), request("anterior")), kWidth, kHeight);
  CHECK(ids.nodeAt(-1, 0) == -1);
  CHECK(ids.nodeAt(kWidth, 0) == -1);
  CHECK(ids.nodeAt(0, 0) == -1);  // the corner is background
}

TEST_CASE("motion frames keep transparency and caps close to the full-resolution frame") {
  // Motion frames on a software rasteriser accumulate translucent layers at half size and
  // scissor each cap to its section: the picture must stay the same one, only softer.
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  FrameState frame = frameOf(bundledScene(), request("axial", "xray", "axial"));
  auto drawSingleSampled = [&](const FrameState& f) {
    RenderTarget target(RenderTarget::Kind::Offscreen, kWidth, kHeight, 0);
    REQUIRE(target.complete());
    renderer.render(f, target);
    CHECK(renderer.lastStats().caps > 0);
    return target.readPixels();
  };
  const Image full = drawSingleSampled(frame);
  frame.settings.halfResolutionTransparency = true;
  const Image half = drawSingleSampled(frame);
  CHECK(drainGlErrors().empty());
  CHECK_FALSE(
      writePng(half, std::string(SPINEVIEW_TEST_OUTPUT_DIR) + "/motion_half_transparency.png").has_value());
  const ImageDifference d = compareImages(full, half, 32);
  INFO("mean " << d.meanAbsolute << ", share of pixels off by over 32: " << d.differingShare);
  CHECK(d.meanAbsolute < 2.0);
  CHECK(d.differingShare < 0.02);
}

namespace {

// Pixels the outline colour (pure magenta, opaque) covers, as a mask over a w x h window of
// `image` starting at column x0.
std::vector<bool> outlineMask(const Image& image, int x0, int w, int h) {
  std::vector<bool> mask(size_t(w) * h, false);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const std::uint8_t* p = image.pixel(x0 + x, y);
      mask[size_t(y) * w + x] = p[0] > 200 && p[1] < 60 && p[2] > 200;
    }
  return mask;
}

}  // namespace

TEST_CASE("the outline rings the picked part, also in a picture right of the framebuffer's edge") {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  const FrameState frame = frameOf(bundledScene(), request("axial", {}, "axial"));
  const int nucleus = bundledScene().findNode("disc.L4-L5.nucleus");
  REQUIRE(nucleus >= 0);
  const glm::vec4 magenta(1.f, 0.f, 1.f, 1.f);
  const NodeIdImage ids = renderer.renderNodeIds(frame, kWidth, kHeight);
  int partPixels = 0;
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) partPixels += ids.nodeAt(x, y) == nucleus;
  REQUIRE(partPixels > 1000);  // the cut face of the nucleus, seen from above

  // Alone: the picture fills the target.
  // Both rings go over the same plain grey, so the blended edge pixels compare exactly.
  auto clearGrey = [] {
    glClearColor(0.5f, 0.5f, 0.5f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
  };
  RenderTarget alone(RenderTarget::Kind::Offscreen, kWidth, kHeight, 0);
  renderer.render(frame, alone);
  alone.bindFinished();
  clearGrey();
  renderer.drawOutline(nucleus, magenta, 3.f);
  const std::vector<bool> ring = outlineMask(alone.readPixels(), 0, kWidth, kHeight);
  int ringPixels = 0, onThePart = 0, nearThePart = 0;
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) {
      if (!ring[size_t(y) * kWidth + x]) continue;
      ++ringPixels;
      onThePart += ids.nodeAt(x, y) == nucleus;
      bool near = false;
      for (int dy = -4; dy <= 4 && !near; ++dy)
        for (int dx = -4; dx <= 4 && !near; ++dx) near = ids.nodeAt(x + dx, y + dy) == nucleus;
      nearThePart += near;
    }
  CHECK(ringPixels > 200);
  CHECK(onThePart == 0);                // outside the part's silhouette
  CHECK(nearThePart == ringPixels);     // and within the outline's width of it

  // The split view's right pane: the same picture drawn right of the left edge.
  RenderTarget wide(RenderTarget::Kind::Offscreen, 2 * kWidth, kHeight, 0);
  wide.bindFinished();
  clearGrey();
  glViewport(kWidth, 0, kWidth, kHeight);
  renderer.drawOutline(nucleus, magenta, 3.f);
  const Image both = wide.readPixels();
  const std::vector<bool> right = outlineMask(both, kWidth, kWidth, kHeight);
  const std::vector<bool> left = outlineMask(both, 0, kWidth, kHeight);
  int differing = 0;
  for (size_t i = 0; i < ring.size(); ++i) differing += right[i] != ring[i];
  CHECK(differing == 0);  // the same ring, moved with the picture
  CHECK(std::count(left.begin(), left.end(), true) == 0);
  CHECK(drainGlErrors().empty());
}
