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
  CHECK(words.text.at("{level}") == "L4-L5");
  CHECK(words.text.at("{root_name}") == "left L4");
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

TEST_CASE("captions for the case: the first whose conditions hold at each time", "[story][case]") {
  const char* story = R"({
    "captions": [
      {"at": 0, "text": "always"},
      {"at": 5, "when": ["root", "left"], "text": "root on the left"},
      {"at": 5, "when": ["root"], "text": "a root"},
      {"at": 5, "when": [], "text": "no root"},
      {"at": 9, "when": ["no leak"], "text": "nothing leaked"}
    ],
    "chapters": [{"at": 0, "title": "start"}, {"at": 2, "when": ["radial"], "title": "radial, grade {grade}"}]
  })";
  auto captionsFor = [&](const CaseWords& words) {
    auto filled = fillCaseWords(story, "s.json", words);
    REQUIRE(filled);
    const auto j = nlohmann::json::parse(filled.value());
    std::vector<std::string> texts;
    for (const auto& c : j["captions"]) {
      CHECK_FALSE(c.contains("when"));
      texts.push_back(c["text"]);
    }
    texts.push_back(j["chapters"].back()["title"]);
    return texts;
  };
  Scene scene = caseScene("L4-L5", "nerve.root.L4.left");
  scene.nodes[0].extras = R"({"options": {"level": "L4-L5", "tear": "radial", "grade": 4, "clockHours": 7.5}})";
  CHECK(captionsFor(caseWordsOf(scene)) == std::vector<std::string>{"always", "root on the left", "radial, grade 4"});
  scene.nodes[0].extras = R"({"options": {"level": "L4-L5", "tear": "rim", "grade": 4, "clockHours": 4}})";
  CHECK(captionsFor(caseWordsOf(scene)) == std::vector<std::string>{"always", "a root", "start"});
  CHECK(captionsFor(caseWordsOf(caseScene("L4-L5", ""))) ==
        std::vector<std::string>{"always", "no root", "nothing leaked", "start"});
  CHECK(captionsFor(CaseWords{}) == std::vector<std::string>{"always", "start"});  // no model: none chosen
  auto unknown = fillCaseWords(R"({"captions": [{"at": 0, "when": ["roots"], "text": "x"}]})", "s.json",
                               caseWordsOf(scene));
  REQUIRE_FALSE(unknown);
  CHECK_THAT(unknown.error(), Catch::StartsWith("s.json: /captions/0/when/0: unknown condition"));
}
