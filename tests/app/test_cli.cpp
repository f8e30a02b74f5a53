// Command-line parsing: sizes, defaults, repeated --hide, bad views and conflicting modes.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/cli.h"

using namespace spineview::app;

namespace {

CliOutcome parse(std::vector<std::string> args) {
  args.insert(args.begin(), "spineview");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return parseCommandLine(static_cast<int>(argv.size()), argv.data());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("parseSize accepts WIDTHxHEIGHT within the limits", "[cli]") {
  auto s = parseSize("1280x800");
  REQUIRE(s.ok());
  CHECK(s.value().width == 1280);
  CHECK(s.value().height == 800);
  CHECK(parseSize("1X1").ok());
  CHECK(parseSize("8192x8192").ok());
}

TEST_CASE("parseSize rejects malformed or zero or negative or absurd sizes with a reason", "[cli]") {
  auto zero = parseSize("0x0");
  REQUIRE_FALSE(zero.ok());
  CHECK(contains(zero.error(), "at least 1"));

  auto huge = parseSize("99999x2");
  REQUIRE_FALSE(huge.ok());
  CHECK(contains(huge.error(), "at most 8192"));

  for (const char* bad : {"x", "-5x3", "12x", "x12", "1280", "12 x3", "+5x3", "1.5x2", "",
                          "8193x1", "12x34x5", "99999999999x1"}) {
    INFO(bad);
    auto r = parseSize(bad);
    REQUIRE_FALSE(r.ok());
    CHECK_FALSE(r.error().empty());
  }
}

TEST_CASE("defaults open the bundled model in the window", "[cli]") {
  auto out = parse({});
  REQUIRE(out.options);
  const CliOptions& o = *out.options;
  CHECK(o.file == defaultModelPath());
  CHECK(contains(o.file, "lumbar_spine.glb"));
  CHECK_FALSE(o.render());
  CHECK_FALSE(o.bench);
  CHECK(o.size.width == 1280);
  CHECK(o.size.height == 800);
  CHECK(o.view.empty());
  CHECK(o.hide.empty());
  CHECK(o.shaderDir.empty());
}

TEST_CASE("render options are read", "[cli]") {
  auto out = parse({"model.gltf", "--render", "out.png", "--size", "640x480", "--view",
                    "anterior", "--shaders", "/tmp/shaders"});
  REQUIRE(out.options);
  CHECK(out.options->file == "model.gltf");
  CHECK(out.options->renderOut == "out.png");
  CHECK(out.options->render());
  CHECK(out.options->size.width == 640);
  CHECK(out.options->size.height == 480);
  CHECK(out.options->view == "anterior");
  CHECK(out.options->shaderDir == "/tmp/shaders");
}

TEST_CASE("repeated --show and --hide options take one name each and leave FILE alone", "[cli]") {
  auto shown = parse({"--show", "ligament", "--show", "Hardware", "model.glb"});
  REQUIRE(shown.options);
  CHECK(shown.options->show == std::vector<std::string>{"ligament", "Hardware"});
  CHECK(shown.options->file == "model.glb");
  auto out = parse({"--hide", "nerve", "--hide", "Annulus fibrosus", "model.glb"});
  REQUIRE(out.options);
  CHECK(out.options->hide == std::vector<std::string>{"nerve", "Annulus fibrosus"});
  CHECK(out.options->file == "model.glb");
}

TEST_CASE("a bad --size is an error that names the option", "[cli]") {
  for (const char* bad : {"0x0", "x", "99999x2", "-5x3"}) {
    INFO(bad);
    auto out = parse({"--render", "o.png", "--size", bad});
    CHECK_FALSE(out.options);
    CHECK(out.exitCode != 0);
    CHECK(contains(out.message, "--size"));
  }
}

TEST_CASE("view names are case-insensitive", "[cli]") {
  auto out = parse({"--view", "Lateral"});
  REQUIRE(out.options);
  CHECK(out.options->view == "lateral");
}

TEST_CASE("an unknown view is an error that lists the valid views", "[cli]") {
  auto out = parse({"--render", "o.png", "--view", "sideways"});
  CHECK_FALSE(out.options);
  CHECK(out.exitCode != 0);
  CHECK(contains(out.message, "sideways"));
  CHECK(contains(out.message, "anterior"));
  CHECK(contains(out.message, "lateral"));
}

TEST_CASE("asking for --help gives the usage and exit code 0", "[cli]") {
  auto out = parse({"--help"});
  CHECK_FALSE(out.options);
  CHECK(out.exitCode == 0);
  CHECK(contains(out.message, "--render"));
  CHECK(contains(out.message, "--hide"));
  CHECK(contains(out.message, "--bench"));
}

TEST_CASE("unknown options and conflicting modes are errors", "[cli]") {
  auto unknown = parse({"--frobnicate"});
  CHECK_FALSE(unknown.options);
  CHECK(unknown.exitCode != 0);
  CHECK(contains(unknown.message, "frobnicate"));

  auto both = parse({"--render", "o.png", "--bench"});
  CHECK_FALSE(both.options);
  CHECK(both.exitCode != 0);

  auto noValue = parse({"--render"});
  CHECK_FALSE(noValue.options);
  CHECK(noValue.exitCode != 0);
}

TEST_CASE("inside-view options are read", "[cli]") {
  auto out = parse({"--render", "o.png", "--preset", "xray", "--cut", "sagittal:-4.5", "--labels",
                    "--pick", "10,20", "--pick", "639,399", "--size", "640x400"});
  REQUIRE(out.options);
  const CliOptions& o = *out.options;
  CHECK(o.preset == spineview::LayerPreset::Xray);
  REQUIRE(o.cut);
  CHECK(o.cut->axis == spineview::CutAxis::Sagittal);
  CHECK(o.cut->offsetMm == Approx(-4.5f));
  CHECK(o.labels);
  REQUIRE(o.picks.size() == 2);
  CHECK(o.picks[0].x == 10);
  CHECK(o.picks[1].y == 399);
  // --pick alone is headless too: it renders only what picking needs.
  auto pickOnly = parse({"--pick", "1,1"});
  REQUIRE(pickOnly.options);
  CHECK(pickOnly.options->render());
  CHECK(pickOnly.options->renderOut.empty());
}

TEST_CASE("a story or the comparison without --render opens the window at --at", "[cli]") {
  auto story = parse({"--story", "fibrin", "--at", "12.5"});
  REQUIRE(story.options);
  CHECK_FALSE(story.options->render());
  CHECK(story.options->story == "fibrin");
  CHECK(story.options->at == 12.5);
  auto split = parse({"--compare"});
  REQUIRE(split.options);
  CHECK_FALSE(split.options->render());
  CHECK(split.options->compare);
  CHECK_FALSE(parse({"--compare", "--story", "fibrin"}).options);
}

TEST_CASE("bad inside-view options are errors that name the option and the reason", "[cli]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--preset", "glass"}, "--preset: unknown preset 'glass'"},
      {{"--cut", "oblique"}, "--cut: unknown cut 'oblique'"},
      {{"--cut", "axial:"}, "is not a distance"},
      {{"--cut", "axial:5mm"}, "is not a distance"},
      {{"--cut", "axial:nan"}, "is not a distance"},
      {{"--pick", "12"}, "--pick: expected X,Y"},
      {{"--pick", "-1,5"}, "--pick: expected X,Y"},
      {{"--pick", "1280,5"}, "outside the 1280x800 image"},
      {{"--bench", "--labels"}, "go with --render"},
      {{"--bench", "--compare"}, "do not go with --bench"},
      {{"--story", "fibrin", "--bench"}, "do not go with --bench"},
      {{"--at", "5"}, "--at goes with --story or --compare"},
  };
  for (const auto& [args, message] : cases) {
    auto out = parse(args);
    INFO(args.front() << " " << args.back() << ": " << out.message);
    CHECK_FALSE(out.options);
    CHECK(out.exitCode == 2);
    CHECK(contains(out.message, message));
  }
}

