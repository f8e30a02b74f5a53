// Key frames of the shipped stories and the side-by-side comparison, against baselines
// (looked at when they were made: see the README's testing section).
#include <catch2/catch.hpp>

#include "frame/compose.h"
#include "frame/framing.h"
#include "frame/warm_up.h"
#include "render/gl_fixture.h"
#include "render/image_compare.h"

using namespace spineview;
using namespace spineview::test;

namespace {
constexpr int kWidth = 640, kHeight = 400;

FrameState storyFrame(const std::string& name, double t, int width, int height) {
  auto story = loadStoryFor(std::string(SPINEVIEW_SOURCE_DIR) + "/stories/" + name + ".json",
                            bundledScene(), bundledAnatomy().parts);
  REQUIRE(story.ok());
  const Scene& scene = bundledScene();
  const Anatomy& anatomy = bundledAnatomy();
  ViewInputs inputs;
  inputs.layers = anatomy.defaultLayers();
  inputs.story = evaluateStory(story.value(), t);
  const auto camera = storyCamera(*inputs.story, scene, anatomy, float(width) / float(height));
  REQUIRE(camera);
  inputs.camera = *camera;
  return composeFrame(scene, anatomy, inputs);
}

Image draw(const FrameState& frame, int width, int height) {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
  RenderTarget target(RenderTarget::Kind::Offscreen, width, height, 4);
  REQUIRE(target.complete());
  renderer.render(frame, target);
  CHECK(drainGlErrors().empty());
  return target.readPixels();
}

void checkBaseline(const Image& image, const std::string& name) {
  const std::string problem = matchBaseline(image, name);
  INFO(problem);
  CHECK(problem.empty());
}
}  // namespace

TEST_CASE("story key frames match their baselines") {
  // Fibrin: the tear with the irritated root, the needle under fluoroscopy, the sealant in
  // the fissure (an axial cut). Fusion: hardware in place, the fused spine bending.
  const struct { const char* story; double t; const char* name; } frames[] = {
      {"fibrin", 18.0, "story_fibrin_tear"},       {"fibrin", 30.0, "story_fibrin_needle"},
      {"fibrin", 44.0, "story_fibrin_sealant_cut"},    {"fusion", 66.0, "story_fusion_bridged"},
      {"fusion", 80.0, "story_fusion_flexion"},
  };
  for (const auto& f : frames) {
    INFO(f.name);
    checkBaseline(draw(storyFrame(f.story, f.t, kWidth, kHeight), kWidth, kHeight), f.name);
  }
}

TEST_CASE("the split view shows both stories at one time from one camera") {
  const double t = 80.0;
  const FrameState left = storyFrame("fibrin", t, kWidth / 2, kHeight);
  const FrameState right = storyFrame("fusion", t, kWidth / 2, kHeight);
  CHECK(left.camera.view == right.camera.view);  // one shared camera
  const Image a = draw(left, kWidth / 2, kHeight);
  const Image b = draw(right, kWidth / 2, kHeight);
  Image split;
  split.width = kWidth;
  split.height = kHeight;
  split.rgba.resize(size_t(kWidth) * kHeight * 4);
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) {
      const Image& from = x < kWidth / 2 ? a : b;
      const auto* p = from.pixel(x % (kWidth / 2), y);
      std::copy(p, p + 4, &split.rgba[(size_t(y) * kWidth + x) * 4]);
    }
  checkBaseline(split, "story_compare_flexion");
  // The fused spine bends less at L4-L5: the two halves differ.
  const ImageDifference d = compareImages(a, b, 24);
  CHECK(d.differingShare > 0.01);
}

TEST_CASE("the draw-state warm-up draws each play at every distinct moment, without GL errors") {
  const Scene& scene = bundledScene();
  const Anatomy& anatomy = bundledAnatomy();
  const auto plays =
      playableStories(scene, anatomy, scanStories(std::string(SPINEVIEW_SOURCE_DIR) + "/stories"));
  // The shipped stories alone, then the compared pair side by side.
  REQUIRE(plays.size() >= 3);
  CHECK(plays.back().size() == 2);
  std::size_t moments = 0;
  for (const auto& play : plays) moments += distinctMoments(play).size();

  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(scene, bundledHints()).has_value());
  renderer.buildInteractiveLod(scene);
  DrawStateWarmUp warmUp(scene, anatomy, plays, true);
  CHECK(warmUp.probes() > moments);  // and the chapter stills, the toggles and a tap
  warmUp.step(renderer);
  CHECK_FALSE(warmUp.done());
  warmUp.finish(renderer);
  CHECK(warmUp.done());
  CHECK(drainGlErrors().empty());
}
