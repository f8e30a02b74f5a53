// Recorded walkthroughs and turntables: what the app writes is a story that reads back the
// same, pose keys ease the shorter way round, a recording replays to the camera poses and
// layer states it saw at every sampled moment (pauses included) with far fewer keys than
// samples, and a turntable makes exactly one turn.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <glm/gtc/constants.hpp>
#include <set>

#include "bundled_model.h"
#include "frame/framing.h"
#include "scoped_env.h"
#include "story/recorder.h"
#include "story/story_list.h"
#include "story/story_writer.h"
#include "test_paths.h"

using namespace spineview;
namespace fs = std::filesystem;

namespace {

const Scene& bundled() { return test::bundledSpine().scene; }
const Anatomy& anatomy() { return test::bundledSpine().anatomy; }

Story readBack(const Story& story) {
  auto parsed = parseStory(storyFileText(story), "written.json");
  INFO((parsed ? std::string() : parsed.error()));
  REQUIRE(parsed.ok());
  return parsed.value();
}

CameraPose posedAt(const Story& story, double t) {
  const auto pose = storyCameraPose(evaluateStory(story, t), bundled(), anatomy(), 1.6f);
  REQUIRE(pose.has_value());
  return *pose;
}

// Angles in degrees, the shorter way round.
float yawDifference(float a, float b) { return std::abs(std::remainder(a - b, 360.f)); }

void checkSamePose(const CameraPose& got, const CameraPose& want) {
  CHECK(yawDifference(glm::degrees(got.yaw), glm::degrees(want.yaw)) < 0.35f);
  CHECK(std::abs(glm::degrees(got.pitch - want.pitch)) < 0.35f);
  CHECK(std::abs(got.distance / want.distance - 1.f) < 0.003f);
  CHECK(glm::length(got.target - want.target) < 0.002f * want.distance);
}

LayerTargets targetsOf(const LayerState& state) {
  return layerTargets(state, anatomy().layers, bundled());
}

// What the story makes of each target at t, over the model's own layers.
LayerSetting storyLayer(const StoryState& state, const std::string& target,
                        const LayerSetting& fallback) {
  LayerSetting out = fallback;
  const auto it = state.nodes.find(target);
  if (it == state.nodes.end()) return out;
  if (it->second.visible) out.visible = *it->second.visible;
  if (it->second.opacity) out.opacity = *it->second.opacity;
  return out;
}

}  // namespace

TEST_CASE("a story the app writes reads back the same, shipped stories included", "[story][record]") {
  auto fibrin = loadStoryFor((fs::path(SPINEVIEW_SOURCE_DIR) / "stories/fibrin.json").string(),
                             bundled(), anatomy().parts);
  REQUIRE(fibrin.ok());
  const Story& original = fibrin.value();
  const Story copy = readBack(original);
  CHECK(copy.name == original.name);
  CHECK(copy.title == original.title);
  CHECK(copy.tracks.size() == original.tracks.size());
  CHECK(copy.evidence.size() == original.evidence.size());
  CHECK(copy.summary.size() == original.summary.size());
  for (double t : distinctMoments({original})) {
    INFO(t);
    const StoryState a = evaluateStory(original, t), b = evaluateStory(copy, t);
    CHECK(a.caption == b.caption);
    CHECK(a.chapterTitle == b.chapterTitle);
    CHECK(a.timeScale == b.timeScale);
    CHECK(a.view == b.view);
    CHECK(a.renderMode == b.renderMode);
    CHECK(a.cut == b.cut);
    CHECK(std::abs(a.flexion - b.flexion) < 1e-3f);
    REQUIRE(a.nodes.size() == b.nodes.size());
    for (const auto& [target, n] : a.nodes) {
      const NodeStoryState& m = b.nodes.at(target);
      CHECK(n.visible == m.visible);
      CHECK(std::abs(n.opacity.value_or(-1.f) - m.opacity.value_or(-1.f)) < 1e-3f);
      CHECK(std::abs(n.morph.value_or(-1.f) - m.morph.value_or(-1.f)) < 1e-3f);
    }
  }
}

