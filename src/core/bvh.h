// A bounding volume hierarchy over triangles, for segment queries: what a ray from a point
// toward the camera meets first (label occlusion), and how often a ray from a point crosses a
// closed surface (inside tests). Median splits along the longest axis; built once per scene
// (about 60 ms for the bundled model's 100k triangles), queried many times per frame.
#pragma once
#include <glm/glm.hpp>
#include <vector>

namespace spineview {

class TriangleBvh {
 public:
  struct Triangle {
    glm::vec3 a, edge1, edge2;
    int node;     // the scene node it belongs to
    int surface;  // its closed (watertight) surface's index; -1 when its surface is open
  };

  explicit TriangleBvh(std::vector<Triangle> triangles);
  TriangleBvh() = default;

  // Calls hit(triangle, t) for each triangle the segment from + t * (to - from), 0 < t < 1,
  // meets (either face), until hit returns true; returns whether one did.
  template <typename Hit>
  bool forEachHit(const glm::vec3& from, const glm::vec3& to, Hit&& hit) const;

 private:
  struct BoxNode {
    glm::vec3 min, max;
    int first = 0, count = 0;  // triangles of a leaf; count == 0 marks an inner node
    int secondChild = 0;       // the first child follows its parent directly
  };
  int buildRange(int first, int count);
  static bool segmentHitsBox(const BoxNode& box, const glm::vec3& from, const glm::vec3& inverse);
  // Moller-Trumbore, both faces: where along the segment it meets the triangle, or -1.
  static float segmentHitsTriangle(const Triangle& t, const glm::vec3& from, const glm::vec3& dir);

  std::vector<Triangle> triangles_;
  std::vector<BoxNode> boxes_;
};

template <typename Hit>
bool TriangleBvh::forEachHit(const glm::vec3& from, const glm::vec3& to, Hit&& hit) const {
  if (boxes_.empty()) return false;
  const glm::vec3 dir = to - from;
  const glm::vec3 inverse = 1.f / dir;  // infinities on axis-parallel rays work in the slab test
  int stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const int index = stack[--top];
    const BoxNode& box = boxes_[size_t(index)];
    if (!segmentHitsBox(box, from, inverse)) continue;
    if (box.count == 0) {
      stack[top++] = box.secondChild;
      stack[top++] = index + 1;
      continue;
    }
    for (int i = box.first; i < box.first + box.count; ++i) {
      const Triangle& t = triangles_[size_t(i)];
      const float along = segmentHitsTriangle(t, from, dir);
      if (along > 0.f && along < 1.f && hit(t, along)) return true;
    }
  }
  return false;
}

}  // namespace spineview
