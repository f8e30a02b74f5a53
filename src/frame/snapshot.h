// A frame of the whole model from a named view, as `spineview --render` asks for it: default
// layers with some hidden and a preset, a cut, framed on what shows. The view inputs are also
// where a headless story render starts (app/headless_render.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "anatomy/anatomy.h"
#include "anatomy/cuts.h"
#include "anatomy/layers.h"
#include "core/image.h"
#include "core/result.h"
#include "frame/compose.h"
#include "render/renderer.h"

namespace spineview {

// The largest image side a snapshot accepts; beyond it buffers exceed what software GL can
// allocate (a 8192x8192 4x target is already about 2 GiB).
inline constexpr int kMaxSnapshotSide = 8192;

struct SnapshotRequest {
  int width = 1280, height = 800;
  std::string view;               // a namedViews() name; empty: the cut's, else the model's
  std::vector<std::string> show;  // layers hidden by default to show (see LayerState::setVisible)
  std::vector<std::string> hide;  // layer keys or display names (see LayerState::setVisible)
  bool showAllLayers = false;     // also the initially hidden ones (procedure parts)
  std::optional<LayerPreset> preset;
  std::optional<CutSpec> cut;
  RenderSettings settings;
};

// The view a snapshot looks from: the request's, else the one that looks at its cut, else
// the model's opening view (Anatomy::openingViewName).
std::string snapshotViewName(const SnapshotRequest& request, const Anatomy& anatomy);

// The inputs of a snapshot: the model framed from the view (its visible layers), default
// layers with `hide` and the preset applied, and the cut. Fails with a message listing the
// valid names on an unknown view or layer, or on a size out of range.
Result<ViewInputs> snapshotInputs(const Scene& scene, const Anatomy& anatomy,
                                  const SnapshotRequest& request);
// composeFrame of those inputs.
Result<FrameState> snapshotFrame(const Scene& scene, const Anatomy& anatomy,
                                 const SnapshotRequest& request);

// Fails with a message on a bad request or when the render target cannot be allocated.
Result<Image> renderSnapshot(Renderer& renderer, const Scene& scene, const Anatomy& anatomy,
                             const SnapshotRequest& request);

}  // namespace spineview
