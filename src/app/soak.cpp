// --soak: the engine under long use, headless. In cycles it plays each shipped story alone and
// then both side by side as the window draws them (motion frames, a still frame now and then),
// toggles x-ray and steps through the cuts, picks and outlines, and at the end of each cycle
// reopens the model (import, anatomy, upload, simplified meshes). It samples the resident
// memory and counts GL errors; memory is compared with what it was once every path had run.
#include "app/soak.h"

#include <glad/gl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "anatomy/layers.h"
#include "app/app_settings.h"
#include "app/bench.h"
#include "app/view_inputs.h"
#include "frame/compose.h"
#include "frame/framing.h"
#include "platform/headless_context.h"
#include "render/renderer.h"
#include "scene/gltf/import.h"
#include "story/story_list.h"
#include "story/story_player.h"

namespace spineview::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr Size kWindow{1280, 800};
constexpr double kStoryStep = 3.0;  // seconds of story time between frames
constexpr int kModes = 3;
// Growth allowed between a mode's settled level and its end: 5%, and never less than 16 MiB. The
// allocator and the driver move between plateaus some 10-13 MiB apart whatever the run's length
// (fibrin once settled at 169 and ended at 182, fusion 171 -> 180, with no higher sample later), so
// a short run tells a leak from a plateau only by its size: a 3 MiB-per-cycle leak passes the 16 MiB
// within the 60 s soak of the tests many times over.
constexpr double kAllowedGrowth = 0.05;
constexpr double kAllowedGrowthMiB = 16.0;

int drainGlErrors() {
  int errors = 0;
  while (glGetError() != GL_NO_ERROR && errors < 100) ++errors;
  return errors;
}

// The model and what is read from it, reopened each cycle as a user opening it again would.
struct OpenModel {
  Scene scene;
  Anatomy anatomy;
};

Result<std::unique_ptr<OpenModel>> openModel(const std::string& path, Renderer& renderer) {
  auto scene = importGltf(path);
  if (!scene) return Error{scene.error()};
  auto model = std::make_unique<OpenModel>();
  model->scene = std::move(scene.value());
  model->anatomy = Anatomy::of(model->scene);
  if (auto error = renderer.setScene(model->scene, model->anatomy.drawHints(model->scene)))
    return Error{error->message};
  renderer.buildInteractiveLod(model->scene);
  return model;
}

struct Totals {
  long frames = 0, stills = 0, picks = 0;
  int glErrors = 0;
};

// One pass through the stories of `mode` at kStoryStep, with the user's toggles on top.
Status playCycle(int mode, const OpenModel& model, Renderer& renderer, bool software,
                 std::vector<std::unique_ptr<RenderTarget>>& motion, RenderTarget& still,
                 Totals& totals) {
  std::vector<std::string> names;
  if (mode < 2)
    names.push_back(kComparedStories[size_t(mode)]);
  else
    names.assign(kComparedStories.begin(), kComparedStories.end());
  std::vector<Story> stories;
  for (const std::string& name : names) {
    auto story = loadStoryFor(name, model.scene, model.anatomy.parts);
    if (!story) return Error{story.error()};
    stories.push_back(std::move(story.value()));
  }
  StoryPlayer player;
  player.open(std::move(stories));
  const int panes = int(names.size());
  const Size pane{kWindow.width / panes, kWindow.height};
  const float aspect = float(pane.width) / float(pane.height);
  for (auto& target : motion) target->resize(pane.width, pane.height);
  still.resize(pane.width, pane.height);

  OrbitCamera camera;
  camera.setClipBounds(model.scene.worldBounds());
  camera.frame(visibleBounds(model.scene, model.anatomy, model.anatomy.defaultLayers()), aspect,
               false);
  const CutMode cuts[] = {CutMode::Off, CutMode::Axial, CutMode::Sagittal, CutMode::Coronal};
  int step = 0;
  for (double t = 0.0; t <= player.duration(); t += kStoryStep, ++step) {
    player.seek(t);
    if (auto pose = storyCameraPose(player.state(0), model.scene, model.anatomy, aspect))
      camera.setPose(*pose, false);
    const bool isStill = step % 10 == 9;  // the camera settles: one full-detail 4x frame
    for (int p = 0; p < panes; ++p) {
      ViewInputs in = benchViewInputs(model.anatomy, camera.matrices(aspect), player, p);
      if ((step / 7) % 2 == 1) applyLayerPreset(LayerPreset::Xray, in.layers, model.anatomy.layers);
      in.cut.mode = cuts[(step / 5) % 4];
      FrameState frame = composeFrame(model.scene, model.anatomy, in);
      frame.settings.interactiveLod = software && !isStill;
      frame.settings.halfResolutionTransparency = software && !isStill;
      RenderTarget& target = isStill ? still : *motion[size_t(p)];
      renderer.render(frame, target);
      if (step % 8 == 3) {  // a tap: pick the centre, outline what is there
        const NodeIdImage ids = renderer.renderNodeIds(frame, pane.width, pane.height);
        target.bindFinished();
        if (const int node = ids.nodeAt(pane.width / 2, pane.height / 2); node >= 0)
          renderer.drawOutline(node, kOutlineColor, kOutlineWidth);
        ++totals.picks;
      }
      if (isStill) {
        (void)still.readPixels();
        still.releaseDrawBuffers();  // as the window does after each still
      }
    }
    glFinish();
    totals.glErrors += drainGlErrors();
    ++totals.frames;
    totals.stills += isStill ? 1 : 0;
  }
  return std::nullopt;
}

}  // namespace

