// Which structures get a label, and where on each a leader line may end. Once per scene.
#pragma once
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "anatomy/parts.h"
#include "scene/scene.h"

namespace spineview {

// A point where a leader line may end: a vertex of the structure's mesh (or, under a cut, a
// point of its cut surface), so the line always ends on the structure.
struct SurfacePoint {
  glm::vec3 position{0.f};          // world space
  glm::vec3 normal{0.f, 1.f, 0.f};  // unit, pointing out of the structure
  bool preferred = false;           // on the part one points at (a vertebra's body)
  int node = -1;                    // the scene node it lies on
};

// One structure that gets a label; it shows while one of its nodes is drawn.
struct LabelTarget {
  std::string text;
  int priority = 0;                   // higher survives when space is short
  std::vector<int> nodes;             // the mesh nodes it names
  std::vector<SurfacePoint> anchors;  // candidate ends of its leader line
  glm::vec3 centre{0.f};              // of the preferred parts' bounds (all parts' if none)
  float radius = 0.f;                 // half the diagonal of those bounds
};

// What gets a label in `scene`, most important first (ties keep the file's node order).
// Models with the bundled model's extras (models/README.md) get one label per structure a
// clinician names: each vertebra once (text from its group, anchored preferably on the body),
// each disc (anchored on the annulus), the treated disc's nucleus, the tear parts, the dural sac
// and roots, and procedure parts (hardware merged by kind: "Pedicle screw", "Rod"). Models
// without display names get one label per named mesh node (its node name, else its mesh's
// name); unnamed nodes get none.
std::vector<LabelTarget> labelTargets(const Scene& scene, const std::vector<PartInfo>& parts);

}  // namespace spineview