TEST_CASE("export options: a story, a stretch, a rate, a quality and a caption mode", "[cli]") {
  auto ok = parse({"--export", "walk.mp4", "--story", "fibrin", "--from", "10", "--to", "20", "--fps", "25",
                   "--quality", "still", "--captions", "vtt"});
  REQUIRE(ok.options);
  CHECK(ok.options->exportVideo());
  CHECK(ok.options->exportOut == "walk.mp4");
  CHECK(*ok.options->from == 10.0);
  CHECK(*ok.options->to == 20.0);
  CHECK(ok.options->fps == 25);
  CHECK(ok.options->stillQuality);
  CHECK(ok.options->captions == "vtt");
  // Exports default to 720p, motion quality, 30 fps, captions burnt in and beside.
  auto plain = parse({"--export", "walk.webm", "--compare"});
  REQUIRE(plain.options);
  CHECK(plain.options->size.width == 1280);
  CHECK(plain.options->size.height == 720);
  CHECK(plain.options->fps == 30);
  CHECK_FALSE(plain.options->stillQuality);
  CHECK(plain.options->captions == "both");
  CHECK_FALSE(plain.options->from);

  auto noStory = parse({"--export", "walk.mp4"});
  CHECK(noStory.exitCode == 2);
  CHECK(contains(noStory.message, "--story"));
  CHECK(parse({"--export", "walk.mp4", "--story", "fibrin", "--from", "20", "--to", "10"}).exitCode == 2);
  CHECK(parse({"--export", "walk.mp4", "--story", "fibrin", "--fps", "0"}).exitCode == 2);
  CHECK(parse({"--export", "walk.mp4", "--story", "fibrin", "--captions", "loud"}).exitCode == 2);
  CHECK(parse({"--export", "walk.mp4", "--story", "fibrin", "--at", "3"}).exitCode == 2);
  CHECK(parse({"--export", "walk.mp4", "--render", "a.png", "--story", "fibrin"}).exitCode == 2);
  CHECK(parse({"--fps", "30"}).exitCode == 2);  // only with --export
}

TEST_CASE("a language for the stories: --lang takes a code and goes with a story by name or --compare", "[cli]") {
  auto upper = parse({"--story", "fibrin", "--lang", "DE"});
  REQUIRE_FALSE(upper.options);
  CHECK(contains(upper.message, "not a language code"));
  auto alone = parse({"--lang", "de"});
  REQUIRE_FALSE(alone.options);
  CHECK(contains(alone.message, "--lang goes with --story NAME or --compare"));
  auto file = parse({"--story", "x/fibrin.json", "--lang", "de"});
  REQUIRE_FALSE(file.options);
  CHECK(contains(file.message, "one file already"));
  // The shipped folder has no German stories: the message names the file that is missing.
  auto missing = parse({"--compare", "--lang", "de"});
  REQUIRE_FALSE(missing.options);
  CHECK(contains(missing.message, "no translation of fibrin"));
  CHECK(contains(missing.message, "fibrin-de.json"));
}
