// Renders the bundled model headlessly and compares with reviewed baselines in tests/baselines.
#include <catch2/catch.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <map>

#include "frame/snapshot.h"
#include "render/gl_fixture.h"
#include "render/image_compare.h"
#include "test_paths.h"

using namespace spineview;
using namespace spineview::test;

namespace {
constexpr int kWidth = 640, kHeight = 400;

// The frame every test here draws: the bundled model from `view` with `hide` applied.
ViewInputs frameFor(const std::string& view, const std::vector<std::string>& hide) {
  SnapshotRequest request;
  request.width = kWidth;
  request.height = kHeight;
  request.view = view;
  request.hide = hide;
  auto frame = snapshotInputs(bundledScene(), bundledAnatomy(), request);
  REQUIRE(frame.ok());
  return frame.value();
}

Image render(const std::string& view, const std::vector<std::string>& hide = {},
             const std::map<std::string, float>& opacity = {}) {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  ViewInputs inputs = frameFor(view, hide);
  for (const auto& [key, value] : opacity) inputs.layers.settings[key].opacity = value;
  const FrameState frame = composeFrame(bundledScene(), bundledAnatomy(), inputs);
  RenderTarget target(RenderTarget::Kind::Offscreen, kWidth, kHeight, 4);
  REQUIRE(target.complete());
  renderer.render(frame, target);
  Image image = target.readPixels();
  REQUIRE(image.width == kWidth);
  REQUIRE(image.height == kHeight);
  CHECK(drainGlErrors().empty());
  return image;
}

// Where a world point lands in a snapshot, in pixels from the top left.
glm::ivec2 pixelOf(const glm::vec3& world, const std::string& view,
                   const std::vector<std::string>& hide) {
  const CameraMatrices camera = frameFor(view, hide).camera;
  glm::vec4 clip = camera.projection * camera.view * glm::vec4(world, 1);
  glm::vec2 ndc = glm::vec2(clip) / clip.w;
  return {int((ndc.x * 0.5f + 0.5f) * kWidth), int((0.5f - ndc.y * 0.5f) * kHeight)};
}
}  // namespace

TEST_CASE("bundled model matches the lateral, posterior and oblique baselines") {
  for (const char* view : {"lateral", "posterior", "oblique"}) {
    const Image image = render(view);
    const std::string problem = matchBaseline(image, std::string("model_") + view);
    INFO(problem);
    CHECK(problem.empty());
  }
}

TEST_CASE("with the annulus hidden the L4-L5 nucleus shows where it lies") {
  const Scene& scene = bundledScene();
  const int nucleus = scene.findNode("disc.L4-L5.nucleus");
  REQUIRE(nucleus >= 0);
  const glm::vec3 centre = scene.nodeWorldBounds(nucleus).center();
  const int material = scene.meshes[scene.nodes[nucleus].mesh].primitives[0].material;
  REQUIRE(material >= 0);
  const glm::vec4 nucleusColour = scene.materials[material].baseColor;
  // The test relies on the nucleus being the bluish tissue of the model.
  REQUIRE(nucleusColour.b > nucleusColour.r);

  const Image hidden = render("lateral", {"annulus"});
  const Image shown = render("lateral");
  CHECK(matchBaseline(hidden, "model_lateral_no_annulus").empty());
  const glm::ivec2 p = pixelOf(centre, "lateral", {"annulus"});
  REQUIRE(p.x >= 2);
  REQUIRE(p.y >= 2);
  REQUIRE(p.x < kWidth - 2);
  REQUIRE(p.y < kHeight - 2);
  // Average a 5x5 patch around the projected centre.
  auto patch = [&](const Image& im) {
    glm::vec3 sum(0);
    for (int dy = -2; dy <= 2; ++dy)
      for (int dx = -2; dx <= 2; ++dx) {
        const auto* px = im.pixel(p.x + dx, p.y + dy);
        sum += glm::vec3(px[0], px[1], px[2]);
      }
    return sum / 25.f;
  };
  const glm::vec3 withoutAnnulus = patch(hidden), withAnnulus = patch(shown);
  INFO("pixel " << p.x << "," << p.y << " without annulus " << withoutAnnulus.r << " "
                << withoutAnnulus.g << " " << withoutAnnulus.b << ", with annulus "
                << withAnnulus.r << " " << withAnnulus.g << " " << withAnnulus.b);
  CHECK(withoutAnnulus.b > withoutAnnulus.r + 8.f);  // the bluish gel is in view
  CHECK(glm::length(withoutAnnulus - withAnnulus) > 20.f);  // and the annulus did cover it
}

