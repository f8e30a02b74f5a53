// The shipped stories evaluate, moment by moment, to the states recorded in
// tests/data/story_states/recorded.json (every 2.5 s of both stories: visible parts with their
// opacity, fill, glow and offsets, bone transforms, camera, caption, render mode and cut). They
// were recorded with `spineview --dump-state` before the frame composer replaced the three
// ways a story frame was built, so the composer is held to what those made.
//
// When a story's content changes on purpose, record again and review the diff:
//   SPINEVIEW_UPDATE_STATES=1 unit_tests "stories evaluate to their recorded states"
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "anatomy/anatomy.h"
#include "bundled_model.h"
#include "frame/compose.h"
#include "frame/story_dump.h"
#include "story/story.h"
#include "test_paths.h"

using namespace spineview;
using nlohmann::json;

namespace {

const char* kRecorded = SPINEVIEW_SOURCE_DIR "/tests/data/story_states/recorded.json";

// What --dump-state prints for a story at t: the story over the model's default layers.
json stateAt(const Story& story, double t, const Scene& scene, const Anatomy& anatomy) {
  ViewInputs inputs;
  inputs.layers = anatomy.defaultLayers();
  inputs.story = evaluateStory(story, t);
  const FrameState frame = composeFrame(scene, anatomy, inputs);
  return json::parse(dumpStoryState(story, *inputs.story, frame, scene));
}

}  // namespace

TEST_CASE("stories evaluate to their recorded states", "[story]") {
  const Scene& scene = test::bundledSpine().scene;
  const Anatomy& anatomy = test::bundledSpine().anatomy;
  std::ifstream in(kRecorded);
  REQUIRE(in);
  json recorded = json::parse(in);
  const char* update = std::getenv("SPINEVIEW_UPDATE_STATES");
  const bool updating = update && std::string(update) == "1";
  int compared = 0;
  for (const char* name : {"fibrin", "fusion"}) {
    auto story = loadStoryFor(name, scene, anatomy.parts);
    REQUIRE(story.ok());
    REQUIRE(recorded[name].size() >= 30);
    for (json& expected : recorded[name]) {
      const double t = expected.at("time").get<double>();
      const json actual = stateAt(story.value(), t, scene, anatomy);
      INFO(name << " at " << t
                << " s; first differences: " << json::diff(expected, actual).dump().substr(0, 600));
      if (updating)
        expected = actual;
      else
        CHECK(actual == expected);
      ++compared;
    }
  }
  CHECK(compared >= 60);
  if (updating) {
    std::ofstream out(kRecorded);
    out << "{\n";
    for (auto it = recorded.begin(); it != recorded.end(); ++it) {
      out << json(it.key()).dump() << ": [\n";
      for (size_t i = 0; i < it->size(); ++i)
        out << (*it)[i].dump() << (i + 1 < it->size() ? ",\n" : "\n");
      out << "]" << (std::next(it) != recorded.end() ? ",\n" : "\n");
    }
    out << "}\n";
    WARN("recorded the states again: " << kRecorded);
  }
}
