// One-call offscreen rendering of a whole scene from a named view: the path shared by
// `spineview --render`, the image tests and the benchmark. Needs a current GL context
// (HeadlessContext) and a Renderer that already holds the scene (Renderer::setScene).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "render/renderer.h"
#include "scene/cut.h"

namespace spineview {

// The largest image side a snapshot accepts; beyond it buffers exceed what software GL can
// allocate (a 8192x8192 4x target is already about 2 GiB).
inline constexpr int kMaxSnapshotSide = 8192;

struct SnapshotRequest {
  int width = 1280, height = 800;
  std::string view;               // a namedViews() name; empty: the cut's view, else oblique
  std::vector<std::string> hide;  // layer keys or display names (see LayerState::hide)
  bool showAllLayers = false;     // also the initially hidden ones (procedure parts)
  std::string preset;             // a layerPresetNames() name, e.g. "xray"; empty: none
  std::optional<CutSpec> cut;
  RenderSettings settings;
};

// Bounds of the nodes in visible layers (the whole scene when none is visible), for framing.
Bounds visibleBounds(const Scene& scene, const LayerState& layers);

// The frame a snapshot draws: the scene framed from the view, default layers with `hide` and
// the preset applied, and the cut. Fails with a message listing the valid names on an unknown
// view, layer or preset.
Result<FrameState> snapshotFrame(const Scene& scene, const SnapshotRequest& request);

// Fails with a message on a bad request or when the render target cannot be allocated.
Result<Image> renderSnapshot(Renderer& renderer, const Scene& scene,
                             const SnapshotRequest& request);

}  // namespace spineview
