// A point that stays on a structure's surface: the node, one of its triangles and where in it
// (barycentric weights), with the rest-pose position it was placed at. Pins and ink strokes
// (a patient's case, case/case_file.h) are made of these; annotate/notes.h poses and shows them.
#pragma once
#include <cstdint>
#include <functional>
#include <glm/glm.hpp>
#include <optional>
#include <string>
#include <vector>

#include "scene/scene.h"

namespace spineview {

struct SurfaceAnchor {
  std::string node;           // the node's name, so a rebuilt or reloaded model finds it again
  int primitive = 0;          // of the node's mesh
  int triangle = 0;           // index of the triangle (indices 3t..3t+2)
  glm::vec2 weights{0.f};     // barycentric weights of its 2nd and 3rd vertex (1st: 1 - u - v)
  glm::vec3 placed{0.f};      // rest-pose world position when placed (metres)
};

// A case's notes on the model: pins with a short text, and freehand strokes on the surface.
struct Pin {
  SurfaceAnchor at;
  std::string text;
};
struct Stroke {
  std::vector<SurfaceAnchor> points;
};
struct Notes {
  std::vector<Pin> pins;
  std::vector<Stroke> strokes;
  bool empty() const { return pins.empty() && strokes.empty(); }
};

// Exact equality: a file read back gives the same floats.
bool operator==(const SurfaceAnchor& a, const SurfaceAnchor& b);
bool operator==(const Notes& a, const Notes& b);

struct AnchoredPoint {
  glm::vec3 position{0.f};  // rest-pose world
  glm::vec3 normal{0.f, 1.f, 0.f};
  int node = -1;
};

// Where the anchor lies in `scene`: on its triangle when that is still where it was placed
// (within 1 mm); else, as after a case rebuilt the node's mesh, the nearest point of the same
// node within 3 mm; else nothing (the structure is gone or has moved away).
std::optional<AnchoredPoint> resolveAnchor(const Scene& scene, const SurfaceAnchor& anchor);

// Where a vertex of the node's primitive is drawn (world): at rest, or as a frame poses it.
using VertexPlacement = std::function<glm::vec3(int primitive, std::uint32_t vertex)>;

// The anchor where a ray first meets the outside of one node's triangles (front faces, as glTF
// winds them) as `drawn` places their vertices (null: at rest, node.world applied), at a point
// `keep` accepts (null: any; a cut keeps one side); `placed` is that point at rest. Nothing when
// it misses.
std::optional<SurfaceAnchor> anchorOnRay(const Scene& scene, int node, const glm::vec3& origin,
                                         const glm::vec3& direction,
                                         const VertexPlacement& drawn = nullptr,
                                         const std::function<bool(const glm::vec3&)>& keep = nullptr);

}  // namespace spineview
