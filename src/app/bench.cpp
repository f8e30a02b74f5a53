// The benchmark. Frame times call glFinish after every frame so they include the GPU (or
// llvmpipe) work, not just command submission. Every layer is shown, including the ones a
// model hides at first, because that is the heaviest thing a user can ask for.
#include "app/bench.h"

#include <glad/gl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/headless_render.h"
#include "app/view_inputs.h"
#include "app/viewer_app.h"
#include "case/case_rebuild.h"
#include "frame/framing.h"
#include "frame/warm_up.h"
#include "platform/headless_context.h"
#include "scene/gltf/import.h"
#include "story/story_list.h"
#include "story/story_player.h"
#include "video/child_process.h"

namespace spineview::app {

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }


double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double maxRssMiB(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

}  // namespace

double residentMiB() {
  malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

namespace {

std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string clockLabel(double seconds) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f s", seconds);
  return text;
}

// "(chapter 3)" for the moment a figure was measured at.
std::string chapterAtLabel(const Story& story, double t) {
  return "(chapter " + std::to_string(chapterAt(story, t) + 1) + ")";
}

bool haveDisplay() {
  const char* x = std::getenv("DISPLAY");
  const char* wl = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (wl && *wl);
}

// Story playback as the window draws it: motion frames while playing (simplified meshes and
// half-size transparency on a software rasteriser), the camera following the story, and both
// halves of the split view drawn each frame. One frame per half second of story time.
Status benchStories(Renderer& renderer, const Scene& scene, const Anatomy& anatomy, bool software) {
  constexpr Size kWindow{1280, 800};
  constexpr double kStep = 0.5;
  const int samples = software ? 0 : RenderSettings{}.msaaSamples;
  std::printf("story playback, %dx%d, motion frames (%dx) as drawn while playing, one per %.1f s "
              "of story time, glFinish per frame\n",
              kWindow.width, kWindow.height, samples, kStep);
  std::printf("  %-34s %8s %10s %10s %10s %16s\n", "story", "frames", "median", "p95", "worst",
              "worst at");
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {kComparedStories[0], {kComparedStories[0]}},
      {kComparedStories[1], {kComparedStories[1]}},
      {"side by side (2 x 640x800)", {kComparedStories.begin(), kComparedStories.end()}}};
  for (const auto& [label, names] : cases) {
    std::vector<Story> stories;
    for (const std::string& name : names) {
      auto story = loadStoryFor(name, scene, anatomy.parts);
      if (!story) {  // another model: the shipped stories name the bundled model's parts
        std::printf("  not measured: %s\n\n", story.error().c_str());
        return std::nullopt;
      }
      stories.push_back(std::move(story.value()));
    }
    StoryPlayer player;
    player.open(std::move(stories));
    const int panes = static_cast<int>(names.size());
    const Size pane{kWindow.width / panes, kWindow.height};
    const float aspect = static_cast<float>(pane.width) / static_cast<float>(pane.height);
    std::vector<std::unique_ptr<RenderTarget>> targets;
    for (int p = 0; p < panes; ++p)
      targets.push_back(std::make_unique<RenderTarget>(RenderTarget::Kind::Offscreen, pane.width,
                                                       pane.height, samples));
    OrbitCamera camera;
    camera.setClipBounds(scene.worldBounds());
    if (auto view = findNamedView(anatomy.openingViewName())) camera.setView(*view, false);
    camera.frame(visibleBounds(scene, anatomy, anatomy.defaultLayers()), aspect, false);
    std::vector<double> times;
    double worst = 0.0, worstAt = 0.0;
    for (double t = 0.0; t <= player.duration(); t += kStep) {
      const auto begin = Clock::now();
      player.seek(t);
      if (auto pose = storyCameraPose(player.state(0), scene, anatomy, aspect))
        camera.setPose(*pose, false);
      for (int p = 0; p < panes; ++p) {
        FrameState frame =
            composeFrame(scene, anatomy, benchViewInputs(anatomy, camera.matrices(aspect), player, p));
        frame.settings.interactiveLod = software;
        frame.settings.halfResolutionTransparency = software;
        renderer.render(frame, *targets[size_t(p)]);
      }
      glFinish();
      times.push_back(ms(Clock::now() - begin));
      if (times.back() > worst) {
        worst = times.back();
        worstAt = t;
      }
    }
    const std::string at =
        clockLabel(worstAt) + " " + chapterAtLabel(player.lead(), worstAt);
    std::printf("  %-34s %8zu %7.2f ms %7.2f ms %7.2f ms   %s\n", label.c_str(), times.size(),
                percentile(times, 0.5), percentile(times, 0.95), worst, at.c_str());
    std::fflush(stdout);
  }
  std::printf("\n");
  return std::nullopt;
}

}  // namespace

