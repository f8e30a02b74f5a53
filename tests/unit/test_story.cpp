// Stories: the shipped ones load and are sound, broken ones are refused with the place and
// the reason, evaluation is the same whether a time is reached by playing or by scrubbing,
// and the motion follows the published ranges (fused level still, its neighbours more).
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "anatomy/anatomy.h"
#include "bundled_model.h"
#include "frame/compose.h"
#include "frame/story_dump.h"
#include "story/motion.h"
#include "story/story.h"
#include "story/story_list.h"
#include "story/story_player.h"
#include "test_paths.h"

using namespace spineview;
namespace fs = std::filesystem;

namespace {
const fs::path kSource = SPINEVIEW_SOURCE_DIR;

const Scene& bundled() { return test::bundledSpine().scene; }
const Anatomy& anatomy() { return test::bundledSpine().anatomy; }

// As the app plays it on the bundled model: the case's placeholders filled (story_case.h).
Story shipped(const std::string& name) {
  auto story = loadStoryFor((kSource / "stories" / (name + ".json")).string(), bundled(), anatomy().parts);
  INFO((story.ok() ? std::string() : story.error()));
  REQUIRE(story.ok());
  return story.value();
}

}  // namespace

TEST_CASE("every shipped story loads and names only parts of the bundled model") {
  const auto names = listStories((kSource / "stories").string());
  REQUIRE(names.size() >= 2);
  for (const auto& name : names) {
    INFO(name);
    const Story story = shipped(name);
    CHECK(story.name == name);
    CHECK_FALSE(checkStoryTargets(story, bundled(), anatomy().parts).has_value());
    CHECK(story.chapters.size() >= 7);
    for (const EvidenceItem& item : story.evidence) CHECK_FALSE(item.source.empty());
  }
  // The fibrin card says the treatment is investigational and the phase 3 trial stopped.
  std::string card;
  for (const EvidenceItem& item : shipped("fibrin").evidence) card += item.text + " " + item.source;
  CHECK(card.find("NCT01011816") != std::string::npos);
  CHECK(card.find("26") != std::string::npos);
  CHECK(card.find("nvestigational") != std::string::npos);
}

TEST_CASE("broken stories are refused with the file, the place and the reason") {
  const fs::path dir = kSource / "tests/data/stories";
  std::ifstream in(dir / "expected.json");
  REQUIRE(in);
  const auto expected = nlohmann::json::parse(in);
  REQUIRE(expected.size() >= 10);
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string file = (dir / it.key()).string();
    INFO(file);
    auto story = loadStoryFile(file);
    std::string message = story.ok() ? "" : story.error();
    if (story.ok()) {  // well-formed, but names something the model does not have
      auto targets = checkStoryTargets(story.value(), bundled(), anatomy().parts);
      REQUIRE(targets.has_value());
      message = targets->message;
    }
    INFO(message);
    CHECK(message.rfind(file, 0) == 0);
    const std::string pointer = it.value().value("pointer", "");
    if (!pointer.empty()) CHECK(message.find(pointer + ":") != std::string::npos);
    CHECK(message.find(it.value().at("reason").get<std::string>()) != std::string::npos);
  }
  auto missing = loadStoryFile((dir / "no-such-story.json").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().find("no-such-story.json") != std::string::npos);
}

TEST_CASE("a story's state at t is the same played forward, scrubbed back or jumped to") {
  auto frameOf = [&](const StoryState& state) {
    ViewInputs inputs;
    inputs.layers = anatomy().defaultLayers();
    inputs.story = state;
    return composeFrame(bundled(), anatomy(), inputs);
  };
  for (const std::string name : {"fibrin", "fusion"}) {
    INFO(name);
    const Story story = shipped(name);
    // The viewer's path: play at an uneven frame rate and speed; and a second player that is
    // scrubbed to the end and back to the same moment; and the story evaluated there afresh.
    StoryPlayer played, scrubbed;
    played.open({story});
    scrubbed.open({story});
    played.setSpeed(1.5);
    played.play();
    int checked = 0;
    for (int frame = 0; played.advance(0.013 + 0.011 * (frame % 3)); ++frame) {
      if (frame % 37 != 0) continue;
      scrubbed.seek(story.duration);
      (void)frameOf(scrubbed.state(0));  // drawn there first: nothing may carry over
      scrubbed.seek(played.time());
      const StoryState jumped = evaluateStory(shipped(name), played.time());
      const FrameState a = frameOf(played.state(0)), b = frameOf(scrubbed.state(0)),
                       c = frameOf(jumped);
      CHECK(a == b);
      CHECK(a == c);
      CHECK(dumpStoryState(story, played.state(0), a, bundled()) ==
            dumpStoryState(story, jumped, c, bundled()));
      ++checked;
    }
    CHECK(checked > 20);
    CHECK(played.time() == story.duration);  // playing stops at the end
  }
}

