// Case files: the round trip through the text and the disk, every kind of broken input with its
// place and reason, and the list of recent cases (the sentence: test_case_summary.cpp). Files go
// to a fresh folder under the system's temporary directory, removed afterwards.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "scoped_env.h"
#include "test_files.h"
#include "case/case_file.h"

using namespace spineview;
using spinegen::Leak;
using spinegen::TearType;
namespace fs = std::filesystem;

namespace {

// A folder of its own for one test, removed (with everything in it) at the end.
struct TempFolder {
  explicit TempFolder(const std::string& name)
      : path(fs::temp_directory_path() /
             ("spineview-case-test-" + std::to_string(getpid()) + "-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempFolder() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
  fs::path path;
};

using spineview::test::ScopedEnv;

void writeText(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

using spineview::test::namesIn;
using spineview::test::readText;

// A case file's text: format and version, then `rest` (members, comma-separated).
std::string caseText(const std::string& rest) {
  return R"({"format": "spineview-case", "version": 1)" + (rest.empty() ? "" : ", " + rest) + "}";
}

std::string errorOf(const std::string& text) {
  const auto c = parseCase(text, "case.json");
  REQUIRE_FALSE(c.ok());
  return c.error();
}

Case makeCase(const std::string& level, Leak leak, int side) {
  Case c;
  c.label = "case " + level + " " + spinegen::leakName(leak);
  c.anatomy.level = level;
  c.anatomy.leak = leak;
  c.anatomy.leakSide = side;
  return c;
}

}  // namespace

TEST_CASE("case: every level, zone and side reads back equal and writes the same text", "[case]") {
  int n = 0;
  for (const std::string& level : spinegen::kLevelNames)
    for (const std::string& zone : spinegen::kLeakNames)
      for (int side : {0, 1}) {
        Case c = makeCase(level, *spinegen::parseLeak(zone), side);
        c.anatomy.tear = TearType(n % 3);
        c.anatomy.grade = n % 6;
        c.anatomy.clockHours = float(n % 49) * 0.25f;  // 0, 0.25, ... 12
        c.anatomy.hiz = n % 2 == 0;
        c.anatomy.leakSizeMm = 2.f + float(n % 11) * 0.5f;  // 2 ... 7
        ++n;
        INFO(c.label << ", side " << side);
        const std::string text = caseToJson(c);
        const auto back = parseCase(text, "case.json");
        REQUIRE(back.ok());
        CHECK(back.value() == c);
        CHECK(caseToJson(back.value()) == text);
        CHECK(caseToJson(c) == text);  // deterministic
        CHECK(text.back() == '\n');
      }
  CHECK(n == 30);
}

TEST_CASE("case: the file is pretty, complete and keeps two decimals without noise", "[case]") {
  Case c;
  c.label = "case A";
  CHECK(caseToJson(c) == R"({
  "format": "spineview-case",
  "version": 1,
  "label": "case A",
  "level": "L4-L5",
  "tear": {
    "type": "radial",
    "grade": 5,
    "clock": 7.5,
    "hiz": true
  },
  "leak": {
    "zone": "foraminal",
    "side": "left",
    "sizeMm": 4
  }
}
)");
  // A value set in code off the hundredths grid is written rounded, then reads back stable.
  c.anatomy.clockHours = 7.123456f;
  c.anatomy.leakSizeMm = 3.1f;  // 3.0999999 as a float
  c.label = "Fall Ä – ü";       // UTF-8 is kept as it is
  const std::string text = caseToJson(c);
  CHECK(text.find("\"clock\": 7.12,") != std::string::npos);
  CHECK(text.find("\"sizeMm\": 3.1\n") != std::string::npos);
  const auto back = parseCase(text, "case.json");
  REQUIRE(back.ok());
  CHECK(back.value().anatomy.clockHours == 7.12f);
  CHECK(back.value().anatomy.leakSizeMm == 3.1f);
  CHECK(back.value().label == c.label);
  CHECK(caseToJson(back.value()) == text);
  // Reading rounds too: 7.504 is 7.5.
  const auto rounded = parseCase(caseText(R"("tear": {"clock": 7.504})"), "case.json");
  REQUIRE(rounded.ok());
  CHECK(rounded.value().anatomy.clockHours == 7.5f);
}

TEST_CASE("case: equality is the label and the geometry, not the grid", "[case]") {
  const Case a = makeCase("L5-S1", Leak::Paracentral, 1);
  Case b = a;
  b.anatomy.cellScale = 2.f;
  CHECK(a == b);
  b = a;
  b.label = "other";
  CHECK(a != b);
  b = a;
  b.anatomy.leakSide = 0;
  CHECK(a != b);
  b = a;
  b.anatomy.clockHours = 7.51f;
  CHECK(a != b);
}

TEST_CASE("case: a label is short, valid UTF-8 text on one line", "[case]") {
  CHECK(caseLabelProblem("").empty());
  CHECK(caseLabelProblem(std::string(kMaxCaseLabelBytes, 'x')).empty());
  CHECK(caseLabelProblem("Fall Ä – ü").empty());
  CHECK(caseLabelProblem(std::string(kMaxCaseLabelBytes + 1, 'x')).find("at most 60") !=
        std::string::npos);
  CHECK(caseLabelProblem("case \xff").find("UTF-8") != std::string::npos);
  CHECK(caseLabelProblem("case \xc3").find("UTF-8") != std::string::npos);  // cut in two
  for (const char* control : {"a\tb", "a\x7f", "a\xc2\x85"})  // tab, DEL, U+0085 (next line)
    CHECK(caseLabelProblem(control).find("control") != std::string::npos);
}

TEST_CASE("case: an empty case takes the generator's defaults", "[case]") {
  const auto c = parseCase(caseText(""), "case.json");
  REQUIRE(c.ok());
  CHECK(c.value().label.empty());
  CHECK(c.value().anatomy.sameCase(spinegen::Options{}));
  CHECK(c.value().anatomy.cellScale == 1.f);
  CHECK(c.value() == Case{});
  // Empty tear and leak objects keep the defaults too; a partial one changes only its key.
  const auto partial = parseCase(caseText(R"("tear": {}, "leak": {"side": "right"})"), "f");
  REQUIRE(partial.ok());
  Case expected;
  expected.anatomy.leakSide = 1;
  CHECK(partial.value() == expected);
}

TEST_CASE("case: each broken input names the place and the reason", "[case]") {
  struct Broken {
    std::string text, pointer, keyword;
  };
  const std::vector<Broken> broken = {
      {"[]", "(top level)", "must be an object"},
      {R"({"version": 1})", "/format", "missing"},
      {R"({"format": "spineview-story/1", "version": 1})", "/format", "not a SpineView case"},
      {R"({"format": 7, "version": 1})", "/format", "not a SpineView case"},
      {R"({"format": "spineview-case"})", "/version", "missing"},
      {R"({"format": "spineview-case", "version": "1"})", "/version", "whole number"},
      {R"({"format": "spineview-case", "version": 1.5})", "/version", "whole number"},
      {R"({"format": "spineview-case", "version": 0})", "/version", "1 or more"},
      {R"({"format": "spineview-case", "version": 18446744073709551615})", "/version", "newer"},
      {caseText(R"("colour": "red")"), "/colour", "unknown key \"colour\""},
      {caseText(R"("a/b": 1)"), "/a~1b", "unknown key"},
      {caseText(R"("tear": {"grade": 3, "colour": "red"})"), "/tear/colour", "unknown key"},
      {caseText(R"("leak": {"sizemm": 3})"), "/leak/sizemm", "zone, side and sizeMm"},
      {caseText(R"("label": 5)"), "/label", "must be text"},
      {caseText(R"("label": null)"), "/label", "must be text"},
      {caseText("\"label\": \"" + std::string(200, 'x') + "\""), "/label", "at most 60 bytes"},
      {caseText("\"label\": \"case \xff\""), "/label", "UTF-8"},
      {caseText(R"("label": "case\nA")"), "/label", "control characters"},
      {caseText(R"("level": 5)"), "/level", "must be text"},
      {caseText(R"("level": "L2-L3")"), "/level", "(use L3-L4, L4-L5 or L5-S1)"},
      {caseText(R"("tear": [])"), "/tear", "must be an object"},
      {caseText(R"("tear": {"type": "spiral"})"), "/tear/type",
       "unknown tear type \"spiral\" (use radial, circumferential or rim)"},
      {caseText(R"("tear": {"type": 1})"), "/tear/type", "must be text"},
      {caseText(R"("tear": {"grade": 9})"), "/tear/grade", "0-5"},
      {caseText(R"("tear": {"grade": -1})"), "/tear/grade", "0-5"},
      {caseText(R"("tear": {"grade": 18446744073709551615})"), "/tear/grade", "0-5"},
      {caseText(R"("tear": {"grade": 2.5})"), "/tear/grade", "whole number"},
      {caseText(R"("tear": {"grade": "3"})"), "/tear/grade", "whole number"},
      {caseText(R"("tear": {"clock": 13})"), "/tear/clock", "0-12 hours"},
      {caseText(R"("tear": {"clock": -0.5})"), "/tear/clock", "0-12 hours"},
      {caseText(R"("tear": {"clock": 1e300})"), "/tear/clock", "0-12 hours"},
      {caseText(R"("tear": {"clock": 1e999})"), "/tear/clock", "not valid JSON"},
      {caseText(R"("tear": {"clock": "7:30"})"), "/tear/clock", "must be a number"},
      {caseText(R"("tear": {"hiz": "yes"})"), "/tear/hiz", "true or false"},
      {caseText(R"("tear": {"hiz": 1})"), "/tear/hiz", "true or false"},
      {caseText(R"("leak": "foraminal")"), "/leak", "must be an object"},
      {caseText(R"("leak": {"side": "up"})"), "/leak/side",
       "unknown side \"up\" (use left or right)"},
      {caseText(R"("leak": {"sizeMm": 1})"), "/leak/sizeMm", "2-7 mm"},
      {caseText(R"("leak": {"sizeMm": 7.01})"), "/leak/sizeMm", "2-7 mm"},
      {caseText(R"("leak": {"sizeMm": true})"), "/leak/sizeMm", "must be a number"},
  };
  for (const Broken& b : broken) {
    INFO(b.text);
    const std::string message = errorOf(b.text);
    CHECK(message.rfind("case.json: " + b.pointer + ": ", 0) == 0);
    CHECK(message.find(b.keyword) != std::string::npos);
  }
  // The messages people see, whole.
  CHECK(errorOf(caseText(R"("leak": {"zone": "lateral"})")) ==
        "case.json: /leak/zone: unknown zone \"lateral\" (use none, bulge, central, "
        "paracentral or foraminal)");
  CHECK(errorOf(R"({"format": "spineview-case", "version": 2, "colour": 1})") ==
        "case.json: /version: written by a newer SpineView (case format 2); this one reads "
        "version 1");
  // Truncated text: the boundary says where the text stops.
  const std::string whole = caseToJson(Case{});
  for (std::size_t cut : {std::size_t(0), std::size_t(1), whole.size() / 2, whole.size() - 3}) {
    const std::string message = errorOf(whole.substr(0, cut));
    INFO(message);
    CHECK(message.rfind("case.json: ", 0) == 0);
    CHECK(message.find("not valid JSON") != std::string::npos);
  }
}

TEST_CASE("case: loading names the file when it is missing, a folder or huge", "[case]") {
  TempFolder temp("load");
  const fs::path missing = temp.path / "missing.json";
  CHECK(loadCase(missing).error() == missing.string() + ": there is no such file");
  CHECK(loadCase(temp.path).error() == temp.path.string() + ": is a folder, not a case file");

  const fs::path huge = temp.path / "huge.json";
  writeText(huge, caseText("") + std::string((1u << 20) + 1, ' '));
  const auto tooLarge = loadCase(huge);
  REQUIRE_FALSE(tooLarge.ok());
  CHECK(tooLarge.error().rfind(huge.string() + ": too large", 0) == 0);

  const fs::path bad = temp.path / "bad.json";
  writeText(bad, caseText(R"("tear": {"grade": 9})"));
  CHECK(loadCase(bad).error().rfind(bad.string() + ": /tear/grade: ", 0) == 0);

  const fs::path good = temp.path / "good.json";
  writeText(good, caseText(R"("label": "case B", "level": "L5-S1")"));
  const auto loaded = loadCase(good);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().label == "case B");
  CHECK(loaded.value().anatomy.level == "L5-S1");
}

// On its own: ctest marks a test that prints "SKIPPED " as skipped (tests/unit/CMakeLists.txt).
TEST_CASE("case: an unreadable case file is an error naming it", "[case]") {
  if (geteuid() == 0) {
    WARN("SKIPPED unreadable case file: running as root, which reads anything");
    return;
  }
  TempFolder temp("unreadable");
  const fs::path locked = temp.path / "locked.json";
  writeText(locked, caseText(""));
  chmod(locked.c_str(), 0);
  const auto unreadable = loadCase(locked);
  chmod(locked.c_str(), 0644);
  REQUIRE_FALSE(unreadable.ok());
  CHECK(unreadable.error().rfind(locked.string() + ": cannot be read: ", 0) == 0);
}

TEST_CASE("case: saving writes a file that loads equal, creating its folder", "[case]") {
  TempFolder temp("save");
  Case c = makeCase("L3-L4", Leak::Paracentral, 1);
  c.anatomy.tear = TearType::Rim;
  c.anatomy.grade = 2;
  c.anatomy.clockHours = 4.75f;
  c.anatomy.hiz = false;
  c.anatomy.leakSizeMm = 6.25f;
  const fs::path file = temp.path / "new" / "folder" / "case.json";
  REQUIRE_FALSE(saveCase(c, file));
  CHECK(namesIn(file.parent_path()) == std::vector<std::string>{"case.json"});  // no temp left
  const auto loaded = loadCase(file);
  REQUIRE(loaded.ok());
  CHECK(loaded.value() == c);
  CHECK(readText(file) == caseToJson(c));
  // Saving again over it replaces it.
  c.label = "case C";
  REQUIRE_FALSE(saveCase(c, file));
  CHECK(loadCase(file).value().label == "case C");
}

TEST_CASE("case: a save that cannot happen is an error and changes nothing", "[case]") {
  TempFolder temp("save_fails");
  const fs::path folder = temp.path / "existing";
  fs::create_directories(folder);
  writeText(folder / "inside.txt", "keep");
  const Status intoFolder = saveCase(Case{}, folder);
  REQUIRE(intoFolder);
  CHECK(intoFolder->message.find(folder.string()) != std::string::npos);
  CHECK(intoFolder->message.find("folder") != std::string::npos);
  CHECK(namesIn(folder) == std::vector<std::string>{"inside.txt"});
  CHECK(readText(folder / "inside.txt") == "keep");
  CHECK(namesIn(temp.path) == std::vector<std::string>{"existing"});

  // A case that would not read back is refused before anything is written.
  const fs::path file = temp.path / "invalid.json";
  Case badLabel;
  badLabel.label = "two\nlines";
  const Status label = saveCase(badLabel, file);
  REQUIRE(label);
  CHECK(label->message.find("control characters") != std::string::npos);
  Case badText;
  badText.label = "case \xff";  // would be written as U+FFFD and read back as another label
  const Status text = saveCase(badText, file);
  REQUIRE(text);
  CHECK(text->message.find("UTF-8") != std::string::npos);
  Case badGrade;
  badGrade.anatomy.grade = 9;
  const Status grade = saveCase(badGrade, file);
  REQUIRE(grade);
  CHECK(grade->message.find("grade") != std::string::npos);
  CHECK_FALSE(fs::exists(file));
  CHECK(saveCase(Case{}, fs::path()));  // no name at all
}

TEST_CASE("case: recent cases are newest first, without repeats, at most 8", "[case]") {
  TempFolder temp("recent");
  const fs::path list = temp.path / "config" / "spineview" / "recent-cases.json";
  CHECK(recentCases(list).empty());  // no list yet
  const auto caseFile = [&](int i) { return temp.path / ("case" + std::to_string(i) + ".json"); };
  for (int i = 1; i <= 3; ++i) REQUIRE_FALSE(rememberCase(list, caseFile(i)));
  CHECK(recentCases(list) == std::vector<fs::path>{caseFile(3), caseFile(2), caseFile(1)});
  // Opening one again moves it to the front instead of listing it twice, also when it is
  // named another way.
  REQUIRE_FALSE(rememberCase(list, temp.path / "sub" / ".." / "case1.json"));
  CHECK(recentCases(list) == std::vector<fs::path>{caseFile(1), caseFile(3), caseFile(2)});
  CHECK(nlohmann::json::parse(readText(list)).at("cases").size() == 3);
  for (int i = 4; i <= 10; ++i) REQUIRE_FALSE(rememberCase(list, caseFile(i)));
  const std::vector<fs::path> expected = {caseFile(10), caseFile(9), caseFile(8), caseFile(7),
                                          caseFile(6),  caseFile(5), caseFile(4), caseFile(1)};
  CHECK(recentCases(list) == expected);  // 3 and 2 were the oldest
  const auto written = nlohmann::json::parse(readText(list));
  CHECK(written.at("cases").size() == kMaxRecentCases);  // dropped from the file, not just hidden
  CHECK(written.at("cases").at(0) == caseFile(10).string());
  CHECK(namesIn(list.parent_path()) == std::vector<std::string>{"recent-cases.json"});
  // A relative name is kept absolute, so the list means the same from any folder.
  REQUIRE_FALSE(rememberCase(list, "relative.json"));
  CHECK(recentCases(list).front() == fs::current_path() / "relative.json");
  CHECK(recentCases(list).size() == kMaxRecentCases);
  CHECK(rememberCase(list, fs::path()));
  CHECK(rememberCase(fs::path(), caseFile(1)));  // no config folder
}

TEST_CASE("case: a damaged recent list reads as empty and is replaced", "[case]") {
  TempFolder temp("recent_damaged");
  const fs::path list = temp.path / "recent-cases.json";
  const std::string good = R"({"format": "spineview-recent-cases", "version": 1, "cases": )";
  REQUIRE(recentCases(list).empty());
  writeText(list, good + R"(["/a.json", "/b.json"]})");
  REQUIRE(recentCases(list) == std::vector<fs::path>{"/a.json", "/b.json"});  // the control
  for (const std::string& damaged :
       {std::string("{\"format\": \"spineview-recent"), std::string("[]"), std::string("{}"),
        good + R"(["/a.json", 5]})", good + R"("/a.json"})",
        std::string(R"({"format": "spineview-case", "version": 1, "cases": ["/a.json"]})"),
        std::string(R"({"format": "spineview-recent-cases", "version": 2, "cases": ["/a"]})")}) {
    INFO(damaged);
    writeText(list, damaged);
    CHECK(recentCases(list).empty());
  }
  REQUIRE_FALSE(rememberCase(list, "/c.json"));
  CHECK(recentCases(list) == std::vector<fs::path>{"/c.json"});
  fs::remove(list);
  fs::create_directories(list);  // a folder where the list should be
  CHECK(recentCases(list).empty());
}

TEST_CASE("case: the recent list lives in the config folder", "[case]") {
  ScopedEnv home("HOME", "/home/clinic");
  {
    ScopedEnv xdg("XDG_CONFIG_HOME", "/cfg");
    CHECK(recentCasesFile() == fs::path("/cfg/spineview/recent-cases.json"));
  }
  ScopedEnv xdg("XDG_CONFIG_HOME", std::nullopt);
  CHECK(recentCasesFile() == fs::path("/home/clinic/.config/spineview/recent-cases.json"));
  ScopedEnv noHome("HOME", std::nullopt);
  CHECK(recentCasesFile().empty());
}