std::optional<double> secondsSinceProcessStart() {
  std::ifstream stat("/proc/self/stat");
  std::string line;
  if (!std::getline(stat, line)) return std::nullopt;
  const auto close = line.rfind(')');  // the command name may contain spaces
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  // After the name, "state" is field 3; starttime is field 22.
  for (int i = 3; i <= 22; ++i)
    if (!(fields >> field)) return std::nullopt;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  timespec boot{};
  if (ticks <= 0 || clock_gettime(CLOCK_BOOTTIME, &boot) != 0) return std::nullopt;
  const double now = static_cast<double>(boot.tv_sec) + boot.tv_nsec * 1e-9;
  return now - std::stod(field) / ticks;
}

namespace {

// A case change as the window makes it (case/case_rebuild.h): the rebuild on the worker thread
// (generator, encode, import, splice), then the upload and the simplified meshes on the main
// thread, where the frame waits. Three runs each, from the model as opened.
void benchCaseRebuilds(Renderer& renderer, const Scene& scene) {
  const auto start = modelOptions(scene);
  if (!start) return void(std::printf("case rebuilds: not measured (the model has no case)\n\n"));
  struct Change {
    const char* label;
    spinegen::Options to;
  };
  std::vector<Change> changes;
  auto with = [&](const char* label, auto edit) {
    spinegen::Options o = *start;
    edit(o);
    changes.push_back({label, o});
  };
  with("tear type (radial -> rim)", [](spinegen::Options& o) { o.tear = spinegen::TearType::Rim; });
  with("grade and clock (3, 5 o'clock)", [](spinegen::Options& o) { o.grade = 3; o.clockHours = 5.f; });
  with("leak (-> right paracentral)", [](spinegen::Options& o) { o.leak = spinegen::Leak::Paracentral; o.leakSide = 1; });
  with("level (-> L5-S1)", [](spinegen::Options& o) { o.level = "L5-S1"; });
  with("level (-> L3-L4)", [](spinegen::Options& o) { o.level = "L3-L4"; });
  std::printf("case rebuilds, as the window makes them (3 runs: min / median / max)\n");
  std::printf("  %-32s %26s %26s\n", "change", "worker thread", "main thread (upload)");
  for (const Change& c : changes) {
    std::vector<double> worker, main;
    for (int run = 0; run < 3; ++run) {
      const auto t0 = Clock::now();
      auto rebuilt = applyCase(scene, c.to);
      const auto t1 = Clock::now();
      if (!rebuilt) return void(std::printf("  %-32s failed: %s\n", c.label, rebuilt.error().c_str()));
      const Anatomy anatomy = Anatomy::of(rebuilt.value());
      if (renderer.setScene(rebuilt.value(), anatomy.drawHints(rebuilt.value()))) return;
      if (isSoftwareRenderer()) renderer.buildInteractiveLod(rebuilt.value());
      glFinish();
      worker.push_back(ms(t1 - t0));
      main.push_back(ms(Clock::now() - t1));
    }
    std::sort(worker.begin(), worker.end());
    std::sort(main.begin(), main.end());
    std::printf("  %-32s %6.0f / %6.0f / %6.0f ms %6.0f / %6.0f / %6.0f ms\n", c.label, worker[0], worker[1],
                worker[2], main[0], main[1], main[2]);
  }
  const Anatomy anatomy = Anatomy::of(scene);
  if (renderer.setScene(scene, anatomy.drawHints(scene))) return;  // the model as opened again
  std::printf("\n");
}

// Export rows: spineview --export in a child process (a context and renderer of its own, as
// an educator runs it), 1280x720 at 30 fps, encoding included; its last line gives the rate
// and its memory after the first frame and at the end.
void benchExport(const CliOptions& options) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || !findProgram("ffmpeg")) {
    std::printf("export: not measured (%s)\n\n", ec ? "cannot find this program" : "no ffmpeg");
    return;
  }
  const auto out = std::filesystem::temp_directory_path() / ("spineview-bench-" + std::to_string(getpid()) + ".mp4");
  std::printf("export to MP4 (H.264), 1280x720 at 30 fps, captions burnt in, encoding included\n");
  std::printf("  %-34s %8s %10s %22s\n", "what", "frames", "fps", "memory first -> end");
  struct Case { const char* label; std::string args; };
  const Case cases[] = {{"fibrin 0-5 s, motion", "--story fibrin --to 5"},
                        {"fibrin 0-5 s, still", "--story fibrin --to 5 --quality still"},
                        {"side by side 0-5 s, motion", "--compare --to 5"},
                        {"side by side 0-5 s, still", "--compare --to 5 --quality still"},
                        {"fibrin whole 90 s, motion", "--story fibrin"}};
  for (const Case& c : cases) {
    std::string cmd = shellQuote(self.string()) + " " + shellQuote(options.file) + " --export " +
                      shellQuote(out.string()) + " --size 1280x720 --fps 30 --captions burn " + c.args;
    if (!options.shaderDir.empty()) cmd += " --shaders " + shellQuote(options.shaderDir);
    std::string line;
    if (FILE* pipe = popen((cmd + " 2>/dev/null").c_str(), "r")) {
      char buf[1024];
      while (std::fgets(buf, sizeof buf, pipe)) line = buf;
      if (pclose(pipe) != 0) line.clear();
    }
    int frames = 0;
    double seconds = 0.0, fps = 0.0, first = 0.0, last = 0.0;
    // "OUT (N frames, WxH, F fps, FORMAT) in S s, R frames per second; memory A MiB after the
    // first frame, B MiB at the end"
    const auto open = line.find(" ("), close = line.find(") in ");
    if (open == std::string::npos || close == std::string::npos ||
        std::sscanf(line.c_str() + open, " (%d frames", &frames) != 1 ||
        std::sscanf(line.c_str() + close, ") in %lf s, %lf frames per second; memory %lf MiB after the first frame, %lf",
                    &seconds, &fps, &first, &last) != 4) {
      std::printf("  %-34s failed (run: %s)\n", c.label, cmd.c_str());
      continue;
    }
    std::printf("  %-34s %8d %10.1f %10.1f -> %.1f MiB\n", c.label, frames, fps, first, last);
    std::fflush(stdout);
  }
  std::filesystem::remove(out, ec);
  std::printf("\n");
}

}  // namespace

