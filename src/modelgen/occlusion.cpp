// Per-vertex ambient occlusion against a bounding volume hierarchy, see occlusion.h.
#include "occlusion.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace spinegen {

namespace {

constexpr uint32_t kLeafTriangles = 4;

// Slab test: whether the ray enters the box before tmax.
bool hitsBox(const glm::vec3& lo, const glm::vec3& hi, const glm::vec3& o, const glm::vec3& inv, float tmax) {
  glm::vec3 t0 = (lo - o) * inv, t1 = (hi - o) * inv;
  glm::vec3 tn = glm::min(t0, t1), tf = glm::max(t0, t1);
  float enter = std::max(std::max(tn.x, tn.y), std::max(tn.z, 0.f));
  float leave = std::min(std::min(tf.x, tf.y), std::min(tf.z, tmax));
  return enter <= leave;
}

// An orthonormal pair perpendicular to the unit vector n (Duff et al. 2017, branchless).
void tangents(const glm::vec3& n, glm::vec3& t, glm::vec3& b) {
  float s = std::copysign(1.f, n.z);
  float a = -1.f / (s + n.z);
  float c = n.x * n.y * a;
  t = glm::vec3(1.f + s * n.x * n.x * a, s * c, -s * n.x);
  b = glm::vec3(c, s + n.y * n.y * a, -n.y);
}

float radicalInverse(uint32_t i) {
  i = (i << 16u) | (i >> 16u);
  i = ((i & 0x55555555u) << 1u) | ((i & 0xAAAAAAAAu) >> 1u);
  i = ((i & 0x33333333u) << 2u) | ((i & 0xCCCCCCCCu) >> 2u);
  i = ((i & 0x0F0F0F0Fu) << 4u) | ((i & 0xF0F0F0F0u) >> 4u);
  i = ((i & 0x00FF00FFu) << 8u) | ((i & 0xFF00FF00u) >> 8u);
  return float(i) * 2.3283064365386963e-10f;
}

} // namespace

Occluders::Occluders(const std::vector<const Mesh*>& meshes) {
  std::vector<glm::vec3> centre;
  for (const Mesh* m : meshes)
    for (size_t t = 0; t + 2 < m->idx.size(); t += 3) {
      const glm::vec3 &a = m->pos[m->idx[t]], &b = m->pos[m->idx[t + 1]], &c = m->pos[m->idx[t + 2]];
      tri_.push_back({a, b - a, c - a});
      centre.push_back((a + b + c) / 3.f);
    }
  if (tri_.empty()) return;
  nodes_.reserve(2 * tri_.size() / kLeafTriangles + 1);
  build(0, uint32_t(tri_.size()), centre);
}

// Splits at the median along the longest axis of the centres; returns the node's index.
uint32_t Occluders::build(uint32_t first, uint32_t count, std::vector<glm::vec3>& centre) {
  glm::vec3 lo(1e30f), hi(-1e30f), clo(1e30f), chi(-1e30f);
  for (uint32_t k = first; k < first + count; ++k) {
    const Tri& t = tri_[k];
    for (const glm::vec3& p : {t.a, t.a + t.e1, t.a + t.e2}) { lo = glm::min(lo, p); hi = glm::max(hi, p); }
    clo = glm::min(clo, centre[k]);
    chi = glm::max(chi, centre[k]);
  }
  uint32_t self = uint32_t(nodes_.size());
  nodes_.push_back({lo, hi, first, count, 0});
  if (count <= kLeafTriangles) return self;
  glm::vec3 ext = chi - clo;
  int axis = ext.x >= ext.y && ext.x >= ext.z ? 0 : ext.y >= ext.z ? 1 : 2;
  // Sort an index range, then permute triangles and centres together: ties broken by index keep it
  // independent of the standard library's partition order.
  std::vector<uint32_t> order(count);
  for (uint32_t k = 0; k < count; ++k) order[k] = first + k;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return centre[a][axis] < centre[b][axis] || (centre[a][axis] == centre[b][axis] && a < b);
  });
  std::vector<Tri> t(count);
  std::vector<glm::vec3> c(count);
  for (uint32_t k = 0; k < count; ++k) { t[k] = tri_[order[k]]; c[k] = centre[order[k]]; }
  std::copy(t.begin(), t.end(), tri_.begin() + first);
  std::copy(c.begin(), c.end(), centre.begin() + first);
  uint32_t half = count / 2;
  nodes_[self].count = 0;
  build(first, half, centre);
  uint32_t right = build(first + half, count - half, centre);
  nodes_[self].right = right;
  return self;
}

