// Ambient occlusion baked once per vertex: the share of a cosine-weighted hemisphere of rays from
// each vertex that meets a bone within a short reach. Written as COLOR_0, it gives joints, foramina,
// the canal and the disc spaces their depth in any glTF viewer at no cost per frame.
#pragma once
#include <vector>
#include "mesher.h"

namespace spinegen {

struct OcclusionOptions {
  int rays = 64;           // per vertex
  float reachMm = 10.f;    // farther bone does not darken: contact shadow, not global shadow
  float startMm = 0.3f;    // hits nearer than this are the vertex's own or a coincident part surface
  float strength = 1.f;    // 1: a fully enclosed vertex goes black
};

// Triangles that cast occlusion, in a bounding volume hierarchy.
class Occluders {
public:
  explicit Occluders(const std::vector<const Mesh*>& meshes);
  // Distance to the nearest front face (counter-clockwise seen from outside) along the unit
  // direction d within (tmin, tmax), or tmax.
  float firstHit(const glm::vec3& o, const glm::vec3& d, float tmin, float tmax) const;
  size_t triangles() const { return tri_.size(); }

private:
  struct Tri { glm::vec3 a, e1, e2; };
  struct Node { glm::vec3 lo, hi; uint32_t first, count, right; };  // count 0: inner node
  std::vector<Tri> tri_;
  std::vector<Node> nodes_;
  uint32_t build(uint32_t first, uint32_t count, std::vector<glm::vec3>& centre);
};

// Brightness per vertex of m: (1 - strength * occluded share)^2, 1 in the open. Deterministic: each
// vertex's rays depend only on its index, and two threads split the vertices in a fixed way.
std::vector<float> bakeOcclusion(const Mesh& m, const Occluders& occ, const OcclusionOptions& opt = {});

} // namespace spinegen