TEST_CASE("chapter stepping lands on chapter starts") {
  const Story story = shipped("fibrin");
  const double second = story.chapters[1].at;
  CHECK(nextChapterStart(story, 0.0) == second);
  CHECK(previousChapterStart(story, second + 3.0) == second);
  CHECK(previousChapterStart(story, second + 0.5) == story.chapters[0].at);
  CHECK(chapterAt(story, second) == 1);
}

TEST_CASE("the viewer's player keeps time exactly and stops at the end") {
  const Story story = shipped("fusion");
  StoryPlayer player;
  player.open({story});
  REQUIRE(player.active());
  CHECK_FALSE(player.playing());  // opened paused at the start
  CHECK(player.time() == 0.0);
  const unsigned opened = player.seeks();
  player.setSpeed(1.5);
  player.play();
  double expected = 0.0;  // the story time the frames add up to
  for (int frame = 0; player.playing(); ++frame) {
    const double dt = 0.021 + 0.017 * (frame % 4);
    REQUIRE(player.advance(dt));
    expected = std::min(expected + dt * 1.5, story.duration);
    REQUIRE(player.time() == Approx(expected).margin(1e-9));
  }
  CHECK(player.time() == player.duration());  // paused at the last moment
  CHECK(player.seeks() == opened);            // playing is not seeking: the user keeps the camera
  CHECK_FALSE(player.advance(0.1));
  player.play();  // from the end, play starts over
  CHECK(player.time() == 0.0);
  CHECK(player.seeks() == opened + 1);
}

TEST_CASE("the side-by-side pair moves one camera: fibrin and fusion frame every moment alike") {
  // The split view shows both stories through the left story's camera, so the right story's
  // views must be the same for it to be seen as its author framed it.
  const Story left = shipped("fibrin"), right = shipped("fusion");
  REQUIRE(left.duration == right.duration);
  for (double t = 0.0; t <= left.duration; t += 0.25) {
    INFO("t = " << t);
    const StoryState a = evaluateStory(left, t), b = evaluateStory(right, t);
    CHECK(a.view == b.view);
    CHECK(a.fromView == b.fromView);
    CHECK(a.viewProgress == b.viewProgress);
    CHECK(a.zoom == b.zoom);
    CHECK(a.chapter == b.chapter);  // chapters at the same times
  }
}

TEST_CASE("the player steps chapters, clamps seeks and offers a fixed set of speeds") {
  StoryPlayer player;
  player.open({shipped("fibrin")});
  const Story& story = player.lead();
  player.nextChapter();
  CHECK(player.time() == story.chapters[1].at);
  player.nextChapter();
  player.previousChapter();  // within a second of a chapter start: the one before
  CHECK(player.time() == story.chapters[1].at);
  player.seek(-5.0);
  CHECK(player.time() == 0.0);
  player.seek(1e6);
  CHECK(player.time() == story.duration);
  player.nextChapter();  // past the last chapter: stays at the end
  CHECK(player.time() == story.duration);
  player.setSpeed(1.0);
  player.faster();
  CHECK(player.speed() == 1.5);
  for (int i = 0; i < 10; ++i) player.faster();
  CHECK(player.speed() == kStorySpeeds.back());
  for (int i = 0; i < 10; ++i) player.slower();
  CHECK(player.speed() == kStorySpeeds.front());
  player.setSpeed(100.0);
  CHECK(player.speed() == kStorySpeeds.back());
  // 2x plays twice the story time per second of wall time.
  player.seek(10.0);
  player.play();
  player.advance(0.5);
  CHECK(player.time() == Approx(10.0 + 0.5 * kStorySpeeds.back()));
  player.close();
  CHECK_FALSE(player.active());
  CHECK_FALSE(player.playing());
}

TEST_CASE("side by side, one timeline runs to the longer story and the shorter holds its end") {
  auto shortStory = loadStoryFile((kSource / "tests/data/stories/minimal.json").string());
  REQUIRE(shortStory.ok());
  StoryPlayer player;
  player.open({shipped("fibrin"), shortStory.value()});
  REQUIRE(player.split());
  CHECK(player.duration() == shipped("fibrin").duration);
  player.seek(40.0);
  const StoryState right = player.state(1);
  CHECK(right.time == shortStory.value().duration);
  CHECK(right.caption == evaluateStory(shortStory.value(), shortStory.value().duration).caption);
  CHECK(player.state(0).time == 40.0);
  player.play();
  while (player.advance(0.25)) {}
  CHECK(player.time() == player.duration());
}