float Occluders::firstHit(const glm::vec3& o, const glm::vec3& d, float tmin, float tmax) const {
  if (nodes_.empty()) return tmax;
  const glm::vec3 inv(1.f / d.x, 1.f / d.y, 1.f / d.z);
  uint32_t stack[64];  // the median split keeps the depth under 32 for any triangle count
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& n = nodes_[stack[--top]];
    if (!hitsBox(n.lo, n.hi, o, inv, tmax)) continue;
    if (n.count == 0) {
      // The left child follows its parent; the right one was recorded.
      uint32_t left = uint32_t(&n - nodes_.data()) + 1;
      stack[top++] = n.right;
      stack[top++] = left;
      continue;
    }
    for (uint32_t k = n.first; k < n.first + n.count; ++k) {
      // Möller-Trumbore, front faces only: a ray that leaves a surface from inside started under a
      // neighbouring part's overlap (spine.cpp partField), which is no occlusion.
      const Tri& t = tri_[k];
      glm::vec3 p = glm::cross(d, t.e2);
      float det = glm::dot(t.e1, p);
      if (det < 1e-12f) continue;
      float invDet = 1.f / det;
      glm::vec3 s = o - t.a;
      float u = glm::dot(s, p) * invDet;
      if (u < 0.f || u > 1.f) continue;
      glm::vec3 q = glm::cross(s, t.e1);
      float v = glm::dot(d, q) * invDet;
      if (v < 0.f || u + v > 1.f) continue;
      float dist = glm::dot(t.e2, q) * invDet;
      if (dist > tmin && dist < tmax) tmax = dist;
    }
  }
  return tmax;
}

std::vector<float> bakeOcclusion(const Mesh& m, const Occluders& occ, const OcclusionOptions& opt) {
  std::vector<float> out(m.pos.size(), 1.f);
  const int rays = std::max(1, opt.rays);
  auto work = [&](size_t part) {
    for (size_t i = part; i < m.pos.size(); i += 2) {
      glm::vec3 n = i < m.nrm.size() ? m.nrm[i] : glm::vec3(0, 1, 0);
      float len = glm::length(n);
      if (len < 1e-6f) continue;
      n /= len;
      glm::vec3 t, b;
      tangents(n, t, b);
      // A Hammersley set turned by a fixed per-vertex angle: neighbours sample different
      // directions, so the residual noise is fine grain rather than bands.
      float turn = float(i) * 0.6180339887f;
      turn -= std::floor(turn);
      float shade = 0.f;
      for (int r = 0; r < rays; ++r) {
        float u = (float(r) + 0.5f) / float(rays), phi = 2.f * kPi * (radicalInverse(uint32_t(r)) + turn);
        float sinTheta = std::sqrt(u), cosTheta = std::sqrt(1.f - u);  // cosine-weighted
        glm::vec3 d = t * (sinTheta * std::cos(phi)) + b * (sinTheta * std::sin(phi)) + n * cosTheta;
        float hit = occ.firstHit(m.pos[i], d, opt.startMm, opt.reachMm);
        float x = hit / opt.reachMm;
        shade += 1.f - x * x;  // near bone shades fully, fading out toward the reach
      }
      // Squared: a viewer multiplies the base colour by it in linear light, where a plain share
      // would read as barely darker once the picture is encoded for the screen.
      float open = 1.f - opt.strength * shade / float(rays);
      out[i] = open * open;
    }
  };
  std::thread other(work, 1);
  work(0);
  other.join();
  return out;
}

} // namespace spinegen
