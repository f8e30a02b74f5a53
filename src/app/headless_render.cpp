// The --render path on top of the core's snapshot, plus --view/--hide helpers.
#include "app/headless_render.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/app_settings.h"
#include "app/label_overlay.h"
#include "platform/headless_context.h"
#include "scene/gltf_import.h"
#include "story/story_frame.h"

namespace spineview::app {

SnapshotRequest snapshotRequest(const CliOptions& options) {
  SnapshotRequest request;
  request.width = options.size.width;
  request.height = options.size.height;
  // Without --view a cut picks the view that looks at it.
  request.view = options.view.empty() && !options.cut ? kDefaultViewName : options.view;
  request.hide = options.hide;
  request.preset = options.preset;
  request.cut = options.cut;
  return request;
}

std::string layerList(const std::vector<LayerInfo>& layers) {
  std::string list;
  for (const auto& l : layers) list += (list.empty() ? "" : ", ") + l.displayName + " (" + l.key + ")";
  return list.empty() ? "(none)" : list;
}

Status applyHides(const std::vector<LayerInfo>& layers, LayerState& state,
                  const std::vector<std::string>& names) {
  for (const auto& name : names)
    if (!state.hide(layers, name))
      return Error{"--hide: no layer named '" + name + "'; layers in this model: " +
                   layerList(layers)};
  return std::nullopt;
}

Result<std::optional<NamedView>> resolveView(const std::string& name) {
  if (name.empty()) return std::optional<NamedView>(findNamedView(kDefaultViewName));
  if (auto v = findNamedView(name)) return std::optional<NamedView>(*v);
  return Error{"--view: unknown view '" + name + "'; valid views: " + namedViewList()};
}

namespace {

// One side of a story render: the story, and its frame at --at.
struct StoryFrame {
  Story story;
  StoryState state;
  FrameState frame;
};

Result<StoryFrame> storyFrame(const std::string& nameOrPath, const StoryFrameInputs& in,
                              const FrameState& base, const CliOptions& options, int width,
                              int height) {
  const Scene& scene = in.scene;
  auto story = loadStoryFor(nameOrPath, scene);
  if (!story) return Error{"cannot load the story: " + story.error()};
  if (options.at > story.value().duration)
    return Error{"--at " + std::to_string(options.at) + " s is past the end of the story (" +
                 std::to_string(story.value().duration) + " s)"};
  StoryFrame out{std::move(story.value()), {}, base};
  out.state = evaluateStory(out.story, options.at);
  applyStoryState(out.state, in, out.frame);
  if (!options.cut && out.state.cut == "off" && !options.preset.empty())
    applyLayerPreset(options.preset, out.frame.layers, in.layers);
  // The story's camera unless --view asks for another.
  CameraMatrices camera;
  if (options.view.empty() &&
      storyCamera(out.state, scene, float(width) / float(std::max(height, 1)), camera))
    out.frame.camera = camera;
  return out;
}

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

}  // namespace

Status runRender(const CliOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();

  auto scene = importGltf(options.file);
  if (!scene) return Error{scene.error()};
  const SnapshotRequest request = snapshotRequest(options);
  // snapshotFrame needs no GL: a bad view or layer is reported even on a machine without it.
  auto checkedFrame = snapshotFrame(scene.value(), request);
  if (!checkedFrame) return Error{checkedFrame.error()};
  // A folder that is not there fails now, not after the render.
  std::error_code ec;
  const auto folder = std::filesystem::absolute(options.renderOut, ec).parent_path();
  if (!options.renderOut.empty() && !std::filesystem::is_directory(folder, ec))
    return Error{"cannot write " + options.renderOut + ": the folder " + folder.string() +
                 " does not exist"};

  auto context = HeadlessContext::create();
  if (!context) return Error{"cannot render: " + context.error()};
  auto renderer =
      Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!renderer) return Error{renderer.error()};
  if (auto error = renderer.value()->setScene(scene.value())) return error;

