#include "frame/snapshot.h"

#include "frame/framing.h"

namespace spineview {

std::string snapshotViewName(const SnapshotRequest& request, const Anatomy& anatomy) {
  if (!request.view.empty()) return request.view;
  return request.cut ? cutViewName(request.cut->axis) : anatomy.openingViewName();
}

Result<ViewInputs> snapshotInputs(const Scene& scene, const Anatomy& anatomy,
                                  const SnapshotRequest& request) {
  if (request.width <= 0 || request.height <= 0 || request.width > kMaxSnapshotSide ||
      request.height > kMaxSnapshotSide)
    return Error{"the image size must be between 1x1 and " + std::to_string(kMaxSnapshotSide) +
                 "x" + std::to_string(kMaxSnapshotSide) + ", not " + std::to_string(request.width) +
                 "x" + std::to_string(request.height)};
  const std::string viewName = snapshotViewName(request, anatomy);
  auto view = findNamedView(viewName);
  if (!view) {
    std::string names;
    for (const auto& v : namedViews()) names += (names.empty() ? "" : ", ") + v.name;
    return Error{"unknown view '" + viewName + "' (valid views: " + names + ")"};
  }
  ViewInputs in;
  in.settings = request.settings;
  in.layers = anatomy.defaultLayers();
  if (request.showAllLayers)
    for (auto& [key, setting] : in.layers.settings) setting.visible = true;
  if (auto error = in.layers.setAllVisible(anatomy.layers, request.show, true))
    return Error{"--show: " + error->message};
  if (auto error = in.layers.hideAll(anatomy.layers, request.hide))
    return Error{"--hide: " + error->message};
  if (request.preset) applyLayerPreset(*request.preset, in.layers, anatomy.layers);
  if (request.cut) in.cut = CutSettings::of(*request.cut);
  const float aspect = static_cast<float>(request.width) / static_cast<float>(request.height);
  in.camera = framedCamera(*view, visibleBounds(scene, anatomy, in.layers), scene, aspect);
  return in;
}

Result<FrameState> snapshotFrame(const Scene& scene, const Anatomy& anatomy,
                                 const SnapshotRequest& request) {
  auto in = snapshotInputs(scene, anatomy, request);
  if (!in) return Error{in.error()};
  return composeFrame(scene, anatomy, in.value());
}

Result<Image> renderSnapshot(Renderer& renderer, const Scene& scene, const Anatomy& anatomy,
                             const SnapshotRequest& request) {
  auto frame = snapshotFrame(scene, anatomy, request);
  if (!frame) return Error{frame.error()};
  RenderTarget target(RenderTarget::Kind::Offscreen, request.width, request.height,
                      request.settings.msaaSamples);
  if (!target.complete())
    return Error{"cannot allocate a " + std::to_string(request.width) + "x" +
                 std::to_string(request.height) + " render target with " +
                 std::to_string(target.samples()) + " samples (out of graphics memory?)"};
  renderer.render(frame.value(), target);
  return target.readPixels();
}

}  // namespace spineview
