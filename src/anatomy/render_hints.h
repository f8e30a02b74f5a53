// SpineView's rules for drawing its models (scene/draw_hints.h), from the parts' layers and
// the model's material names (models/README.md): how each tissue's cut surface looks
// (cortical shell, cancellous core, annulus lamellae, gel, nerve fascicles, graft), that a
// cancellous core only bounds a cut, that implants and gel win over the bone and ring around
// them, and how each part follows the spine's bones. A model without SpineView's layers and
// material names gets empty hints (and no bones), so it draws as plain glTF.
#pragma once
#include <vector>

#include "anatomy/parts.h"
#include "anatomy/spine_rig.h"
#include "scene/draw_hints.h"
#include "scene/scene.h"

namespace spineview {

DrawHints drawHints(const Scene& scene, const std::vector<PartInfo>& parts, const SpineRig& rig);

}  // namespace spineview
