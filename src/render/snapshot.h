// One-call offscreen rendering of a whole scene from a named view: the path shared by
// `spineview --render`, the image tests and the benchmark. Needs a current GL context
// (HeadlessContext) and a Renderer that already holds the scene (Renderer::setScene).
#pragma once
#include <string>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "render/renderer.h"

namespace spineview {

struct SnapshotRequest {
  int width = 1280, height = 800;
  std::string view = "oblique";   // a namedViews() name
  std::vector<std::string> hide;  // layer keys or display names (see LayerState::hide)
  bool showAllLayers = false;     // also the initially hidden ones (procedure parts)
  RenderSettings settings;
};

// Bounds of the nodes in visible layers (the whole scene when none is visible), for framing.
Bounds visibleBounds(const Scene& scene, const LayerState& layers);

// The frame a snapshot draws: the scene framed from the view, default layers with `hide`
// applied. Fails with a message listing the valid names on an unknown view or layer.
Result<FrameState> snapshotFrame(const Scene& scene, const SnapshotRequest& request);

Result<Image> renderSnapshot(Renderer& renderer, const Scene& scene,
                             const SnapshotRequest& request);

}  // namespace spineview
