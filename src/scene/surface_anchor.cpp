#include "scene/surface_anchor.h"

#include <cmath>
#include <limits>

namespace spineview {

namespace {

constexpr float kStillThere = 0.001f;  // metres: the placed point still on its triangle
constexpr float kFollowReach = 0.003f;  // metres: how far a rebuilt surface may have moved

struct Corners {
  glm::vec3 a, b, c;
};

std::optional<Corners> cornersOf(const Scene& scene, const Node& node, int primitive, int triangle) {
  if (node.mesh < 0) return std::nullopt;
  const auto& prims = scene.meshes[size_t(node.mesh)].primitives;
  if (primitive < 0 || size_t(primitive) >= prims.size()) return std::nullopt;
  const Primitive& p = prims[size_t(primitive)];
  if (!isTriangles(p) || triangle < 0 || size_t(triangle) * 3 + 2 >= p.indices.size())
    return std::nullopt;
  auto at = [&](int k) {
    return glm::vec3(node.world * glm::vec4(p.positions[p.indices[size_t(triangle) * 3 + size_t(k)]], 1.f));
  };
  return Corners{at(0), at(1), at(2)};
}

glm::vec3 pointIn(const Corners& c, glm::vec2 w) { return c.a * (1.f - w.x - w.y) + c.b * w.x + c.c * w.y; }

glm::vec3 normalOf(const Corners& c) {
  const glm::vec3 n = glm::cross(c.b - c.a, c.c - c.a);
  const float l = glm::length(n);
  return l > 0.f ? n / l : glm::vec3(0.f, 1.f, 0.f);
}

// The point of a triangle nearest p, as barycentric weights of its 2nd and 3rd corners.
glm::vec2 nearestWeights(const Corners& t, const glm::vec3& p) {
  // Projection onto the plane, then clamped onto the triangle edge by edge (enough here: the
  // search only has to find the nearest of many small triangles).
  const glm::vec3 e1 = t.b - t.a, e2 = t.c - t.a, d = p - t.a;
  const float d11 = glm::dot(e1, e1), d12 = glm::dot(e1, e2), d22 = glm::dot(e2, e2);
  const float denom = d11 * d22 - d12 * d12;
  if (!(std::fabs(denom) > 0.f)) return {0.f, 0.f};
  float u = (d22 * glm::dot(d, e1) - d12 * glm::dot(d, e2)) / denom;
  float v = (d11 * glm::dot(d, e2) - d12 * glm::dot(d, e1)) / denom;
  u = std::max(u, 0.f);
  v = std::max(v, 0.f);
  if (u + v > 1.f) {
    const float s = u + v;
    u /= s;
    v /= s;
  }
  return {u, v};
}

}  // namespace

bool operator==(const SurfaceAnchor& a, const SurfaceAnchor& b) {
  return a.node == b.node && a.primitive == b.primitive && a.triangle == b.triangle &&
         a.weights == b.weights && a.placed == b.placed;
}

bool operator==(const Notes& a, const Notes& b) {
  if (a.pins.size() != b.pins.size() || a.strokes.size() != b.strokes.size()) return false;
  for (size_t i = 0; i < a.pins.size(); ++i)
    if (!(a.pins[i].at == b.pins[i].at) || a.pins[i].text != b.pins[i].text) return false;
  for (size_t i = 0; i < a.strokes.size(); ++i) {
    const auto &x = a.strokes[i].points, &y = b.strokes[i].points;
    if (x.size() != y.size()) return false;
    for (size_t k = 0; k < x.size(); ++k)
      if (!(x[k] == y[k])) return false;
  }
  return true;
}

std::optional<AnchoredPoint> resolveAnchor(const Scene& scene, const SurfaceAnchor& anchor) {
  const int node = scene.findNode(anchor.node);
  if (node < 0) return std::nullopt;
  const Node& n = scene.nodes[size_t(node)];
  if (auto corners = cornersOf(scene, n, anchor.primitive, anchor.triangle)) {
    const glm::vec3 p = pointIn(*corners, anchor.weights);
    if (glm::length(p - anchor.placed) <= kStillThere) return AnchoredPoint{p, normalOf(*corners), node};
  }
  // The node's mesh changed (a case rebuild): the nearest point of its surface, if close.
  if (n.mesh < 0) return std::nullopt;
  std::optional<AnchoredPoint> best;
  float bestDistance = kFollowReach;
  const auto& prims = scene.meshes[size_t(n.mesh)].primitives;
  for (size_t pi = 0; pi < prims.size(); ++pi)
    for (size_t t = 0; isTriangles(prims[pi]) && t * 3 + 2 < prims[pi].indices.size(); ++t) {
      const Corners c = *cornersOf(scene, n, int(pi), int(t));
      const glm::vec3 p = pointIn(c, nearestWeights(c, anchor.placed));
      const float d = glm::length(p - anchor.placed);
      if (d < bestDistance) {
        bestDistance = d;
        best = AnchoredPoint{p, normalOf(c), node};
      }
    }
  return best;
}

std::optional<SurfaceAnchor> anchorOnRay(const Scene& scene, int node, const glm::vec3& origin,
                                         const glm::vec3& direction, const VertexPlacement& drawn,
                                         const std::function<bool(const glm::vec3&)>& keep) {
  if (node < 0 || size_t(node) >= scene.nodes.size()) return std::nullopt;
  const Node& n = scene.nodes[size_t(node)];
  if (n.mesh < 0) return std::nullopt;
  std::optional<SurfaceAnchor> best;
  float nearest = std::numeric_limits<float>::max();
  const auto& prims = scene.meshes[size_t(n.mesh)].primitives;
  for (size_t pi = 0; pi < prims.size(); ++pi) {
    const Primitive& p = prims[pi];
    if (!isTriangles(p)) continue;  // a pin sits on a surface
    auto place = [&](std::uint32_t v) {
      return drawn ? drawn(int(pi), v) : glm::vec3(n.world * glm::vec4(p.positions[v], 1.f));
    };
    for (size_t t = 0; t * 3 + 2 < p.indices.size(); ++t) {
      // Moller-Trumbore, front faces only: seen through a cut, the inside of the far wall is
      // not where a finger meant.
      const glm::vec3 a = place(p.indices[t * 3]), b = place(p.indices[t * 3 + 1]),
                      c = place(p.indices[t * 3 + 2]);
      const glm::vec3 e1 = b - a, e2 = c - a, h = glm::cross(direction, e2);
      const float det = glm::dot(e1, h);
      if (det < 1e-14f) continue;
      const float inv = 1.f / det;
      const glm::vec3 s = origin - a;
      const float u = inv * glm::dot(s, h);
      if (u < 0.f || u > 1.f) continue;
      const glm::vec3 q = glm::cross(s, e1);
      const float v = inv * glm::dot(direction, q);
      if (v < 0.f || u + v > 1.f) continue;
      const float along = inv * glm::dot(e2, q);
      if (along <= 0.f || along >= nearest) continue;
      if (keep && !keep(origin + direction * along)) continue;
      nearest = along;
      SurfaceAnchor anchor{n.name, int(pi), int(t), {u, v}, {}};
      anchor.placed = pointIn(*cornersOf(scene, n, int(pi), int(t)), anchor.weights);
      best = anchor;
    }
  }
  return best;
}

}  // namespace spineview
