#include "app/headless_render.h"

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "app/app_settings.h"
#include "app/bench.h"
#include "app/label_overlay.h"
#include "frame/framing.h"
#include <nlohmann/json.hpp>

#include "case/case_rebuild.h"
#include "frame/story_dump.h"
#include "platform/headless_context.h"
#include "scene/gltf/import.h"
#include "story/story_list.h"

namespace spineview::app {

SnapshotRequest snapshotRequest(const CliOptions& options) {
  SnapshotRequest request;
  request.width = options.size.width;
  request.height = options.size.height;
  // Without --view a cut picks the view that looks at it, else the model its opening view.
  request.view = options.view;
  request.show = options.show;
  request.hide = options.hide;
  request.preset = options.preset;
  request.cut = options.cut;
  return request;
}

Result<std::optional<NamedView>> resolveView(const std::string& name) {
  if (name.empty()) return std::optional<NamedView>();  // each model's opening view
  if (auto v = findNamedView(name)) return std::optional<NamedView>(*v);
  return Error{"--view: unknown view '" + name + "'; valid views: " + namedViewList()};
}

Result<std::vector<HeadlessPicture>> headlessPictures(const CliOptions& options, const Scene& scene,
                                                      const Anatomy& anatomy, int width,
                                                      int height) {
  SnapshotRequest request = snapshotRequest(options);
  request.width = width;
  request.height = height;
  auto inputs = snapshotInputs(scene, anatomy, request);
  if (!inputs) return Error{inputs.error()};
  std::vector<std::string> names;
  if (options.compare) names = options.comparedStories;
  else if (!options.story.empty()) names.push_back(options.story);
  if (names.empty())
    return std::vector<HeadlessPicture>{{{}, {}, composeFrame(scene, anatomy, inputs.value())}};

  std::vector<HeadlessPicture> pictures;
  const float aspect = float(width) / float(std::max(height, 1));
  for (const std::string& name : names) {
    auto story = loadStoryFor(name, scene, anatomy.parts);
    if (!story) return Error{"cannot load the story: " + story.error()};
    if (options.at > story.value().duration)
      return Error{"--at " + std::to_string(options.at) + " s is past the end of the story (" +
                   std::to_string(story.value().duration) + " s)"};
    HeadlessPicture picture{std::move(story.value()), {}, {}};
    picture.state = evaluateStory(*picture.story, options.at);
    ViewInputs in = inputs.value();
    in.story = picture.state;
    // The story's camera unless --view asks for another; side by side there is one camera,
    // the left story's, as in the window's split view.
    if (options.view.empty()) {
      const StoryState& lead = pictures.empty() ? picture.state : pictures.front().state;
      if (auto camera = storyCamera(lead, scene, anatomy, aspect)) in.camera = *camera;
    }
    picture.frame = composeFrame(scene, anatomy, in);
    pictures.push_back(std::move(picture));
  }
  return pictures;
}

namespace {

// Two images side by side with a dark divider between them.
Image sideBySide(const Image& left, const Image& right) {
  Image out;
  out.width = left.width + right.width;
  out.height = std::max(left.height, right.height);
  out.rgba.assign(size_t(out.width) * out.height * 4, 0);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x) {
      const Image& from = x < left.width ? left : right;
      const int fx = x < left.width ? x : x - left.width;
      if (y >= from.height) continue;
      const auto* p = from.pixel(fx, y);
      auto* q = &out.rgba[(size_t(y) * out.width + x) * 4];
      const bool divider = x == left.width - 1 || x == left.width;
      for (int c = 0; c < 4; ++c) q[c] = divider ? (c == 3 ? 255 : 20) : p[c];
    }
  return out;
}

// --timings: the time of each phase since the previous mark, printed to stderr at the end.
class PhaseTimes {
 public:
  using Clock = std::chrono::steady_clock;
  void mark(const char* phase) {
    const auto now = Clock::now();
    phases_.push_back({phase, std::chrono::duration<double, std::milli>(now - last_).count()});
    last_ = now;
  }
  // A phase that ran on another thread, at the same time as the others.
  void beside(const char* phase, double ms) { beside_.push_back({phase, ms}); }
  void print(std::optional<double> beforeMainMs) const {
    std::fprintf(stderr, "timings (ms):");
    if (beforeMainMs) std::fprintf(stderr, " process start %.0f,", *beforeMainMs);
    double total = 0.0;
    for (const auto& [phase, ms] : phases_) {
      std::fprintf(stderr, " %s %.1f,", phase, ms);
      total += ms;
    }
    std::fprintf(stderr, " render total %.1f", total);
    for (const auto& [phase, ms] : beside_) std::fprintf(stderr, "; beside it, %s %.1f", phase, ms);
    std::fprintf(stderr, "\n");
  }

