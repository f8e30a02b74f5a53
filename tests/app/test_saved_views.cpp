// Saved camera views: the config path, the round trip through the file, and bad input that must
// neither crash nor lose the user's file. Each test points XDG_CONFIG_HOME at its own folder
// under the test output directory and restores it afterwards.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "scoped_env.h"
#include "test_files.h"
#include "app/saved_views.h"
#include "test_paths.h"

using namespace spineview;
using namespace spineview::app;
namespace fs = std::filesystem;

namespace {

using spineview::test::ScopedEnv;

fs::path emptyFolder(const std::string& name) {
  const fs::path dir = spineview::test::outputDir() / "saved_views" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A fresh, empty config folder used as XDG_CONFIG_HOME.
struct ConfigHome {
  explicit ConfigHome(const std::string& name)
      : dir(emptyFolder(name)), env("XDG_CONFIG_HOME", dir.string()) {}
  fs::path folder() const { return dir / "spineview"; }
  fs::path file() const { return folder() / "views.json"; }
  void write(const std::string& text) const {
    fs::create_directories(folder());
    std::ofstream(file(), std::ios::binary) << text;
  }
  fs::path dir;
  ScopedEnv env;
};

using spineview::test::namesIn;

CameraPose pose(float x, float distance, float yaw, float pitch) {
  return {glm::vec3(x, 0.25f, -0.125f), distance, yaw, pitch};
}

// One valid entry, as a JSON text, with `field` replaced by `value` (or left out if empty).
std::string entry(const std::string& name, const std::string& field = "",
                  const std::string& value = "") {
  std::vector<std::pair<std::string, std::string>> fields = {{"name", "\"" + name + "\""},
                                                             {"model", "\"lumbar_spine.glb\""},
                                                             {"target", "[0.1, 0.2, 0.3]"},
                                                             {"distance", "0.5"},
                                                             {"yaw", "1.25"},
                                                             {"pitch", "0.5"}};
  std::string text = "{";
  for (const auto& [key, v] : fields) {
    if (key == field && value.empty()) continue;
    if (text.size() > 1) text += ", ";
    text += "\"" + key + "\": " + (key == field ? value : v);
  }
  return text + "}";
}

std::string fileWith(const std::vector<std::string>& entries) {
  std::string text = "{\"version\": 1, \"views\": [";
  for (std::size_t i = 0; i < entries.size(); ++i) text += (i ? ",\n" : "\n") + entries[i];
  return text + "\n]}\n";
}

}  // namespace

TEST_CASE("saved views: the views file is in XDG_CONFIG_HOME, else in ~/.config", "[saved]") {
  ScopedEnv home("HOME", "/home/clinic");
  {
    ScopedEnv xdg("XDG_CONFIG_HOME", "/cfg");
    CHECK(savedViewsPath() == fs::path("/cfg/spineview/views.json"));
  }
  for (const char* ignored : {"", "relative/cfg"}) {  // the XDG spec ignores both
    ScopedEnv xdg("XDG_CONFIG_HOME", std::string(ignored));
    CHECK(savedViewsPath() == fs::path("/home/clinic/.config/spineview/views.json"));
  }
  ScopedEnv xdg("XDG_CONFIG_HOME", std::nullopt);
  CHECK(savedViewsPath() == fs::path("/home/clinic/.config/spineview/views.json"));
  ScopedEnv noHome("HOME", std::nullopt);
  CHECK(savedViewsPath().empty());
  SavedViews nowhere;
  CHECK_FALSE(nowhere.load());  // nothing to read is not an error...
  const SaveOutcome saved = nowhere.save();
  CHECK_FALSE(saved.written);  // ...but nowhere to write is
  CHECK(saved.message.find("HOME") != std::string::npos);
}

TEST_CASE("saved views: round trip through the config folder, written atomically", "[saved]") {
  ConfigHome config("round_trip");
  SavedViews views;  // the default path, from XDG_CONFIG_HOME
  REQUIRE(views.file() == config.file());
  CHECK_FALSE(views.load());  // no file yet: no views, no message
  CHECK(views.views().empty());

  // Saving creates the folder. Values that are not short decimals must come back exactly.
  const CameraPose first = pose(0.1f, 0.3f, -2.7182817f, 0.33333334f);
  const CameraPose second = pose(-1e-7f, 123.456f, 3.1415927f, -1.5f);
  SaveOutcome done = applyEdit(views, {SavedViewEdit::Kind::Save, "  L4-L5 left  ", "", false},
                               first, "/data/models/lumbar_spine.glb");
  CHECK(done.written);
  CHECK(done.changed);
  CHECK(done.message.empty());
  done = applyEdit(views, {SavedViewEdit::Kind::Save, "From above", "", false}, second, "");
  REQUIRE(done.written);
  // Only the file: the temporary file was renamed onto it, not left beside it.
  CHECK(namesIn(config.folder()) == std::vector<std::string>{"views.json"});

  const auto doc = nlohmann::json::parse(spineview::test::readText(config.file()));
  CHECK(doc.at("version") == kSavedViewsVersion);
  CHECK(doc.at("views").at(0).at("distance") == 0.3);  // tidy decimals, not 0.30000001192...

  SavedViews again;
  CHECK_FALSE(again.load());
  REQUIRE(again.views().size() == 2);
  const SavedView& a = again.views()[0];
  CHECK(a.name == "L4-L5 left");         // trimmed
  CHECK(a.model == "lumbar_spine.glb");  // the file name only: folders differ between machines
  CHECK(a.pose.target == first.target);
  CHECK(a.pose.distance == first.distance);
  CHECK(a.pose.yaw == first.yaw);
  CHECK(a.pose.pitch == first.pitch);
  const SavedView& b = again.views()[1];
  CHECK(b.name == "From above");
  CHECK(b.model.empty());
  CHECK(b.pose.target == second.target);
  CHECK(b.pose.distance == second.distance);
  CHECK(b.pose.yaw == second.yaw);
  CHECK(b.pose.pitch == second.pitch);

  // Rename and delete are written too.
  CHECK(again.rename("From above", " Axial ").written);
  CHECK(again.remove("L4-L5 left").written);
  SavedViews third;
  CHECK_FALSE(third.load());
  REQUIRE(third.views().size() == 1);
  CHECK(third.views()[0].name == "Axial");
  CHECK(namesIn(config.folder()) == std::vector<std::string>{"views.json"});
}

TEST_CASE(
    "saved views: each malformed views file is reported with the file, the place and the reason",
    "[saved]") {
  ConfigHome config("malformed");
  struct Case {
    const char* what;
    std::string text;
    std::vector<std::string> mentions;  // the place and the reason
    std::size_t kept;                   // valid views still listed
  };
  const std::vector<Case> cases = {
      {"bad JSON",
       "{\"version\": 1, \"views\": [\n" + entry("A") + ",\n",
       {"not valid JSON", "line 3"},
       0},
      {"empty file", "", {"not valid JSON"}, 0},
      {"NaN", fileWith({entry("A"), entry("B", "yaw", "NaN")}), {"not valid JSON", "line 3"}, 0},
      {"number too large for a double",
       fileWith({entry("A"), entry("B", "pitch", "1e999")}),
       {"not valid JSON", "line 3", "1e999"},
       0},
      {"number too large for a float",
       fileWith({entry("A"), entry("B", "distance", "1e39")}),
       {"/views/1/distance: must be a finite number"},
       1},
      {"wrong type",
       fileWith({entry("A"), entry("B", "distance", "\"far\"")}),
       {"/views/1/distance: must be a number, got string"},
       1},
      {"name not a string",
       fileWith({entry("A", "name", "7")}),
       {"/views/0/name: must be a string, got number"},
       0},
      {"target too short",
       fileWith({entry("A", "target", "[1, 2]")}),
       {"/views/0/target: must hold 3 numbers"},
       0},
      {"target element not a number",
       fileWith({entry("A", "target", "[1, 2, null]")}),
       {"/views/0/target/2: must be a number, got null"},
       0},
      {"negative distance",
       fileWith({entry("A", "distance", "-2"), entry("B")}),
       {"/views/0/distance: must be greater than 0, got -2"},
       1},
      {"zero distance",
       fileWith({entry("A", "distance", "0")}),
       {"/views/0/distance: must be greater than 0"},
       0},
      {"missing field",
       fileWith({entry("A"), entry("B", "pitch")}),
       {"/views/1/pitch: missing"},
       1},
      {"blank name", fileWith({entry("   ")}), {"/views/0/name: A view needs a name"}, 0},
      {"duplicate names",
       fileWith({entry("A"), entry("B"), entry(" A ")}),
       {"/views/2/name: duplicate name \"A\"", "/views/0"},
       2},
      {"entry not an object",
       fileWith({"42", entry("B")}),
       {"/views/0: must be an object, got number"},
       1},
      {"missing version", "{\"views\": [" + entry("A") + "]}", {"/version: missing"}, 1},
      {"newer version",
       "{\"version\": 2, \"views\": [" + entry("A") + "]}",
       {"/version: 2 is newer"},
       0},
      {"views not a list",
       "{\"version\": 1, \"views\": {}}",
       {"/views: must be an array, got object"},
       0},
      {"top level not an object", "[]", {"(top level): must be an object, got array"}, 0},
      // A hundred thousand levels once overflowed the stack of the ordered copy.
      {"nested 100000 deep",
       "{\"version\": 1, \"views\": " + std::string(100000, '[') + std::string(100000, ']') + "}",
       {"/views/0/0/0/0/0/0/0: nested deeper than 8 levels"},
       0},
      {"a name longer than any view name",
       fileWith({entry(std::string(5000, 'x'))}),
       {"/views/0/name: text of 5000 bytes is longer than the 4096 allowed"},
       0},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    config.write(c.text);
    SavedViews views;
    const auto message = views.load();  // must not throw
    REQUIRE(message);
    INFO(*message);
    CHECK(message->find(config.file().string()) != std::string::npos);
    for (const auto& m : c.mentions) CHECK(message->find(m) != std::string::npos);
    CHECK(views.views().size() == c.kept);
    CHECK(spineview::test::readText(config.file()) == c.text);  // reading never rewrites
  }
}

TEST_CASE(
    "saved views: every problem of a file is listed, and the first of duplicate names is kept",
    "[saved]") {
  ConfigHome config("problems");
  config.write(fileWith({entry("A", "distance", "7"), entry("B", "yaw", "true"),
                         entry("A", "distance", "9"), entry("C", "model")}));
  SavedViews views;
  const auto message = views.load();
  REQUIRE(message);
  CHECK(message->find("3 problems") != std::string::npos);
  CHECK(message->find("/views/1/yaw: must be a number, got boolean") != std::string::npos);
  CHECK(message->find("/views/2/name: duplicate") != std::string::npos);
  CHECK(message->find("/views/3/model: missing") != std::string::npos);
  REQUIRE(views.views().size() == 1);
  CHECK(views.views()[0].pose.distance == 7.f);
}

TEST_CASE("saved views: a directory where the views file should be is reported, not thrown",
          "[saved]") {
  ConfigHome config("directory");
  fs::create_directories(config.file() / "inside");
  SavedViews views;
  const auto message = views.load();
  REQUIRE(message);
  CHECK(message->find(config.file().string()) != std::string::npos);
  CHECK(message->find("not a regular file") != std::string::npos);
}

TEST_CASE("saved views: the first save after a broken file keeps that file aside, unchanged",
          "[saved]") {
  ConfigHome config("broken_kept");
  const std::string broken = fileWith({entry("Kept"), entry("Bad", "distance", "-1")});
  config.write(broken);
  SavedViews views;
  REQUIRE(views.load());
  REQUIRE(views.views().size() == 1);

  const SaveOutcome done = views.add({"New", pose(0.f, 1.f, 0.f, 0.f), ""}, false);
  CHECK(done.written);
  const fs::path aside = config.file().string() + ".broken";
  CHECK(done.message.find(aside.string()) != std::string::npos);  // the user is told where
  CHECK(spineview::test::readText(aside) == broken);
  CHECK(namesIn(config.folder()) == std::vector<std::string>{"views.json", "views.json.broken"});
  SavedViews reread;
  CHECK_FALSE(reread.load());  // the new file is clean and holds the valid and the new view
  REQUIRE(reread.views().size() == 2);
  CHECK(reread.views()[0].name == "Kept");
  CHECK(reread.views()[1].name == "New");

  // A later save has nothing more to move aside.
  const SaveOutcome next = views.add({"Newer", pose(0.f, 1.f, 0.f, 0.f), ""}, false);
  CHECK(next.written);
  CHECK(next.message.empty());
  CHECK(namesIn(config.folder()).size() == 2);

  // A second broken file does not overwrite the first one kept aside.
  const std::string brokenAgain = "{ not json";
  config.write(brokenAgain);
  SavedViews third;
  REQUIRE(third.load());
  CHECK(third.save().written);
  CHECK(spineview::test::readText(aside) == broken);
  const auto names = namesIn(config.folder());
  REQUIRE(names.size() == 3);
  CHECK(names[2].rfind("views.json.broken-", 0) == 0);  // timestamped
  CHECK(spineview::test::readText(config.folder() / names[2]) == brokenAgain);
  CHECK(spineview::test::readText(config.file()).find("\"views\": []") != std::string::npos);
}

TEST_CASE("saved views: a symlinked views file is written where it points and stays a link",
          "[saved]") {
  ConfigHome config("symlink");
  const fs::path dotfiles = config.dir / "dotfiles";
  fs::create_directories(dotfiles);
  fs::create_directories(config.folder());
  std::ofstream(dotfiles / "views.json") << fileWith({entry("A")});
  fs::create_symlink(dotfiles / "views.json", config.file());
  SavedViews views;
  REQUIRE_FALSE(views.load());
  REQUIRE(views.add({"B", pose(0.f, 1.f, 0.f, 0.f), ""}, false).written);
  CHECK(fs::is_symlink(config.file()));
  SavedViews reread;
  REQUIRE_FALSE(reread.load());
  CHECK(reread.views().size() == 2);
  CHECK(namesIn(dotfiles) == std::vector<std::string>{"views.json"});  // no temporary file left
}

TEST_CASE("saved views: a failed write leaves no temporary file and reports the file", "[saved]") {
  ConfigHome config("failed_rename");
  // A folder in the file's place makes the final rename fail after the temporary file is written.
  fs::create_directories(config.file() / "inside");
  SavedViews views;  // not loaded, so nothing is moved aside first
  const SaveOutcome done = views.add({"A", pose(0.f, 1.f, 0.f, 0.f), ""}, false);
  CHECK(done.changed);        // kept for this run...
  CHECK_FALSE(done.written);  // ...but not on disk, and the user is told which file
  CHECK(done.message.find("Could not save the views to " + config.file().string()) == 0);
  CHECK(views.views().size() == 1);
  CHECK(namesIn(config.folder()) == std::vector<std::string>{"views.json"});
}

TEST_CASE("saved views: a config folder that cannot be created gives an error, not an exception",
          "[saved]") {
  ConfigHome config("not_a_folder");
  // XDG_CONFIG_HOME is a file: creating spineview/ inside it fails even for root.
  const fs::path file = config.dir / "plain_file";
  std::ofstream(file) << "x";
  ScopedEnv xdg("XDG_CONFIG_HOME", file.string());
  SavedViews views;
  CHECK_FALSE(views.load());
  const SaveOutcome done = views.add({"A", pose(0.f, 1.f, 0.f, 0.f), ""}, false);
  CHECK_FALSE(done.written);
  CHECK(done.message.find((file / "spineview").string()) != std::string::npos);
  CHECK(done.message.find("kept until SpineView closes") != std::string::npos);
  CHECK(views.views().size() == 1);  // still usable in this run
}

TEST_CASE("saved views: a read-only config folder gives an error and leaves the old file",
          "[saved]") {
  if (geteuid() == 0) {
    std::cout << "SKIPPED read-only config folder: root may write anywhere\n";
    return;
  }
  ConfigHome config("read_only");
  const std::string old = fileWith({entry("A")});
  config.write(old);
  SavedViews views;
  REQUIRE_FALSE(views.load());
  chmod(config.folder().c_str(), 0555);
  const SaveOutcome done = views.add({"B", pose(0.f, 1.f, 0.f, 0.f), ""}, false);
  chmod(config.folder().c_str(), 0755);
  CHECK_FALSE(done.written);
  CHECK(done.message.find(config.folder().string()) != std::string::npos);
  CHECK(spineview::test::readText(config.file()) == old);
}

TEST_CASE("saved views: view names are trimmed, non-empty, bounded and unique", "[saved]") {
  CHECK(cleanViewName("  Oblique L5 \t").value() == "Oblique L5");
  CHECK_FALSE(cleanViewName(""));
  CHECK_FALSE(cleanViewName(" \t\n"));
  CHECK(cleanViewName(std::string(kMaxViewNameLength, 'x')));
  const auto tooLong = cleanViewName(std::string(kMaxViewNameLength + 1, 'x'));
  REQUIRE_FALSE(tooLong);
  CHECK(tooLong.error().find(std::to_string(kMaxViewNameLength)) != std::string::npos);
  CHECK_FALSE(cleanViewName("two\nlines"));

  ConfigHome config("names");
  SavedViews views;
  CHECK(views.defaultName() == "View 1");
  REQUIRE(views.add({"A", pose(0.f, 1.f, 0.f, 0.f), "a.glb"}, false).written);
  REQUIRE(views.add({"View 3", pose(0.f, 2.f, 0.f, 0.f), "a.glb"}, false).written);
  CHECK(views.defaultName() == "View 4");  // "View 3" is taken
  CHECK(views.add({"  ", pose(0.f, 1.f, 0.f, 0.f), ""}, false).message == "A view needs a name.");

  // A duplicate is refused unless replacing: nothing changes, nothing is written.
  const std::string before = spineview::test::readText(config.file());
  SaveOutcome refused = views.add({" A ", pose(0.f, 5.f, 0.f, 0.f), "b.glb"}, false);
  CHECK_FALSE(refused.changed);
  CHECK_FALSE(refused.written);
  CHECK(refused.message.find("already exists") != std::string::npos);
  CHECK(spineview::test::readText(config.file()) == before);
  CHECK(views.find("A")->pose.distance == 1.f);

  // Replacing keeps the view's place in the list and takes the new pose and model.
  REQUIRE(views.add({"A", pose(0.f, 5.f, 0.f, 0.f), "b.glb"}, true).written);
  REQUIRE(views.views().size() == 2);
  CHECK(views.views()[0].name == "A");
  CHECK(views.views()[0].pose.distance == 5.f);
  CHECK(views.views()[0].model == "b.glb");

  CHECK_FALSE(views.rename("A", "View 3").changed);  // taken
  CHECK_FALSE(views.rename("A", " ").changed);
  CHECK_FALSE(views.rename("Missing", "B").changed);
  CHECK_FALSE(views.remove("Missing").changed);
  CHECK(views.views()[0].name == "A");
  CHECK(views.views().size() == 2);
}

TEST_CASE("saved views: a model whose file name is not UTF-8 saves, reloads and still matches",
          "[saved]") {
  ConfigHome config("non_utf8_model");
  SavedViews views;
  const std::string model = "/data/scan-\xff\xfe.glb";  // legal bytes in a Linux file name
  const SaveOutcome done = applyEdit(views, {SavedViewEdit::Kind::Save, "Odd file", "", false},
                                     pose(0.f, 1.f, 0.f, 0.f), model);  // once threw
  REQUIRE(done.written);
  SavedViews reread;
  CHECK_FALSE(reread.load());
  REQUIRE(reread.views().size() == 1);
  CHECK(reread.views()[0].model == viewModelName(model));  // the panel's "this model" test
  CHECK(viewModelName(model) == "scan-\xef\xbf\xbd\xef\xbf\xbd.glb");
  CHECK_FALSE(cleanViewName("bad \xff name").ok());
}