Status runSoak(const CliOptions& options) {
  auto context = HeadlessContext::create();
  if (!context) return Error{"cannot soak: " + context.error()};
  auto created =
      Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!created) return Error{created.error()};
  Renderer& renderer = *created.value();
  const bool software = isSoftwareRenderer();
  std::vector<std::unique_ptr<RenderTarget>> motion;
  for (int p = 0; p < 2; ++p)
    motion.push_back(std::make_unique<RenderTarget>(RenderTarget::Kind::Offscreen, kWindow.width,
                                                    kWindow.height, 0));
  RenderTarget still(RenderTarget::Kind::Offscreen, kWindow.width, kWindow.height,
                     RenderSettings{}.msaaSamples);

  std::printf(
      "SpineView soak, %.0f s: each story alone, then both side by side, as played at "
      "%dx%d; x-ray and cuts toggled, picks, still frames; the model reopened each cycle\n",
      options.soakSeconds, kWindow.width, kWindow.height);
  std::printf("  %8s %7s %8s %10s %10s\n", "time", "cycles", "frames", "RSS MiB", "GL errors");
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  Totals totals;
  // Memory is compared mode by mode (their render targets differ in size). The allocator and
  // the driver keep freed blocks in steps of a few MiB (up to 60 MiB for a while under load), so
  // a mode's level once settled is the higher of its second and third cycles, and where it
  // ended is the lowest of its last third (at least its last two): a leak raises every later
  // sample, a step that is handed back raises some.
  std::array<std::vector<double>, kModes> samples;
  double peak = 0.0, lastRow = -1e9;
  int cycles = 0;
  // However short the time asked for, each mode runs five cycles: a first, two settled, two
  // after.
  while (elapsed() < options.soakSeconds || cycles < 5 * kModes) {
    auto model = openModel(options.file, renderer);
    if (!model) return Error{model.error()};
    const int mode = cycles % kModes;
    if (auto error = playCycle(mode, *model.value(), renderer, software, motion, still, totals))
      return error;
    model.value().reset();  // closed before the next one is opened, as in the viewer
    ++cycles;
    samples[size_t(mode)].push_back(residentMiB());
    peak = std::max(peak, samples[size_t(mode)].back());
    if (elapsed() - lastRow >= 5.0) {
      lastRow = elapsed();
      std::printf("  %6.0f s %7d %8ld %10.1f %10d\n", elapsed(), cycles, totals.frames,
                  samples[size_t(mode)].back(), totals.glErrors);
      std::fflush(stdout);
    }
  }
  double growth = 0.0, growthMiB = 0.0;
  std::printf("memory (MiB, each mode settled -> at its end):");
  for (int m = 0; m < kModes; ++m) {
    const std::vector<double>& s = samples[size_t(m)];
    const size_t lastThird = std::max<size_t>(2, s.size() / 3);
    const double settled = std::max(s[1], s[2]);
    const double end = *std::min_element(s.end() - std::ptrdiff_t(lastThird), s.end());
    const double g = end / settled - 1.0;
    if (g > growth) growth = g, growthMiB = end - settled;
    const char* name = m < 2 ? kComparedStories[size_t(m)] : "side by side";
    std::printf(" %s %.1f -> %.1f (%+.1f%%)%s", name, settled, end, g * 100.0,
                m + 1 < kModes ? "," : "");
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "; highest sample %.1f, process peak %.1f\n%ld frames (%ld still), %ld picks, %d cycles; GL "
      "errors: %d\n",
      peak, double(usage.ru_maxrss) / 1024.0, totals.frames, totals.stills, totals.picks, cycles,
      totals.glErrors);
  if (totals.glErrors > 0)
    return Error{"the soak raised " + std::to_string(totals.glErrors) + " GL errors"};
  if (growthMiB > kAllowedGrowthMiB && growth > kAllowedGrowth)
    return Error{"memory grew " + std::to_string(int(growth * 100.0 + 0.5)) + "% (" +
                 std::to_string(int(growthMiB + 0.5)) +
                 " MiB) during the soak (at most 5% or 16 MiB allowed)"};
  return std::nullopt;
}

}  // namespace spineview::app
