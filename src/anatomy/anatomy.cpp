#include "anatomy/anatomy.h"

#include "anatomy/render_hints.h"

namespace spineview {

Anatomy Anatomy::of(const Scene& scene) {
  Anatomy a;
  a.parts = readParts(scene);
  a.layers = findLayers(scene, a.parts);
  a.rig = buildSpineRig(scene, a.parts);
  a.cutFrame = spineview::cutFrame(scene, a.parts);
  a.defaults = LayerState::defaultsFor(a.parts, a.layers);
  return a;
}

bool Anatomy::followsSpineConvention() const {
  for (const PartInfo& p : parts)
    if (p.layer != LayerKind::Other) return true;
  return false;
}

DrawHints Anatomy::drawHints(const Scene& scene) const {
  return spineview::drawHints(scene, parts, rig);
}

}  // namespace spineview
