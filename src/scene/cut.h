// A cutaway plane: the renderer removes everything on one side of it and caps the cut
// surfaces of closed parts. Plain data in world coordinates (glTF: metres), shared by the
// renderer, picking and labels so that all three agree on what was cut away.
#pragma once
#include <glm/glm.hpp>
#include <string>

#include "core/result.h"
#include "scene/scene.h"

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

// The anatomical cuts. Each removes the half a clinician looks from in the matching view:
// axial removes the superior half (seen from above), sagittal the patient's left (seen from
// the left), coronal the posterior half (seen from behind).
enum class CutAxis { Axial, Sagittal, Coronal };

struct CutSpec {
  CutAxis axis = CutAxis::Axial;
  float offsetMm = 0.f;  // moves the plane cranially, to the patient's left, or anteriorly
};

// Parses "axial", "sagittal" or "coronal", optionally followed by ":OFFSET_MM" ("axial:-4.5").
Result<CutSpec> parseCutSpec(const std::string& text);
const char* cutAxisName(CutAxis axis);
// The view that looks at a cut's surface: "axial", "left" or "posterior".
const char* cutViewName(CutAxis axis);

// Where standard cuts pass with no offset and how they are oriented: through the centre of the
// treated disc (the disc holding a tear), else of the first disc, aligned with that disc (an
// axial cut follows the disc's plane, as an MRI slice is angled along it); without discs,
// through the centre of the scene along the model axes (+Y up, +X left, +Z anterior).
struct CutFrame {
  glm::vec3 centre{0.f};
  glm::vec3 up{0.f, 1.f, 0.f}, left{1.f, 0.f, 0.f}, anterior{0.f, 0.f, 1.f};
};
CutFrame cutFrame(const Scene& scene);
CutPlane makeCut(const CutFrame& frame, const CutSpec& spec);
inline CutPlane makeCut(const Scene& scene, const CutSpec& spec) {
  return makeCut(cutFrame(scene), spec);
}

}  // namespace spineview