Status runBench(const CliOptions& options, Clock::time_point mainStart) {
  const auto t0 = Clock::now();
  auto context = HeadlessContext::create();
  if (!context) return Error{"cannot benchmark: " + context.error()};
  const auto t1 = Clock::now();
  auto scene = importGltf(options.file);
  if (!scene) return Error{scene.error()};
  const auto t2 = Clock::now();
  auto created =
      Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!created) return Error{created.error()};
  Renderer& renderer = *created.value();
  const auto t3 = Clock::now();
  const Anatomy anatomy = Anatomy::of(scene.value());
  if (auto error = renderer.setScene(scene.value(), anatomy.drawHints(scene.value()))) return error;
  const auto t4 = Clock::now();
  CliOptions firstOptions = options;
  firstOptions.size = Size{1280, 800};
  SnapshotRequest request = snapshotRequest(firstOptions);
  // The window's first frame is a quick one (as while the camera moves), refined right after.
  const int firstSamples = isSoftwareRenderer() ? 0 : request.settings.msaaSamples;
  SnapshotRequest firstRequest = request;
  firstRequest.settings.msaaSamples = firstSamples;
  auto first = renderSnapshot(renderer, scene.value(), anatomy, firstRequest);
  if (!first) return Error{first.error()};
  const auto t5 = Clock::now();
  const auto sinceStart = secondsSinceProcessStart();

  std::printf("SpineView benchmark\n");
  std::printf("  model     %s (%zu triangles, %zu layers)\n", options.file.c_str(),
              scene.value().triangleCount(), anatomy.layers.size());
  std::printf("  OpenGL    %s\n\n", context.value()->rendererName().c_str());

  std::printf("start to first frame (1280x800, %dx MSAA as the window's first frame, read back)\n",
              firstSamples);
  if (sinceStart) std::printf("  process start -> first frame   %8.1f ms\n", *sinceStart * 1e3);
  std::printf("  main() -> first frame          %8.1f ms\n", ms(t5 - mainStart));
  std::printf("    GL context %.1f ms, import %.1f ms, shaders %.1f ms, upload %.1f ms, "
              "first frame %.1f ms\n\n",
              ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(t5 - t4));

  request.showAllLayers = true;
  const auto view = findNamedView(snapshotViewName(request, anatomy));
  if (options.preset || options.cut)
    std::printf("inside views: preset %s, cut %s\n\n",
                options.preset ? layerPresetName(*options.preset) : "none",
                options.cut ? cutAxisName(options.cut->axis) : "none");

  // The window draws interactive frames (camera moving) on a software rasteriser without
  // multisampling and with simplified meshes (built after the first frame), and one full
  // multisampled still frame once the camera settles: time all of them.
  const bool software = isSoftwareRenderer();
  const int stillSamples = request.settings.msaaSamples;
  const int interactiveSamples = software ? 0 : stillSamples;
  if (software) {
    const auto lodStart = Clock::now();
    renderer.buildInteractiveLod(scene.value());
    std::printf("motion-frame meshes (built after the first frame): %.1f ms\n\n",
                ms(Clock::now() - lodStart));
  }
  constexpr int kWarmup = 5, kFrames = 60;
  std::printf("frame time, every layer on, camera orbiting, glFinish per frame (%d frames)\n",
              kFrames);
  std::printf("  %-10s %-28s %10s %10s %10s %10s %6s\n", "size", "frame", "median", "p95", "draws",
              "triangles", "caps");
  // The window frees a still target's draw buffers after each still (RenderTarget docs).
  struct Case { Size size; int samples; bool lod; std::string label; bool release = false; };
  const std::string samples = std::to_string(interactiveSamples) + "x";
  std::vector<Case> cases;
  for (const Size size : {Size{1280, 800}, Size{1920, 1080}}) {
    if (software) cases.push_back({size, interactiveSamples, true, "motion " + samples + ", simplified"});
    cases.push_back({size, interactiveSamples, false, "motion " + samples + ", full detail"});
    cases.push_back({size, stillSamples, false, "still " + std::to_string(stillSamples) + "x"});
    if (software && size.width == 1280)
      cases.push_back({size, stillSamples, false, "still, buffers per frame", true});
  }
  for (const Case& c : cases) {
    const Size size = c.size;
    request.width = size.width;
    request.height = size.height;
    auto start = snapshotInputs(scene.value(), anatomy, request);
    if (!start) return Error{start.error()};
    // Every layer on, as the snapshot sets it up.
    FrameState frame = composeFrame(scene.value(), anatomy, start.value());
    frame.settings.interactiveLod = c.lod;
    frame.settings.halfResolutionTransparency = c.lod;  // as the window's motion frames
    const float aspect = static_cast<float>(size.width) / static_cast<float>(size.height);
    OrbitCamera camera;  // framed as the snapshot frames, then turned a little each frame
    if (view) camera.setView(*view, false);
    camera.frame(visibleBounds(scene.value(), anatomy, start.value().layers), aspect, false);
    RenderTarget target(RenderTarget::Kind::Offscreen, size.width, size.height, c.samples);
    std::vector<double> times;
    for (int i = 0; i < kWarmup + kFrames; ++i) {
      camera.orbit(4.f, 0.f, static_cast<float>(size.height));
      camera.setPose(camera.goal(), /*animate=*/false);
      const auto begin = Clock::now();
      frame.camera = camera.matrices(aspect);
      renderer.render(frame, target);
      if (c.release) target.releaseDrawBuffers();
      glFinish();
      if (i >= kWarmup) times.push_back(ms(Clock::now() - begin));
    }
    const std::string label = std::to_string(size.width) + "x" + std::to_string(size.height);
    std::printf("  %-10s %-28s %7.2f ms %7.2f ms %10d %10zu %6d\n", label.c_str(),
                c.label.c_str(), percentile(times, 0.5), percentile(times, 0.95),
                renderer.lastStats().drawCalls, renderer.lastStats().triangles,
                renderer.lastStats().caps);
    std::fflush(stdout);  // rows appear as they are measured
  }
  std::printf("\n");
  std::fflush(stdout);
  // As the window does while idle after opening a model (once per driver, build and model):
  // the story rows then show playback without the driver compiling mid-story.
  const auto warmStart = Clock::now();
  DrawStateWarmUp warmUp(scene.value(), anatomy,
                         playableStories(scene.value(), anatomy, scanStories(defaultStoryDir())),
                         software);
  warmUp.finish(renderer);
  std::printf("draw-state warm-up (the window's, while idle): %zu probes, %.0f ms\n\n",
              warmUp.probes(), ms(Clock::now() - warmStart));
  if (auto error = benchStories(renderer, scene.value(), anatomy, software)) return error;
  benchCaseRebuilds(renderer, scene.value());
  benchExport(options);

  if (!haveDisplay()) {
    std::printf("idle CPU: not measured (no display)\n");
  } else {
    // A child process, so the window app is measured alone, as a user would run it.
    // /proc/self/exe would name the shell inside system(), so resolve it here.
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::string cmd = shellQuote(ec ? "spineview" : self.string()) + " --bench-idle " +
                      shellQuote(options.file);
    if (!options.shaderDir.empty()) cmd += " --shaders " + shellQuote(options.shaderDir);
    const int rc = std::system(cmd.c_str());
    if (rc != 0) std::printf("idle CPU: not measured (the window app failed, see above)\n");
  }
  std::printf("peak memory (ru_maxrss): bench process %.1f MiB\n", maxRssMiB(RUSAGE_SELF));
  return std::nullopt;
}

Status runBenchIdle(const CliOptions& options) {
  auto viewer = Viewer::create(options);
  if (!viewer) return Error{viewer.error()};
  const auto report = viewer.value()->run(options.benchIdleSeconds);
  if (!report) return Error{"the window was closed before the idle measurement ended"};
  std::printf("idle CPU (window app, %.1f s idle): %.2f %% of one core, %d frames drawn; "
              "peak memory %.1f MiB\n",
              report->seconds, 100.0 * report->cpuSeconds / report->seconds, report->framesDrawn,
              maxRssMiB(RUSAGE_SELF));
  return std::nullopt;
}

}  // namespace spineview::app
