// A cutaway plane: the renderer removes everything on one side of it and caps the cut
// surfaces of closed parts. Plain data in world coordinates (glTF: metres), shared by the
// renderer, picking and labels so that all three agree on what was cut away. Where a model's
// standard cuts pass is the anatomy's business (anatomy/cuts.h).
#pragma once
#include <glm/glm.hpp>

namespace spineview {

struct CutPlane {
  bool enabled = false;
  glm::vec3 normal{0.f, -1.f, 0.f};  // unit; points into the half that is kept
  float offset = 0.f;                // kept where dot(normal, p) + offset >= 0

  float signedDistance(const glm::vec3& p) const { return glm::dot(normal, p) + offset; }
  bool keeps(const glm::vec3& p) const { return !enabled || signedDistance(p) >= 0.f; }
  // Through `point`, keeping the side `normal` points to.
  static CutPlane through(const glm::vec3& point, const glm::vec3& normal) {
    CutPlane c;
    c.enabled = true;
    c.normal = glm::normalize(normal);
    c.offset = -glm::dot(c.normal, point);
    return c;
  }
  bool operator==(const CutPlane& o) const {
    return enabled == o.enabled && (!enabled || (normal == o.normal && offset == o.offset));
  }
};

}  // namespace spineview
