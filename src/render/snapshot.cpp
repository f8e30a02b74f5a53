#include "render/snapshot.h"

namespace spineview {

Bounds visibleBounds(const Scene& scene, const LayerState& layers) {
  Bounds bounds;
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    const LayerSetting& layer = layers.of(layerKeyOf(node.info));
    if (node.mesh >= 0 && layer.visible && layer.opacity > 0.f)
      bounds.grow(scene.nodeWorldBounds(static_cast<int>(i)));
  }
  return bounds.valid() ? bounds : scene.worldBounds();
}

Result<FrameState> snapshotFrame(const Scene& scene, const SnapshotRequest& request) {
  if (request.width <= 0 || request.height <= 0 || request.width > kMaxSnapshotSide ||
      request.height > kMaxSnapshotSide)
    return Error{"the image size must be between 1x1 and " + std::to_string(kMaxSnapshotSide) +
                 "x" + std::to_string(kMaxSnapshotSide) + ", not " +
                 std::to_string(request.width) + "x" + std::to_string(request.height)};
  const std::string viewName = !request.view.empty() ? request.view
                               : request.cut            ? cutViewName(request.cut->axis)
                                                        : "oblique";
  auto view = findNamedView(viewName);
  if (!view) {
    std::string names;
    for (const auto& v : namedViews()) names += (names.empty() ? "" : ", ") + v.name;
    return Error{"unknown view '" + viewName + "' (valid views: " + names + ")"};
  }
  const auto layers = findLayers(scene);
  FrameState frame;
  frame.settings = request.settings;
  frame.layers = LayerState::defaultsFor(scene, layers);
  if (request.showAllLayers)
    for (auto& [key, setting] : frame.layers.settings) setting.visible = true;
  for (const auto& name : request.hide) {
    if (!frame.layers.hide(layers, name)) {
      std::string names;
      for (const auto& l : layers) names += (names.empty() ? "" : ", ") + l.key;
      return Error{"no layer named '" + name + "' in this model (layers: " + names + ")"};
    }
  }
  if (!request.preset.empty() && !applyLayerPreset(request.preset, frame.layers, layers)) {
    std::string names;
    for (const auto& n : layerPresetNames()) names += (names.empty() ? "" : ", ") + n;
    return Error{"unknown preset '" + request.preset + "' (valid presets: " + names + ")"};
  }
  if (request.cut) frame.cut = makeCut(scene, *request.cut);
  const float aspect = static_cast<float>(request.width) / static_cast<float>(request.height);
  OrbitCamera camera;
  camera.setView(*view, false);
  camera.setClipBounds(scene.worldBounds());
  camera.frame(visibleBounds(scene, frame.layers), aspect, false);
  frame.camera = camera.matrices(aspect);
  return frame;
}

Result<Image> renderSnapshot(Renderer& renderer, const Scene& scene,
                             const SnapshotRequest& request) {
  auto frame = snapshotFrame(scene, request);
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
