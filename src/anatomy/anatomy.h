// What SpineView knows about a loaded scene beyond glTF, read once per model: each node's
// part (extras), the layers, the rig that bends the spine, and where the standard cuts pass.
// A model without SpineView's extras reads as parts of the "other" layer with no rig.
#pragma once
#include <vector>

#include "anatomy/cuts.h"
#include "anatomy/layers.h"
#include "anatomy/parts.h"
#include "anatomy/spine_rig.h"
#include "scene/draw_hints.h"
#include "scene/scene.h"

namespace spineview {

struct Anatomy {
  std::vector<PartInfo> parts;  // by node index
  std::vector<LayerInfo> layers;
  SpineRig rig;
  CutFrame cutFrame;
  LayerState defaults;  // the layers as the model opens: procedure parts hidden

  static Anatomy of(const Scene& scene);
  const PartInfo& part(int node) const { return parts[size_t(node)]; }
  const LayerState& defaultLayers() const { return defaults; }
  // True when some node carries SpineView's extras (a layer of its own); a model from
  // elsewhere reads as the "other" layer alone.
  bool followsSpineConvention() const;
  // The view a model opens in: the spine's posterolateral oblique view for SpineView's
  // models, the front (+Z, as every glTF viewer opens a file) for any other.
  const char* openingViewName() const { return followsSpineConvention() ? "oblique" : "anterior"; }
  // The renderer's hints for this model (render_hints.h); needs the scene it was read from.
  DrawHints drawHints(const Scene& scene) const;
};

}  // namespace spineview
