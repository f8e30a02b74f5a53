// The --render path on top of the core's snapshot, plus --view/--hide helpers.
#include "app/headless_render.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/app_settings.h"
#include "app/label_overlay.h"
#include "platform/headless_context.h"
#include "scene/gltf_import.h"

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

  const FrameState& frame = checkedFrame.value();
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
