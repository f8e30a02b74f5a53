#include "core/bvh.h"

#include <algorithm>
#include <cmath>

namespace spineview {
namespace {

constexpr int kLeafTriangles = 8;

}  // namespace

TriangleBvh::TriangleBvh(std::vector<Triangle> triangles) : triangles_(std::move(triangles)) {
  if (!triangles_.empty()) buildRange(0, static_cast<int>(triangles_.size()));
}

int TriangleBvh::buildRange(int first, int count) {
  const int index = static_cast<int>(boxes_.size());
  boxes_.push_back({});
  glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
  glm::vec3 centreLo = lo, centreHi = hi;
  for (int i = first; i < first + count; ++i) {
    const Triangle& t = triangles_[size_t(i)];
    for (const glm::vec3& p : {t.a, t.a + t.edge1, t.a + t.edge2}) {
      lo = glm::min(lo, p);
      hi = glm::max(hi, p);
    }
    const glm::vec3 centre = t.a + (t.edge1 + t.edge2) / 3.f;
    centreLo = glm::min(centreLo, centre);
    centreHi = glm::max(centreHi, centre);
  }
  boxes_[size_t(index)].min = lo;
  boxes_[size_t(index)].max = hi;
  if (count <= kLeafTriangles) {
    boxes_[size_t(index)].first = first;
    boxes_[size_t(index)].count = count;
    return index;
  }
  // Median split along the longest axis of the triangle centres.
  const glm::vec3 extent = centreHi - centreLo;
  const int axis =
      extent.x >= extent.y && extent.x >= extent.z ? 0 : (extent.y >= extent.z ? 1 : 2);
  const int half = count / 2;
  std::nth_element(
      triangles_.begin() + first, triangles_.begin() + first + half,
      triangles_.begin() + first + count, [axis](const Triangle& a, const Triangle& b) {
        return (3.f * a.a + a.edge1 + a.edge2)[axis] < (3.f * b.a + b.edge1 + b.edge2)[axis];
      });
  buildRange(first, half);  // lands at index + 1
  const int second = buildRange(first + half, count - half);
  boxes_[size_t(index)].secondChild = second;
  return index;
}

bool TriangleBvh::segmentHitsBox(const BoxNode& b, const glm::vec3& from,
                                 const glm::vec3& inverse) {
  const glm::vec3 t0 = (b.min - from) * inverse, t1 = (b.max - from) * inverse;
  const glm::vec3 near = glm::min(t0, t1), far = glm::max(t0, t1);
  const float enter = std::max({near.x, near.y, near.z, 0.f});
  const float leave = std::min({far.x, far.y, far.z, 1.f});
  return enter <= leave;
}

float TriangleBvh::segmentHitsTriangle(const Triangle& t, const glm::vec3& from,
                                       const glm::vec3& dir) {
  const glm::vec3 p = glm::cross(dir, t.edge2);
  const float det = glm::dot(t.edge1, p);
  if (std::abs(det) < 1e-20f) return -1.f;
  const float invDet = 1.f / det;
  const glm::vec3 s = from - t.a;
  const float u = glm::dot(s, p) * invDet;
  if (u < 0.f || u > 1.f) return -1.f;
  const glm::vec3 q = glm::cross(s, t.edge1);
  const float v = glm::dot(dir, q) * invDet;
  if (v < 0.f || u + v > 1.f) return -1.f;
  return glm::dot(t.edge2, q) * invDet;
}

}  // namespace spineview
