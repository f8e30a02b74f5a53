// The --render path on top of the core's snapshot, plus --view/--hide helpers.
#include "app/headless_render.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/app_settings.h"
#include "platform/headless_context.h"
#include "scene/gltf_import.h"

namespace spineview::app {

SnapshotRequest snapshotRequest(const CliOptions& options) {
  SnapshotRequest request;
  request.width = options.size.width;
  request.height = options.size.height;
  request.view = options.view.empty() ? kDefaultViewName : options.view;
  request.hide = options.hide;
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
  if (auto frame = snapshotFrame(scene.value(), request); !frame) return Error{frame.error()};
  // A folder that is not there fails now, not after the render.
  std::error_code ec;
  const auto folder = std::filesystem::absolute(options.renderOut, ec).parent_path();
  if (!std::filesystem::is_directory(folder, ec))
    return Error{"cannot write " + options.renderOut + ": the folder " + folder.string() +
                 " does not exist"};

  auto context = HeadlessContext::create();
  if (!context) return Error{"cannot render: " + context.error()};
  auto renderer =
      Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!renderer) return Error{renderer.error()};
  if (auto error = renderer.value()->setScene(scene.value())) return error;

  auto image = renderSnapshot(*renderer.value(), scene.value(), request);
  if (!image) return Error{image.error()};
  if (auto err = writePng(image.value(), options.renderOut)) return err;

  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%s %dx%d %.2f s\n", options.renderOut.c_str(), options.size.width,
              options.size.height, seconds);
  return std::nullopt;
}

}  // namespace spineview::app