  // Stories: one, or the two shipped ones side by side on one timeline and camera.
  std::vector<StoryFrame> sides;
  const int sideWidth = options.compare ? std::max(request.width / 2, 1) : request.width;
  const auto layers = findLayers(scene.value());
  const SpineRig rig = buildSpineRig(scene.value());
  for (const std::string& name : options.compare ? std::vector<std::string>{"fibrin", "fusion"}
                                 : options.story.empty() ? std::vector<std::string>{}
                                                         : std::vector<std::string>{options.story}) {
    auto side = storyFrame(name, {scene.value(), rig, layers}, checkedFrame.value(), options,
                           sideWidth, request.height);
    if (!side) return Error{side.error()};
    sides.push_back(std::move(side.value()));
  }
  // Side by side there is one camera, the left story's, as in the window's split view.
  if (sides.size() > 1 && options.view.empty()) sides[1].frame.camera = sides[0].frame.camera;
  if (options.dumpState && !sides.empty())
    std::printf("%s\n", dumpStoryState(sides[0].story, sides[0].state, sides[0].frame,
                                        scene.value())
                            .c_str());
  if (options.dumpState && options.renderOut.empty() && options.picks.empty())
    return std::nullopt;
  const FrameState& frame = sides.empty() ? checkedFrame.value() : sides[0].frame;
  // Picks first: the picked node is outlined in the image, as the viewer outlines it.
  std::vector<int> picked;
  if (!options.picks.empty()) {
    const NodeIdImage ids = renderer.value()->renderNodeIds(frame, request.width, request.height);
    if (ids.ids.empty()) return Error{"cannot allocate the picking buffer"};
    for (const Pixel& p : options.picks) {
      const int node = ids.nodeAt(p.x, p.y);
      picked.push_back(node);
      std::printf("%s\n", node >= 0 ? scene.value().nodes[size_t(node)].name.c_str() : "none");
    }
  }
  if (options.renderOut.empty()) return std::nullopt;

  if (options.compare) {
    std::vector<Image> images;
    for (const StoryFrame& side : sides) {
      RenderTarget half(RenderTarget::Kind::Offscreen, sideWidth, request.height,
                        request.settings.msaaSamples);
      if (!half.complete()) return Error{"cannot allocate the side-by-side render targets"};
      renderer.value()->render(side.frame, half);
      half.bindFinished();
      if (options.labels)
        if (auto drawn = drawLabelsOnTarget(half, scene.value(), side.frame); !drawn)
          return Error{"cannot draw the labels: " + drawn.error()};
      images.push_back(half.readPixels());
    }
    if (auto err = writePng(sideBySide(images[0], images[1]), options.renderOut)) return err;
    std::printf("%s %dx%d (fibrin | fusion at %.1f s) %.2f s\n", options.renderOut.c_str(),
                2 * sideWidth, request.height, options.at,
                std::chrono::duration<double>(Clock::now() - start).count());
    return std::nullopt;
  }

  RenderTarget target(RenderTarget::Kind::Offscreen, request.width, request.height,
                      request.settings.msaaSamples);
  if (!target.complete())
    return Error{"cannot allocate a " + std::to_string(request.width) + "x" +
                 std::to_string(request.height) + " render target"};
  renderer.value()->render(frame, target);
  target.bindFinished();
  for (int node : picked) renderer.value()->drawOutline(node, kOutlineColor, kOutlineWidth);
  if (options.labels)
    if (auto drawn = drawLabelsOnTarget(target, scene.value(), frame); !drawn)
      return Error{"cannot draw the labels: " + drawn.error()};
  if (auto err = writePng(target.readPixels(), options.renderOut)) return err;

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // With --pick, stdout holds only the picked names, for scripts.
  std::fprintf(options.picks.empty() ? stdout : stderr, "%s %dx%d %.2f s\n", options.renderOut.c_str(), options.size.width,
              options.size.height, seconds);
  return std::nullopt;
}

}  // namespace spineview::app
