// Swept tubes, see tube.h.
#include "tube.h"

#include <cmath>

namespace spinegen {

Mesh sweepTube(const std::vector<glm::vec3>& path, const std::vector<float>& radius, int sides,
               const glm::vec3& capStart, const glm::vec3& capEnd) {
  Mesh m;
  const size_t n = path.size();
  std::vector<glm::vec3> tangent(n);
  for (size_t i = 0; i < n; ++i) {
    glm::vec3 a = path[i == 0 ? 0 : i - 1], b = path[std::min(i + 1, n - 1)];
    tangent[i] = glm::normalize(b - a);
  }
  glm::vec3 ref = std::fabs(tangent[0].y) < 0.9f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0);
  glm::vec3 nrm = glm::normalize(glm::cross(tangent[0], ref));
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) { // parallel transport
      nrm = nrm - glm::dot(nrm, tangent[i]) * tangent[i];
      nrm = glm::normalize(nrm);
    }
    glm::vec3 bin = glm::cross(tangent[i], nrm);
    // Radius change along the path tilts the side normal.
    float dr = 0.f;
    if (n > 1) {
      size_t a = i == 0 ? 0 : i - 1, b = std::min(i + 1, n - 1);
      float len = glm::length(path[b] - path[a]);
      dr = len > 1e-6f ? (radius[a] - radius[b]) / len : 0.f;
    }
    for (int k = 0; k < sides; ++k) {
      float a = 2.f * kPi * float(k) / sides;
      glm::vec3 dir = std::cos(a) * nrm + std::sin(a) * bin;
      m.pos.push_back(path[i] + dir * radius[i]);
      m.nrm.push_back(glm::normalize(dir + tangent[i] * dr));
    }
  }
  for (size_t i = 0; i + 1 < n; ++i)
    for (int k = 0; k < sides; ++k) {
      uint32_t a = uint32_t(i * sides + k), b = uint32_t(i * sides + (k + 1) % sides);
      uint32_t c = a + sides, d = b + sides;
      m.idx.insert(m.idx.end(), {a, b, d, a, d, c});
    }
  uint32_t s0 = uint32_t(m.pos.size());
  m.pos.push_back(capStart);
  m.nrm.push_back(-tangent[0]);
  uint32_t s1 = uint32_t(m.pos.size());
  m.pos.push_back(capEnd);
  m.nrm.push_back(tangent[n - 1]);
  uint32_t last = uint32_t((n - 1) * sides);
  for (int k = 0; k < sides; ++k) {
    uint32_t a = uint32_t(k), b = uint32_t((k + 1) % sides);
    m.idx.insert(m.idx.end(), {s0, b, a});
    m.idx.insert(m.idx.end(), {s1, last + a, last + b});
  }
  // Orient outward: the winding above assumes (nrm, bin, tangent) is right-handed; check one face.
  glm::vec3 p0 = m.pos[m.idx[0]], p1 = m.pos[m.idx[1]], p2 = m.pos[m.idx[2]];
  glm::vec3 fn = glm::cross(p1 - p0, p2 - p0);
  if (glm::dot(fn, m.nrm[m.idx[0]]) < 0.f)
    for (size_t t = 0; t < m.idx.size(); t += 3) std::swap(m.idx[t + 1], m.idx[t + 2]);
  return m;
}

Mesh roundBar(const std::vector<glm::vec3>& path, float radius, int sides) {
  glm::vec3 t0 = glm::normalize(path[1] - path[0]);
  glm::vec3 t1 = glm::normalize(path.back() - path[path.size() - 2]);
  std::vector<glm::vec3> p;
  std::vector<float> r;
  const int rings = 4;
  for (int k = rings; k >= 1; --k) { // start hemisphere
    float a = (kPi * 0.5f) * float(k) / (rings + 1);
    p.push_back(path[0] - t0 * radius * std::sin(a));
    r.push_back(radius * std::cos(a));
  }
  for (const auto& q : path) { p.push_back(q); r.push_back(radius); }
  for (int k = 1; k <= rings; ++k) {
    float a = (kPi * 0.5f) * float(k) / (rings + 1);
    p.push_back(path.back() + t1 * radius * std::sin(a));
    r.push_back(radius * std::cos(a));
  }
  Mesh m = sweepTube(p, r, sides, path[0] - t0 * radius, path.back() + t1 * radius);
  // Smooth normals on a round bar: from the nearest centre-line point.
  for (size_t i = 0; i + 2 < m.pos.size(); ++i) {
    size_t ring = i / sides;
    glm::vec3 c = ring < size_t(rings) ? path[0] : (ring >= size_t(rings) + path.size() ? path.back() : p[ring]);
    m.nrm[i] = glm::normalize(m.pos[i] - c);
  }
  return m;
}

} // namespace spinegen