TEST_CASE("pose keys ease the shorter way round, and the latest camera key wins", "[story][record]") {
  Story story;
  story.name = "poses";
  story.title = "Poses";
  story.level = "L4-L5";
  story.duration = 10.0;
  story.chapters = {{0.0, "Start"}};
  StoryTrack pose;
  pose.target = "camera";
  pose.kind = TargetKind::Camera;
  pose.property = TrackProperty::CameraPose;
  pose.keys = {{1.0, StoryPose{{0.f, 0.01f, 0.f}, 0.4f, 170.f, 10.f}, Ease::Linear},
               {3.0, StoryPose{{0.f, 0.03f, 0.f}, 0.2f, -170.f, 30.f}, Ease::Linear}};
  StoryTrack view;
  view.target = "camera";
  view.kind = TargetKind::Camera;
  view.property = TrackProperty::CameraView;
  view.keys = {{0.0, std::string("posterior"), Ease::Step}, {6.0, std::string("left"), Ease::Step}};
  story.tracks = {pose, view};
  const Story read = readBack(story);

  CHECK_FALSE(evaluateStory(read, 0.5).pose.has_value());  // before the pose: the view key
  CHECK(evaluateStory(read, 0.5).view == "posterior");
  const StoryState middle = evaluateStory(read, 2.0);
  REQUIRE(middle.pose.has_value());
  CHECK(middle.view.empty());
  CHECK(yawDifference(middle.pose->yawDeg, 180.f) < 1e-3f);  // through 180, not through 0
  CHECK(middle.pose->pitchDeg == Approx(20.f));
  CHECK(middle.pose->distance == Approx(0.3f));
  CHECK(middle.pose->target.y == Approx(0.02f));
  CHECK(evaluateStory(read, 5.0).pose->yawDeg == Approx(-170.f));  // held after the last key
  CHECK_FALSE(evaluateStory(read, 7.0).pose.has_value());            // a later view key wins
  CHECK(evaluateStory(read, 7.0).view == "left");

  // The pose is the camera: the window, renders and exports frame nothing on top of it.
  const CameraPose shown = posedAt(read, 2.0);
  CHECK(shown.distance == Approx(0.3f));
  CHECK(glm::degrees(shown.pitch) == Approx(20.f));
  OrbitCamera camera;
  camera.setClipBounds(bundled().worldBounds());
  placeStoryCamera(camera, middle, shown, 0.3f, 800.f);
  CHECK(camera.pose().distance == Approx(shown.distance));
  CHECK(camera.pose().target == shown.target);
}

TEST_CASE("a recorded walkthrough replays to the poses and layers it recorded", "[story][record]") {
  const LayerState defaults = anatomy().defaultLayers();
  WalkthroughRecorder recorder;
  recorder.start(targetsOf(defaults));
  struct Seen {
    double at;
    RecordedFrame frame;
  };
  std::vector<Seen> seen;
  auto show = [&](double t, const CameraPose& pose, const LayerState& layers,
                  std::optional<CutSpec> cut) {
    RecordedFrame frame{pose, targetsOf(layers), cut};
    recorder.sample(t, frame);
    seen.push_back({t, frame});
  };
  CameraPose pose{{0.f, 0.f, 0.f}, 0.45f, glm::radians(-30.f), glm::radians(15.f)};
  LayerState layers = defaults;
  double t = 0.0;
  const double frame = 1.0 / 60.0;
  for (; t < 0.5; t += frame) show(t, pose, layers, std::nullopt);  // still at the start
  const float yaw0 = pose.yaw;
  for (double u = 0.0; u <= 1.0; u += frame / 4.0, t += frame) {  // 400 degrees in 4 s, eased
    pose.yaw = yaw0 + glm::radians(400.f) * float(u * u * (3.0 - 2.0 * u));
    pose.pitch = glm::radians(15.f + 20.f * float(std::sin(u * 3.14159)));
    show(t, pose, layers, std::nullopt);
  }
  const double pauseStart = t;
  t += 2.0;  // nothing drawn for two seconds: the window was idle
  REQUIRE(layers.setVisible(anatomy().layers, "annulus", false));
  show(t, pose, layers, std::nullopt);
  recorder.addCaption(t, "The annulus hidden: the nucleus and the tear.");
  for (double u = 0.0; u <= 1.0; u += frame, t += frame) {  // zoom in and pan down
    pose.distance = 0.45f - 0.2f * float(u);
    pose.target = glm::vec3(0.f, -0.02f * float(u), 0.005f * float(u));
    show(t, pose, layers, std::nullopt);
  }
  applyLayerPreset(LayerPreset::Xray, layers, anatomy().layers);
  recorder.addChapter(t, "Inside");
  for (int i = 0; i < 30; ++i, t += frame) show(t, pose, layers, CutSpec{CutAxis::Axial, 2.5f});
  const std::optional<Story> recorded = recorder.finish("walkthrough-test", "Test walk", "L4-L5");
  REQUIRE(recorded.has_value());
  const Story story = readBack(*recorded);

  CHECK(story.duration == Approx(seen.back().at).margin(1e-3));
  REQUIRE(story.chapters.size() == 2);
  CHECK(story.chapters[0].text == "Test walk");
  CHECK(story.chapters[1].text == "Inside");
  REQUIRE(story.captions.size() == 1);
  CHECK(story.captions[0].at == Approx(pauseStart + 2.0).margin(1e-3));
  size_t keys = 0;
  for (const StoryTrack& track : story.tracks) keys += track.keys.size();
  INFO("keys " << keys << " for " << seen.size() << " frames");
  for (const StoryTrack& track : story.tracks) UNSCOPED_INFO(track.target << " " << track.keys.size());
  CHECK(keys * 5 < seen.size());
  // Tracks only for what changed: the camera, the annulus (shown, then faded by the x-ray), each
  // vertebra as one target (faded by the x-ray) and the cut.
  std::multiset<std::string> targets;
  for (const StoryTrack& track : story.tracks) targets.insert(track.target);
  CHECK(targets == std::multiset<std::string>{"camera", "layer:annulus", "layer:annulus", "L3",
                                              "L4", "L5", "S1", "render"});
  const LayerTargets fallback = targetsOf(defaults);
  for (const Seen& s : seen) {
    INFO("t = " << s.at);
    const StoryState state = evaluateStory(story, s.at);
    checkSamePose(posedAt(story, s.at), s.frame.camera);
    for (const auto& [target, setting] : s.frame.layers) {
      INFO(target);
      const LayerSetting replayed = storyLayer(state, target, fallback.at(target));
      CHECK(replayed.visible == setting.visible);
      CHECK(std::abs(replayed.opacity - setting.opacity) < 0.011f);
    }
    CHECK(state.cut == s.frame.cut);
  }
  // The pause holds the pose reached before it; the move after it does not creep back into it.
  checkSamePose(posedAt(story, pauseStart + 1.0), seen[size_t(std::distance(
      seen.begin(), std::find_if(seen.begin(), seen.end(),
                                 [&](const Seen& s) { return s.at >= pauseStart; }))) - 1].frame.camera);
}