 private:
  Clock::time_point last_ = Clock::now();
  std::vector<std::pair<const char*, double>> phases_, beside_;
};

}  // namespace

namespace {

// The picture is written and closed and the report printed. Tearing down llvmpipe's context,
// the programs and a 100 MB scene would take about 40 ms that nobody waits for; the kernel
// frees all of it at exit (as compilers do).
[[noreturn]] void exitWithoutTeardown() {
  std::fflush(nullptr);
  std::_Exit(0);
}

// What the CPU prepares for a headless render: the model, its anatomy and each picture's
// frame. On the heap, so that the frames' references into the scene stay where they are.
struct PreparedRender {
  Scene scene;
  Anatomy anatomy;
  std::vector<HeadlessPicture> pictures;
  double milliseconds = 0.0;  // how long preparing took (on its own thread)
};

Result<std::unique_ptr<PreparedRender>> prepareRender(const CliOptions& options, int pictureWidth,
                                                      int height) {
  const auto begin = std::chrono::steady_clock::now();
  auto scene = importModel(options);
  if (!scene) return Error{scene.error()};
  auto prepared = std::make_unique<PreparedRender>();
  prepared->scene = std::move(scene.value());
  prepared->anatomy = Anatomy::of(prepared->scene);
  // Composing needs no GL: a bad view, layer or story is reported even without it.
  auto pictures =
      headlessPictures(options, prepared->scene, prepared->anatomy, pictureWidth, height);
  if (!pictures) return Error{pictures.error()};
  prepared->pictures = std::move(pictures.value());
  prepared->milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
  return prepared;
}

// The GL side, started while the model is read.
struct GlStart {
  Result<std::unique_ptr<HeadlessContext>> context = Error{"not started"};
  Result<std::unique_ptr<Renderer>> renderer = Error{"not started"};
};

}  // namespace

