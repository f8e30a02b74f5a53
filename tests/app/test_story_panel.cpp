// The Story page's list: every story in the folder, with its title or the reason it cannot be
// read (shown when it is picked), and the story bar's clock.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "app/story_panel.h"
#include "test_paths.h"

using namespace spineview::app;
namespace fs = std::filesystem;

TEST_CASE("the story list names each story by title and keeps why a broken one fails",
          "[story]") {
  const fs::path source = SPINEVIEW_SOURCE_DIR;
  const fs::path dir = spineview::test::outputDir() / "story_listing";
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

TEST_CASE("the story bar's clock reads minutes and seconds", "[story]") {
  CHECK(clockText(0.0) == "0:00");
  CHECK(clockText(59.9) == "0:59");
  CHECK(clockText(90.0) == "1:30");
  CHECK(clockText(-3.0) == "0:00");
  CHECK(clockText(3599.0) == "59:59");
}
