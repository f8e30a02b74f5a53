// The window's panes, the headless render and the benchmark compose the same FrameState for
// the same choices (story, time, hidden layers, preset, cut, camera), including the choices
// where they used to differ: a --cut kept while the story shows no cut of its own, and a story
// in x-ray mode over a solid preset. Each path's own adapter is used (app/view_inputs.h,
// app/headless_render.h); the composer holds the rule (frame/compose.h).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/headless_render.h"
#include "app/view_inputs.h"
#include "bundled_model.h"
#include "story/story_list.h"
#include "test_paths.h"

using namespace spineview;
using namespace spineview::app;

namespace {

constexpr int kWidth = 640, kHeight = 400;

using Model = test::BundledModel;
const Model& bundled() {
  return test::bundledSpine();
}

// One choice a user can make in the window or on the command line.
struct Choice {
  std::string name;
  std::vector<std::string> stories;  // empty: the model alone
  double at = 0.0;
  std::vector<std::string> hide;
  std::string preset;  // "" or a preset name
  std::string cut;     // "" or a --cut value
  std::string view;    // "" (the story's camera) or a view name
};

CliOptions commandLine(const Choice& c) {
  std::vector<std::string> args = {"spineview", "--render", "out.png", "--size",
                                   std::to_string(kWidth) + "x" + std::to_string(kHeight)};
  if (c.stories.size() == 1) args.insert(args.end(), {"--story", c.stories[0]});
  if (c.stories.size() == 2) args.push_back("--compare");
  if (!c.stories.empty()) args.insert(args.end(), {"--at", std::to_string(c.at)});
  for (const auto& h : c.hide) args.insert(args.end(), {"--hide", h});
  if (!c.preset.empty()) args.insert(args.end(), {"--preset", c.preset});
  if (!c.cut.empty()) args.insert(args.end(), {"--cut", c.cut});
  if (!c.view.empty()) args.insert(args.end(), {"--view", c.view});
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  const CliOutcome out = parseCommandLine(int(argv.size()), argv.data());
  REQUIRE(out.options);
  return *out.options;
}

// The window's settings after the same choices on its panels: layers unticked, the toolbar's
// X-ray (or its Solid), the toolbar's cut with the offset slider.
AppSettings windowSettings(const Choice& c, const Anatomy& anatomy) {
  AppSettings settings;
  settings.layers = anatomy.defaultLayers();
  REQUIRE_FALSE(settings.layers.hideAll(anatomy.layers, c.hide).has_value());
  if (!c.preset.empty())
    applyLayerPreset(*parseLayerPreset(c.preset), settings.layers, anatomy.layers);
  if (!c.cut.empty()) settings.inside.cut = CutSettings::of(parseCutSpec(c.cut).value());
  return settings;
}

StoryPlayer playerAt(const Choice& c, const Model& m) {
  std::vector<Story> stories;
  for (const auto& name : c.stories) {
    auto story = loadStoryFor(name, m.scene, m.anatomy.parts);
    REQUIRE(story.ok());
    stories.push_back(std::move(story.value()));
  }
  StoryPlayer player;
  if (!stories.empty()) player.open(std::move(stories));
  player.seek(c.at);
  return player;
}

}  // namespace

TEST_CASE("the window, the headless render and the benchmark compose the same frame", "[compose]") {
  const Model& m = bundled();
  const std::vector<Choice> choices = {
      {"the model alone", {}, 0, {}, "", "", ""},
      {"hidden nerves, x-ray and an axial cut", {}, 0, {"nerve"}, "xray", "axial:2", "posterior"},
      {"fibrin at 30 s, its own camera", {"fibrin"}, 30, {}, "", "", ""},
      {"fusion at 40 s under the user's preset and hidden layer",
       {"fusion"},
       40,
       {"nerve"},
       "xray",
       "",
       ""},
      // Headless renders used to drop --cut while the story had no cut, and to let --preset
      // undo the story's x-ray mode; the window did neither.
      {"fibrin at 20 s (x-ray, no cut) with --cut and a solid preset",
       {"fibrin"},
       20,
       {},
       "solid",
       "sagittal:-3",
       ""},
      {"fusion at 80 s from the left", {"fusion"}, 80, {}, "", "", "left"},
      {"both stories at 41 s", {"fibrin", "fusion"}, 41, {}, "", "", ""},
      {"both stories at 66 s with a coronal cut", {"fibrin", "fusion"}, 66, {}, "", "coronal", ""},
  };
  for (const Choice& c : choices) {
    INFO(c.name);
    const CliOptions options = commandLine(c);
    const int width = options.compare ? kWidth / 2 : kWidth;
    auto pictures = headlessPictures(options, m.scene, m.anatomy, width, kHeight);
    REQUIRE(pictures.ok());
    REQUIRE(pictures.value().size() == std::max<size_t>(1, c.stories.size()));
    // The window shows the same camera (the user's, or the story's that it follows).
    const CameraMatrices camera = pictures.value().front().frame.camera;
    const AppSettings settings = windowSettings(c, m.anatomy);
    const StoryPlayer player = playerAt(c, m);
    for (size_t pane = 0; pane < pictures.value().size(); ++pane) {
      INFO("pane " << pane);
      const FrameState& headless = pictures.value()[pane].frame;
      CHECK(headless.camera.view == camera.view);  // side by side: one camera
      const FrameState window =
          composeFrame(m.scene, m.anatomy, windowViewInputs(settings, camera, player, int(pane)));
      CHECK(window == headless);
      if (c.hide.empty() && c.preset.empty() && c.cut.empty()) {
        const FrameState bench =
            composeFrame(m.scene, m.anatomy, benchViewInputs(m.anatomy, camera, player, int(pane)));
        CHECK(bench == headless);
      }
    }
  }
}

TEST_CASE("the composed frame keeps the user's cut and the story's x-ray", "[compose]") {
  // The choices above would also be equal if every path ignored them: here they show.
  const Model& m = bundled();
  const Choice c{"", {"fibrin"}, 20, {}, "solid", "sagittal:-3", ""};
  auto pictures = headlessPictures(commandLine(c), m.scene, m.anatomy, kWidth, kHeight);
  REQUIRE(pictures.ok());
  const FrameState& frame = pictures.value().front().frame;
  CHECK(frame.cut.enabled);  // the story has no cut at 20 s: the user's stays
  const int l4 = m.scene.findNode("L4.body");
  REQUIRE(l4 >= 0);
  CHECK(styleOf(frame, l4).opacity == Approx(0.3f));  // the story's x-ray over the solid preset
  // At 40 s the story cuts axially: its cut wins over the user's sagittal one.
  const Choice later{"", {"fibrin"}, 40, {}, "", "sagittal:-3", ""};
  auto cut = headlessPictures(commandLine(later), m.scene, m.anatomy, kWidth, kHeight);
  REQUIRE(cut.ok());
  const CutPlane storyCut = makeCut(m.anatomy.cutFrame, CutSpec{CutAxis::Axial, 0.f});
  CHECK(cut.value().front().frame.cut == storyCut);
}
