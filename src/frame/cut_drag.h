// Moving a cut with a finger: a drag across the screen, measured along the cut's axis as it is
// drawn, becomes millimetres along that axis, so the plane follows the finger.
#pragma once
#include <glm/glm.hpp>

#include "anatomy/cuts.h"
#include "camera/orbit_camera.h"

namespace spineview {

// The new offset (clamped to +-40 mm) after a drag of `dragPixels` in a view `viewSize` pixels
// big seen through `camera`.
float draggedCutOffset(const CutSettings& cut, const CutFrame& frame, const CameraMatrices& camera,
                       glm::vec2 viewSize, glm::vec2 dragPixels);

}  // namespace spineview
