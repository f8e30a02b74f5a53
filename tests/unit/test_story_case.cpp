// Stories follow the model's case: placeholders filled from the scene, tracks for parts the case
// lacks left out (story/story_case.h).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "scene/scene.h"
#include "story/story_case.h"

using namespace spineview;

namespace {

Scene caseScene(const std::string& level, const std::string& touches) {
  Scene s;
  Node root;
  root.name = "lumbar_spine";
  root.extras = R"({"options": {"level": ")" + level + R"("}})";
  s.nodes.push_back(root);
  s.roots = {0};
  if (!touches.empty()) {
    Node leak;
    leak.name = "disc." + level + ".tear.extruded";
    leak.parent = 0;
    leak.extras = R"({"touches": ")" + touches + R"("})";
    s.nodes.push_back(leak);
  }
  return s;
}

const char* kStory = R"({
  "level": "{level}",
  "captions": [{"at": 0, "text": "{upper} and {lower}: the {root_name} root"}],
  "tracks": [
    {"target": "{root}", "property": "glow"},
    {"target": "{leak}", "property": "visible"},
    {"target": "hardware.screw.{upper}.left", "property": "visible"},
    {"target": "{annulus_below}", "property": "heat"},
    {"target": "{unknown}", "property": "heat"}
  ]
})";

}  // namespace

TEST_CASE("a story's placeholders are filled from the model's case", "[story][case]") {
  const CaseWords words = caseWordsOf(caseScene("L4-L5", "nerve.root.L4.left"));
  CHECK(words.at("{level}") == "L4-L5");
  CHECK(words.at("{root_name}") == "left L4");
  auto filled = fillCaseWords(kStory, "s.json", words);
  REQUIRE(filled);
  const auto j = nlohmann::json::parse(filled.value());
  CHECK(j["level"] == "L4-L5");
  CHECK(j["captions"][0]["text"] == "L4 and L5: the left L4 root");
  REQUIRE(j["tracks"].size() == 5);
  CHECK(j["tracks"][0]["target"] == "nerve.root.L4.left");
  CHECK(j["tracks"][1]["target"] == "disc.L4-L5.tear.extruded");
  CHECK(j["tracks"][2]["target"] == "hardware.screw.L4.left");
  CHECK(j["tracks"][3]["target"] == "disc.L5-S1.annulus");
  CHECK(j["tracks"][4]["target"] == "{unknown}");  // left for the reader to name
}

TEST_CASE("tracks for parts a case lacks are left out", "[story][case]") {
  // L5-S1 with a central leak: no root, no disc below.
  auto filled = fillCaseWords(kStory, "s.json", caseWordsOf(caseScene("L5-S1", "nerve.dura")));
  REQUIRE(filled);
  const auto j = nlohmann::json::parse(filled.value());
  REQUIRE(j["tracks"].size() == 3);
  CHECK(j["tracks"][0]["target"] == "disc.L5-S1.tear.extruded");
  CHECK(j["tracks"][1]["target"] == "hardware.screw.L5.left");
  // No leak at all, and a model spinegen did not make (no words: nothing is filled or dropped).
  auto none = fillCaseWords(kStory, "s.json", caseWordsOf(caseScene("L3-L4", "")));
  REQUIRE(none);
  CHECK(nlohmann::json::parse(none.value())["tracks"].size() == 3);
  CHECK(caseWordsOf(Scene{}).empty());
  auto broken = fillCaseWords("{\"tracks\": [", "s.json", {});
  REQUIRE_FALSE(broken);
  CHECK_THAT(broken.error(), Catch::StartsWith("s.json:"));
}
