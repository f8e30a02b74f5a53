// What the viewer offers to play: every story in a folder with its title or the reason it
// cannot be read, whether the compared pair can be shown, and the split view's merged summary.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "story/story_list.h"
#include "story/summary.h"
#include "test_paths.h"

using namespace spineview;
namespace fs = std::filesystem;

TEST_CASE("the story list names each story by title and keeps why a broken one fails", "[story]") {
  const fs::path source = SPINEVIEW_SOURCE_DIR;
  const fs::path dir = test::outputDir() / "story_listing";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(source / "stories/fibrin.json", dir / "fibrin.json");
  fs::copy_file(source / "tests/data/stories/opacity_out_of_range.json", dir / "broken.json");
  std::ofstream(dir / "notes.txt") << "not a story";

  const auto entries = scanStories(dir.string());
  REQUIRE(entries.size() == 2);  // .json files only, sorted
  CHECK(entries[0].name == "broken");
  CHECK(entries[0].title.empty());
  CHECK(entries[0].error.find("opacity must lie in [0, 1]") != std::string::npos);
  CHECK(entries[0].error.find("broken.json") != std::string::npos);
  CHECK(entries[1].name == "fibrin");
  CHECK(entries[1].title.find("Fibrin") == 0);
  CHECK(entries[1].error.empty());

  CHECK(scanStories((dir / "missing").string()).empty());
}

TEST_CASE("the compared pair is offered only when both stories load", "[story]") {
  const StoryEntry fibrin{"fibrin", "Fibrin", ""}, fusion{"fusion", "Fusion", ""};
  CHECK(canCompare({fibrin, fusion}));
  CHECK(canCompare({fusion, {"other", "Other", ""}, fibrin}));
  CHECK_FALSE(canCompare({fibrin}));
  CHECK_FALSE(canCompare({fibrin, {"fusion", "", "fusion.json: /title: missing"}}));
  CHECK_FALSE(canCompare({}));
  // The shipped folder holds the pair.
  CHECK(canCompare(scanStories(std::string(SPINEVIEW_SOURCE_DIR) + "/stories")));
}

TEST_CASE("the summary merges measures in the left story's order, then the right's", "[story]") {
  Story left, right;
  left.summary = {{"Return to work", "6 weeks", "A 2020"}, {"Re-operation", "3%", "B 2019"}};
  right.summary = {{"Re-operation", "11%", "C 2018"}, {"Fused level", "no motion", "D 2001"}};
  const auto rows = mergeSummaries({left, right});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].measure == "Return to work");
  CHECK(rows[1].measure == "Re-operation");
  CHECK(rows[2].measure == "Fused level");
  for (const SummaryRow& row : rows) REQUIRE(row.items.size() == 2);
  REQUIRE(rows[0].items[0]);
  CHECK(rows[0].items[0]->value == "6 weeks");
  CHECK_FALSE(rows[0].items[1]);  // the right story says nothing of it
  REQUIRE(rows[1].items[0]);
  REQUIRE(rows[1].items[1]);
  CHECK(rows[1].items[0]->value == "3%");
  CHECK(rows[1].items[1]->source == "C 2018");
  CHECK_FALSE(rows[2].items[0]);
  CHECK(rows[2].items[1]->value == "no motion");
  CHECK(mergeSummaries({}).empty());
}
