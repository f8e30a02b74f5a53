// Fuzz target: a story file through the case's placeholders and the parser, then, when it parses, through what playback
// does with it: the target check against the bundled model and evaluation across its length.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "anatomy/anatomy.h"
#include "fuzz_check.h"
#include "scene/gltf/import.h"
#include "story/story.h"
#include "story/story_case.h"

namespace {

struct BundledModel {
  spineview::Scene scene;
  spineview::Anatomy anatomy;
};

const BundledModel& bundledModel() {
  static const BundledModel model = [] {
    auto scene = spineview::importGltf(SPINEVIEW_MODEL_DIR "/lumbar_spine.glb");
    FUZZ_CHECK(bool(scene), "the bundled model imports");
    BundledModel m{std::move(scene.value()), {}};
    m.anatomy = spineview::Anatomy::of(m.scene);
    return m;
  }();
  return model;
}

bool finite(float v) { return std::isfinite(v); }

void checkState(const spineview::Story& story, const spineview::StoryState& s) {
  FUZZ_CHECK(story.chapters.empty() || (s.chapter >= 0 && std::size_t(s.chapter) < story.chapters.size()),
             "the chapter is one of the story's");
  FUZZ_CHECK(finite(s.flexion) && finite(s.lateral) && finite(s.rotation) && finite(s.zoom),
             "finite motion and zoom");
  FUZZ_CHECK(s.viewProgress >= 0.f && s.viewProgress <= 1.f, "camera progress within 0..1");
  for (const auto& [target, node] : s.nodes) {
    if (node.opacity) FUZZ_CHECK(*node.opacity >= 0.f && *node.opacity <= 1.f, "opacity within 0..1");
    for (const auto& v : {node.morph, node.glow, node.heat, node.advance})
      if (v) FUZZ_CHECK(finite(*v), "finite track values");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)bundledModel();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // As playing a story reads it: the model's case words filled in first (story_case.h).
  static const spineview::CaseWords words = spineview::caseWordsOf(bundledModel().scene);
  auto filled = spineview::fillCaseWords(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json", words);
  if (!filled) {
    FUZZ_CHECK(filled.error().rfind("fuzz.json", 0) == 0, "a refusal names the file");
    return 0;
  }
  const std::string& text = filled.value();
  auto story = spineview::parseStory(text, "fuzz.json");
  if (!story) {
    FUZZ_CHECK(story.error().rfind("fuzz.json", 0) == 0, "a refusal names the file");
    return 0;
  }
  const auto& s = story.value();
  FUZZ_CHECK(std::isfinite(s.duration) && s.duration > 0.0, "a positive, finite duration");
  const auto& model = bundledModel();
  (void)spineview::checkStoryTargets(s, model.scene, model.anatomy.parts);
  for (double t : {-1.0, 0.0, s.duration * 0.37, s.duration * 0.5, s.duration, s.duration + 1.0}) {
    checkState(s, spineview::evaluateStory(s, t));
    if (s.chapters.empty()) continue;
    for (double jump : {spineview::previousChapterStart(s, t), spineview::nextChapterStart(s, t)})
      FUZZ_CHECK(jump >= 0.0 && jump <= s.duration, "chapter steps stay within the story");
  }
  return 0;
}