TEST_CASE("segment angles follow the published ranges; a fused level stays still") {
  const auto& ranges = publishedRanges();
  REQUIRE(ranges.size() == 3);
  const SegmentAngles free = segmentAngles(1.f, 0.f, 0.f, {});
  for (const auto& r : ranges) CHECK(free.at(r.level).x == Approx(r.flexion));
  const SegmentAngles extension = segmentAngles(-1.f, 0.f, 0.f, {});
  CHECK(extension.at("L5-S1").x == Approx(-7.8f));

  const SegmentAngles fused = segmentAngles(1.f, 0.f, 0.f, {{"L4-L5", 1.f}});
  CHECK(fused.at("L4-L5").x == 0.f);
  CHECK(fused.at("L3-L4").x > free.at("L3-L4").x);
  CHECK(fused.at("L5-S1").x > free.at("L5-S1").x);
  // The whole spine still reaches the same posture.
  float total = 0.f, totalFused = 0.f;
  for (const auto& r : ranges) total += free.at(r.level).x, totalFused += fused.at(r.level).x;
  CHECK(totalFused == Approx(total));
}

TEST_CASE("in the fusion story the fused level stays at 0 while its neighbours bend more") {
  const Story fusion = shipped("fusion");
  const Story fibrin = shipped("fibrin");
  bool sawFlexion = false;
  for (double t = 0.0; t <= fusion.duration; t += 0.25) {
    const StoryState s = evaluateStory(fusion, t);
    const SegmentAngles a = storyAngles(s);
    if (s.flexion <= 0.05f || !s.locked.count("L4-L5") || s.locked.at("L4-L5") < 1.f) continue;
    sawFlexion = true;
    INFO("t = " << t);
    CHECK(a.at("L4-L5").x == 0.f);
    const SegmentAngles unfused = segmentAngles(s.flexion, 0.f, 0.f, {});
    CHECK(a.at("L3-L4").x > unfused.at("L3-L4").x);
    CHECK(a.at("L5-S1").x > unfused.at("L5-S1").x);
  }
  CHECK(sawFlexion);
  // Fibrin: every level moves, within its range, and the treated one does move.
  float treatedMax = 0.f;
  for (double t = 0.0; t <= fibrin.duration; t += 0.25) {
    const SegmentAngles a = storyAngles(evaluateStory(fibrin, t));
    for (const auto& r : publishedRanges()) {
      CHECK(a.at(r.level).x <= r.flexion + 1e-4f);
      CHECK(a.at(r.level).x >= -r.extension - 1e-4f);
    }
    treatedMax = std::max(treatedMax, a.at("L4-L5").x);
  }
  CHECK(treatedMax > 8.f);
}

TEST_CASE("the spine rig bends the discs with the vertebrae, without cracks at the endplates") {
  const SpineRig& rig = anatomy().rig;
  REQUIRE(rig.valid());
  const BonePalette pose = poseSpine(rig, segmentAngles(1.f, 0.5f, 0.5f, {}));
  // Each annulus vertex lands between its two vertebrae's images of it, and those at an
  // endplate (weight 0 or 1) move exactly with that vertebra.
  const int annulus = bundled().findNode("disc.L4-L5.annulus");
  REQUIRE(annulus >= 0);
  const Primitive& p = bundled().meshes[size_t(bundled().nodes[size_t(annulus)].mesh)].primitives[0];
  const auto skin = skinWeights(rig, bundled(), anatomy().parts, annulus, p);
  REQUIRE(skin.size() == p.positions.size());
  int lower = 0, upper = 0;
  for (const glm::vec3& s : skin) {
    CHECK(int(s.x) == rig.boneOf.at("L5"));
    CHECK(int(s.y) == rig.boneOf.at("L4"));
    lower += s.z < 0.05f;
    upper += s.z > 0.95f;
  }
  CHECK(lower > 50);
  CHECK(upper > 50);
  // Posed vertebrae: L4 turned by flexion relative to L5 about the L4-L5 disc centre.
  const glm::mat4 relative = glm::inverse(pose[size_t(rig.boneOf.at("L5"))]) *
                             pose[size_t(rig.boneOf.at("L4"))];
  const float angle = glm::degrees(std::acos(std::clamp((relative[0][0] + relative[1][1] +
                                                          relative[2][2] - 1.f) / 2.f, -1.f, 1.f)));
  CHECK(angle > 8.f);
  CHECK(angle < 12.f);
}