TEST_CASE("a steady turn recorded by hand keeps its keys less than a half turn apart", "[story][record]") {
  WalkthroughRecorder recorder;
  recorder.start({});
  CameraPose pose{{0.f, 0.f, 0.f}, 0.4f, 0.f, glm::radians(10.f)};
  std::vector<std::pair<double, CameraPose>> seen;
  for (int i = 0; i <= 360; ++i) {  // 360 degrees at a constant rate: a straight line in time
    pose.yaw = glm::radians(float(i));
    recorder.sample(i / 60.0, {pose, {}, std::nullopt});
    seen.push_back({i / 60.0, pose});
  }
  const Story story = readBack(*recorder.finish("steady", "Steady", "L4-L5"));
  REQUIRE(story.tracks.size() == 1);
  CHECK(story.tracks[0].keys.size() <= 6);
  for (const auto& [t, want] : seen) checkSamePose(posedAt(story, t), want);
}

TEST_CASE("a turntable makes exactly one turn, steadily, with the layers as they are", "[story][record]") {
  const CameraPose from{{0.f, 0.01f, 0.f}, 0.4f, glm::radians(150.f), glm::radians(12.f)};
  LayerState layers = anatomy().defaultLayers();
  applyLayerPreset(LayerPreset::Xray, layers, anatomy().layers);
  const Story story = readBack(turntableStory(from, 20.0, targetsOf(layers),
                                              targetsOf(anatomy().defaultLayers()),
                                              CutSpec{CutAxis::Sagittal, 0.f}, "L4-L5"));
  CHECK(story.duration == Approx(20.0));
  checkSamePose(posedAt(story, 0.0), from);
  checkSamePose(posedAt(story, 20.0), from);
  float turned = 0.f, last = 150.f;
  for (double t = 0.1; t <= 20.0 + 1e-9; t += 0.1) {
    const float yaw = glm::degrees(posedAt(story, t).yaw);
    const float step = std::remainder(yaw - last, 360.f);
    CHECK(step == Approx(1.8f).margin(0.01f));  // 360 degrees in 20 s, never backwards
    turned += step;
    last = yaw;
  }
  CHECK(turned == Approx(360.f).margin(0.1f));
  const StoryState state = evaluateStory(story, 10.0);
  REQUIRE(state.cut.has_value());
  CHECK(state.cut->axis == CutAxis::Sagittal);
  REQUIRE(state.nodes.count("layer:annulus"));
  CHECK(*state.nodes.at("layer:annulus").opacity == Approx(layers.of("annulus").opacity));
}

TEST_CASE("the window's cut becomes the same story cut, and the others none", "[story][record]") {
  const CutFrame frame = anatomy().cutFrame;
  for (CutMode mode : {CutMode::Axial, CutMode::Sagittal, CutMode::Coronal}) {
    CutSettings settings;
    settings.mode = mode;
    settings.offsetMm = 3.5f;
    const auto spec = storyCutOf(settings);
    REQUIRE(spec.has_value());
    const CutPlane a = cutPlane(settings, frame), b = makeCut(frame, *spec);
    CHECK(glm::length(a.normal - b.normal) < 1e-5f);
    CHECK(a.offset == Approx(b.offset).margin(1e-6));
    settings.flipped = true;
    CHECK_FALSE(storyCutOf(settings).has_value());
  }
  CutSettings free;
  free.mode = CutMode::Free;
  CHECK_FALSE(storyCutOf(free).has_value());
  CHECK_FALSE(storyCutOf(CutSettings{}).has_value());
}