Status runRender(const CliOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  // The process's own start-up (loading libraries, static initialisation) before this call.
  const auto sinceStart = secondsSinceProcessStart();
  PhaseTimes times;

  const SnapshotRequest request = snapshotRequest(options);
  const int pictureWidth = options.compare ? std::max(request.width / 2, 1) : request.width;
  // The model is read and the frames composed on another thread while this one starts GL and
  // builds the shader programs (about 10 ms and 45 ms at 1280x800 here): neither waits for
  // the other. --dump-state alone needs no GL at all.
  auto preparing = std::async(std::launch::async, prepareRender, std::cref(options), pictureWidth,
                              request.height);
  const bool needsGl = !options.renderOut.empty() || !options.picks.empty();
  GlStart gl;
  if (needsGl) {
    gl.context = HeadlessContext::create();
    times.mark("GL context");
    if (gl.context)
      gl.renderer =
          Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
    times.mark("shaders");
  }
  auto prepared = preparing.get();
  if (!prepared) return Error{prepared.error()};
  times.mark("waiting for the import");
  times.beside("import and compose", prepared.value()->milliseconds);
  const Scene& scene = prepared.value()->scene;
  const Anatomy& anatomy = prepared.value()->anatomy;
  const std::vector<HeadlessPicture>& pictures = prepared.value()->pictures;

  // A folder that is not there fails now, not after the render.
  std::error_code ec;
  const auto folder = std::filesystem::absolute(options.renderOut, ec).parent_path();
  if (!options.renderOut.empty() && !std::filesystem::is_directory(folder, ec))
    return Error{"cannot write " + options.renderOut + ": the folder " + folder.string() +
                 " does not exist"};

  const HeadlessPicture& first = pictures.front();
  if (options.dumpState && first.story) {
    // The story's state, and the case the model shows (as its case file writes it) with the
    // root that case's leaked material touches.
    auto dump = nlohmann::ordered_json::parse(dumpStoryState(*first.story, first.state, first.frame, scene));
    if (auto shown = modelOptions(scene)) {
      auto c = nlohmann::ordered_json::parse(caseToJson(Case{"", *shown, {}}));
      c.erase("label");
      c["touchedRoot"] = spinegen::touchedRoot(*shown);
      dump["case"] = c;
    }
    std::printf("%s\n", dump.dump(2).c_str());
  }
  if (!needsGl) return std::nullopt;

  if (!gl.context) return Error{"cannot render: " + gl.context.error()};
  if (!gl.renderer) return Error{gl.renderer.error()};
  Renderer& renderer = *gl.renderer.value();
  if (auto error = renderer.setScene(scene, anatomy.drawHints(scene))) return error;
  times.mark("upload");

  // Picks first: the picked node is outlined in the image, as the viewer outlines it.
  std::vector<int> picked;
  if (!options.picks.empty()) {
    const NodeIdImage ids =
        renderer.renderNodeIds(first.frame, request.width, request.height);
    if (ids.ids.empty()) return Error{"cannot allocate the picking buffer"};
    for (const Pixel& p : options.picks) {
      const int node = ids.nodeAt(p.x, p.y);
      picked.push_back(node);
      std::printf("%s\n", node >= 0 ? scene.nodes[size_t(node)].name.c_str() : "none");
    }
  }
  if (options.renderOut.empty()) return std::nullopt;

  std::vector<Image> images;
  for (const HeadlessPicture& picture : pictures) {
    RenderTarget target(RenderTarget::Kind::Offscreen, pictureWidth, request.height,
                        request.settings.msaaSamples);
    if (!target.complete())
      return Error{"cannot allocate a " + std::to_string(pictureWidth) + "x" +
                   std::to_string(request.height) + " render target"};
    renderer.render(picture.frame, target);
    target.bindFinished();
    if (&picture == &first && !options.compare)
      for (int node : picked) renderer.drawOutline(node, kOutlineColor, kOutlineWidth);
    if (options.labels)
      if (auto drawn = drawLabelsOnTarget(target, scene, anatomy, picture.frame); !drawn)
        return Error{"cannot draw the labels: " + drawn.error()};
    images.push_back(target.readPixels());
  }
  times.mark("frame and read back");
  const Image image = images.size() > 1 ? sideBySide(images[0], images[1]) : images[0];
  if (auto err = writePng(image, options.renderOut)) return err;
  times.mark("PNG");
  if (options.timings)
    times.print(sinceStart ? std::optional<double>(*sinceStart * 1e3) : std::nullopt);

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (options.compare) {
    std::printf("%s %dx%d (%s | %s at %.1f s) %.2f s\n", options.renderOut.c_str(), image.width,
                image.height, options.comparedStories[0].c_str(), options.comparedStories[1].c_str(),
                options.at, seconds);
    exitWithoutTeardown();
  }
  // With --pick, stdout holds only the picked names, for scripts.
  std::fprintf(options.picks.empty() ? stdout : stderr, "%s %dx%d %.2f s\n",
               options.renderOut.c_str(), options.size.width, options.size.height, seconds);
  exitWithoutTeardown();
}

}  // namespace spineview::app