TEST_CASE("hostile stories are refused with a message, never a crash", "[story]") {
  const fs::path dir = spineview::test::outputDir() / "hostile_stories";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ifstream in(kSource / "stories/fibrin.json");
  auto doc = nlohmann::json::parse(in);
  // A 30,000-character name once overflowed the stack of std::regex.
  doc["name"] = std::string(30000, 'a');
  std::ofstream(dir / "long-name.json") << doc.dump();
  doc["name"] = std::string(65, 'a');
  std::ofstream(dir / "name-65.json") << doc.dump();
  doc["name"] = std::string(64, 'a');
  doc["title"] = std::string(20000, 'T');
  std::ofstream(dir / "long-title.json") << doc.dump();
  // A story file far larger than any story is not read.
  std::ofstream(dir / "huge.json") << std::string(5 << 20, ' ');
  std::ofstream(dir / "deep.json") << std::string(100000, '[') << std::string(100000, ']');

  const auto longName = loadStoryFile((dir / "long-name.json").string());
  REQUIRE_FALSE(longName.ok());
  CHECK(longName.error().find("long-name.json: /name: text of 30000 bytes is longer") !=
        std::string::npos);
  const auto name65 = loadStoryFile((dir / "name-65.json").string());
  REQUIRE_FALSE(name65.ok());
  CHECK(name65.error().find("/name: use lower-case letters, digits and '-', at most 64") !=
        std::string::npos);
  const auto longTitle = loadStoryFile((dir / "long-title.json").string());
  REQUIRE_FALSE(longTitle.ok());
  CHECK(longTitle.error().find("/title: text of 20000 bytes is longer than the 16384 allowed") !=
        std::string::npos);
  const auto huge = loadStoryFile((dir / "huge.json").string());
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().find("too large for a story") != std::string::npos);

  // The window's scan at start-up lists each with its reason instead of stopping.
  fs::copy_file(kSource / "tests/data/stories/number_overflow.json", dir / "overflow.json");
  const auto entries = scanStories(dir.string());
  REQUIRE(entries.size() == 6);
  for (const auto& e : entries) {
    INFO(e.name);
    CHECK_FALSE(e.error.empty());
  }
}

TEST_CASE("distinct moments: the start, every key, the midpoints between and each end") {
  auto track = [](std::vector<double> times) {
    StoryTrack t;
    for (double at : times) t.keys.push_back({at, 1.0, Ease::Linear});
    return t;
  };
  Story a, b;
  a.duration = 20.0;
  a.tracks = {track({10.0, 12.0}), track({0.0, 10.0})};
  b.duration = 30.0;
  b.tracks = {track({5.0, 40.0})};  // a key past the end counts at the end
  CHECK(distinctMoments({a}) == std::vector<double>{0.0, 5.0, 10.0, 11.0, 12.0, 16.0, 20.0});
  CHECK(distinctMoments({a, b}) == std::vector<double>{0.0, 2.5, 5.0, 7.5, 10.0, 11.0, 12.0,
                                                       16.0, 20.0, 25.0, 30.0});
}

TEST_CASE("between two distinct moments a shipped story's draw state stays that of the midpoint") {
  // What the warm-up relies on (frame/warm_up.h): whether each part shows, is translucent,
  // glows or is heated, the render mode and the cut change only at keys.
  auto drawState = [](const StoryState& s) {
    std::vector<int> state{int(s.renderMode), s.cut.has_value()};
    for (const auto& [target, node] : s.nodes) {
      const float opacity = node.opacity.value_or(1.f);
      state.push_back(node.visible.value_or(true));
      state.push_back(opacity <= 0.f ? 0 : opacity < 1.f ? 1 : 2);
      state.push_back(node.glow.value_or(0.f) > 0.f);
      state.push_back(node.heat.value_or(0.f) > 0.f);
    }
    return state;
  };
  for (const char* name : {"fibrin", "fusion"}) {
    const Story story = shipped(name);
    const std::vector<double> moments = distinctMoments({story});
    for (std::size_t i = 1; i + 1 < moments.size(); i += 2) {  // odd entries are midpoints
      const auto expected = drawState(evaluateStory(story, moments[i]));
      for (int k = 1; k < 8; ++k) {
        const double t = moments[i - 1] + (moments[i + 1] - moments[i - 1]) * k / 8.0;
        INFO(name << " at " << t << " s, between keys at " << moments[i - 1] << " and "
                  << moments[i + 1]);
        CHECK(drawState(evaluateStory(story, t)) == expected);
      }
    }
  }
}