TEST_CASE("translucent bone shows the discs and nerves behind it, as in the baseline") {
  // Bone at 35% over opaque discs and nerves: the layering a clinician uses to show the disc.
  const std::map<std::string, float> faded = {{"vertebra.L3", 0.35f},
                                              {"vertebra.L4", 0.35f},
                                              {"vertebra.L5", 0.35f},
                                              {"vertebra.S1", 0.35f}};
  const Image image = render("posterior", {}, faded);
  const std::string problem = matchBaseline(image, "model_posterior_translucent_bone");
  INFO(problem);
  CHECK(problem.empty());
  // The dural sac, behind the laminae, must now tint the middle of the image yellow.
  const Image opaque = render("posterior");
  const auto* a = image.pixel(kWidth / 2, kHeight / 2);
  const auto* b = opaque.pixel(kWidth / 2, kHeight / 2);
  CHECK(std::abs(int(a[0]) - int(b[0])) + std::abs(int(a[2]) - int(b[2])) > 10);
}

TEST_CASE("hidden layers cost nothing") {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  SnapshotRequest all;
  all.width = 64;
  all.height = 40;
  REQUIRE(renderSnapshot(renderer, bundledScene(), bundledAnatomy(), all).ok());
  const RenderStats everything = renderer.lastStats();
  SnapshotRequest fewer = all;
  fewer.hide = {"vertebra", "nerve"};
  REQUIRE(renderSnapshot(renderer, bundledScene(), bundledAnatomy(), fewer).ok());
  const RenderStats someHidden = renderer.lastStats();
  CHECK(someHidden.drawCalls < everything.drawCalls);
  CHECK(someHidden.triangles < everything.triangles / 2);  // bone is most of the model
}

TEST_CASE("a zero-sized target draws nothing and raises no GL error") {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  RenderTarget target(RenderTarget::Kind::Offscreen, 0, 0, 4);
  auto frame = snapshotFrame(bundledScene(), bundledAnatomy(), SnapshotRequest{});
  REQUIRE(frame.ok());
  renderer.render(frame.value(), target);
  CHECK(renderer.lastStats().drawCalls == 0);
  CHECK(target.readPixels().rgba.empty());
  target.resize(32, 20);  // growing back works
  renderer.render(frame.value(), target);
  CHECK(target.readPixels().width == 32);
  CHECK(drainGlErrors().empty());
}

TEST_CASE("a still target that released its draw buffers keeps its picture and draws again") {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  // X-ray, so the transparency sums are allocated and released too.
  ViewInputs inputs = frameFor("posterior", {});
  applyLayerPreset(LayerPreset::Xray, inputs.layers, bundledAnatomy().layers);
  const FrameState frame = composeFrame(bundledScene(), bundledAnatomy(), inputs);
  RenderTarget target(RenderTarget::Kind::Offscreen, kWidth, kHeight, 4);
  renderer.render(frame, target);
  const Image drawn = target.readPixels();
  CHECK(drainGlErrors().empty());
  target.releaseDrawBuffers();
  CHECK_FALSE(target.holdsDrawBuffers());
  CHECK(target.complete());
  CHECK(target.readPixels().rgba == drawn.rgba);  // the finished frame stays
  target.resize(kWidth, kHeight);                 // the same size keeps it too
  CHECK(target.readPixels().rgba == drawn.rgba);
  CHECK(drainGlErrors().empty());
  renderer.render(frame, target);  // allocated again for this frame
  CHECK(target.holdsDrawBuffers());
  CHECK(renderer.lastStats().drawCalls > 0);
  CHECK(target.readPixels().rgba == drawn.rgba);
  CHECK(drainGlErrors().empty());
}
