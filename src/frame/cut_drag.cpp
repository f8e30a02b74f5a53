#include "frame/cut_drag.h"

#include <algorithm>

namespace spineview {

float draggedCutOffset(const CutSettings& cut, const CutFrame& frame, const CameraMatrices& m,
                       glm::vec2 viewSize, glm::vec2 dragPixels) {
  auto toScreen = [&](const glm::vec3& p) {
    const glm::vec4 c = m.projection * m.view * glm::vec4(p, 1.f);
    return glm::vec2(c.x / c.w, -c.y / c.w) * 0.5f * viewSize;
  };
  const glm::vec3 centre = frame.centre;
  const glm::vec2 tenMm =
      toScreen(centre + cutAxisDirection(cut, frame) * 0.01f) - toScreen(centre);
  float mm = 0.f;
  if (glm::length(tenMm) > 8.f)
    mm = glm::dot(dragPixels, glm::normalize(tenMm)) * 10.f / glm::length(tenMm);
  else  // the axis points at the camera: dragging up moves the plane toward the viewer
    mm = -dragPixels.y * 10.f / std::max(8.f, glm::length(tenMm) + 8.f);
  return std::clamp(cut.offsetMm + mm, -40.f, 40.f);
}

}  // namespace spineview