TEST_CASE("recorded stories live in the user's folder and join the story list", "[story][record]") {
  const fs::path data = test::outputDir() / "recorded_data";
  fs::remove_all(data);
  const test::ScopedEnv xdg("XDG_DATA_HOME", data.string());
  const fs::path folder = userStoryDir();
  CHECK(folder == data / "spineview" / "stories");
  fs::create_directories(folder);
  Story walk = turntableStory(CameraPose{}, 8.0, {}, {}, std::nullopt, "{level}");
  walk.name = "walk-one";
  std::ofstream(folder / "walk-one.json") << storyFileText(walk);
  walk.name = "fibrin";  // a shipped name: the shipped story keeps it
  std::ofstream(folder / "fibrin.json") << storyFileText(walk);

  const auto entries = scanAllStories();
  const auto walkOne = std::find_if(entries.begin(), entries.end(),
                                    [](const StoryEntry& e) { return e.name == "walk-one"; });
  REQUIRE(walkOne != entries.end());
  CHECK(walkOne->recorded);
  CHECK(walkOne->error.empty());
  CHECK(std::count_if(entries.begin(), entries.end(),
                      [](const StoryEntry& e) { return e.name == "fibrin"; }) == 1);
  CHECK_FALSE(std::find_if(entries.begin(), entries.end(), [](const StoryEntry& e) {
                return e.name == "fibrin";
              })->recorded);
  CHECK(storyPath("walk-one", defaultStoryDir()) == (folder / "walk-one.json").string());
  CHECK(storyPath("fibrin", defaultStoryDir()) == defaultStoryDir() + "/fibrin.json");
  auto loaded = loadStoryFor("walk-one", bundled(), anatomy().parts);  // {level} filled
  INFO((loaded ? std::string() : loaded.error()));
  REQUIRE(loaded.ok());
  CHECK(loaded.value().level == "L4-L5");
}

TEST_CASE("any model's recording saves: its units, and parts named like a story's own targets", "[story][record]") {
  // Another program's model in millimetres, one part named "camera", one "render".
  Scene scene;
  Mesh mesh;
  Primitive square;
  square.positions = {{-400, -400, 0}, {400, -400, 0}, {400, 400, 0}, {-400, 400, 0}};
  square.normals.assign(4, glm::vec3(0, 0, 1));
  square.indices = {0, 1, 2, 0, 2, 3};
  for (const auto& p : square.positions) square.bounds.grow(p);
  mesh.primitives = {square};
  scene.meshes = {mesh};
  for (const char* name : {"camera", "render", "plate"}) {
    Node node;
    node.name = name;
    node.mesh = 0;
    scene.nodes.push_back(node);
    scene.roots.push_back(int(scene.nodes.size()) - 1);
  }
  scene.updateWorldTransforms();
  const Anatomy model = Anatomy::of(scene);
  const LayerTargetNames names = layerTargetNames(model.layers, scene);
  std::set<std::string> targets;
  for (const auto& [layer, target] : names) targets.insert(target);
  CHECK(targets.count("plate") == 1);
  CHECK(targets.count("camera") == 0);  // would read as the story's camera
  CHECK(targets.count("render") == 0);

  WalkthroughRecorder recorder;
  recorder.start(layerTargets(model.defaultLayers(), names));
  LayerState faded = model.defaultLayers();
  for (auto& [key, setting] : faded.settings) setting.opacity = 0.4f;
  // From 25 m away (25,000 mm), then close to a 2 mm detail 300 mm off centre.
  recorder.sample(0.0, {{{0.f, 0.f, 0.f}, 25000.f, 0.3f, 0.2f}, layerTargets(model.defaultLayers(), names), {}});
  recorder.sample(2.0, {{{300.f, -120.f, 5.f}, 2.f, 0.5f, 0.1f}, layerTargets(faded, names), {}});
  const auto story = recorder.finish("walkthrough-mm", "In millimetres", "{level}");
  REQUIRE(story);
  const Story read = readBack(*story);
  const StoryState end = evaluateStory(read, 2.0);
  REQUIRE(end.pose);
  CHECK(end.pose->distance == Approx(2.f).epsilon(1e-4));
  CHECK(end.pose->target.x == Approx(300.f).epsilon(1e-5));
  CHECK(evaluateStory(read, 0.0).pose->distance == Approx(25000.f).epsilon(1e-4));
  CHECK(storyFileText(read) == storyFileText(*story));
}
