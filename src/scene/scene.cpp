#include "scene/scene.h"

#include <cstdint>
#include <cstring>
#include <unordered_map>

namespace spineview {

Bounds Bounds::transformed(const glm::mat4& m) const {
  Bounds out;
  if (!valid()) return out;
  for (int corner = 0; corner < 8; ++corner) {
    const glm::vec3 p((corner & 1) ? max.x : min.x, (corner & 2) ? max.y : min.y,
                      (corner & 4) ? max.z : min.z);
    const glm::vec4 q = m * glm::vec4(p, 1.f);
    // Projective matrices are not expected in a scene graph; divide anyway for correctness.
    out.grow(q.w != 0.f && q.w != 1.f ? glm::vec3(q) / q.w : glm::vec3(q));
  }
  return out;
}

void Scene::updateWorldTransforms() {
  // Top-down from every node without a parent. The visited marks keep a hierarchy edited into
  // a cycle (the importer never makes one) from looping forever.
  std::vector<char> visited(nodes.size(), 0);
  std::vector<int> stack;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].parent >= 0 && size_t(nodes[i].parent) < nodes.size()) continue;
    stack.push_back(int(i));
    while (!stack.empty()) {
      const int n = stack.back();
      stack.pop_back();
      if (visited[size_t(n)]) continue;
      visited[size_t(n)] = 1;
      Node& node = nodes[size_t(n)];
      const int p = node.parent;
      node.world =
          p >= 0 && size_t(p) < nodes.size() ? nodes[size_t(p)].world * node.local : node.local;
      for (int c : node.children)
        if (c >= 0 && size_t(c) < nodes.size()) stack.push_back(c);
    }
  }
}

Bounds Scene::nodeWorldBounds(int node) const {
  Bounds out;
  if (node < 0 || size_t(node) >= nodes.size()) return out;
  const Node& n = nodes[size_t(node)];
  if (n.mesh < 0 || size_t(n.mesh) >= meshes.size()) return out;
  for (const Primitive& p : meshes[size_t(n.mesh)].primitives)
    out.grow(p.bounds.transformed(n.world));
  return out;
}

Bounds Scene::worldBounds() const {
  Bounds out;
  for (size_t i = 0; i < nodes.size(); ++i) out.grow(nodeWorldBounds(int(i)));
  return out;
}

int Scene::findNode(const std::string& name) const {
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].name == name) return int(i);
  return -1;
}

std::size_t Scene::triangleCount() const {
  // Counted per drawing node: a mesh used by two nodes is drawn twice.
  std::size_t count = 0;
  for (const Node& n : nodes) {
    if (n.mesh < 0 || size_t(n.mesh) >= meshes.size()) continue;
    for (const Primitive& p : meshes[size_t(n.mesh)].primitives) count += p.indices.size() / 3;
  }
  return count;
}

// Every edge, after welding vertices that share a position (normal and UV seams split
// them), is used by as many triangles in one direction as in the other. That is what the
// stencil parity needs: every ray crosses such a surface an even number of times. It also
// admits edges where two sheets touch (four uses), which meshing thin parts can produce.
bool isClosedSurface(const Primitive& p) {
  if (p.indices.size() < 12) return false;  // fewer than a tetrahedron's four triangles
  struct PositionHash {
    size_t operator()(const glm::vec3& v) const {
      std::uint32_t bits[3];
      std::memcpy(bits, &v, sizeof bits);
      return (bits[0] * 73856093u) ^ (bits[1] * 19349663u) ^ (bits[2] * 83492791u);
    }
  };
  std::unordered_map<glm::vec3, std::uint32_t, PositionHash> welded;
  welded.reserve(p.positions.size());
  std::vector<std::uint32_t> weldedIndex(p.positions.size());
  for (size_t i = 0; i < p.positions.size(); ++i)
    weldedIndex[i] = welded.emplace(p.positions[i], static_cast<std::uint32_t>(welded.size()))
                         .first->second;
  struct EdgeUse {
    int count = 0;
    int direction = 0;  // +1 for a->b with a < b, -1 for the reverse
  };
  std::unordered_map<std::uint64_t, EdgeUse> edges;
  edges.reserve(p.indices.size());
  for (size_t t = 0; t + 2 < p.indices.size(); t += 3) {
    const std::uint32_t v[3] = {weldedIndex[p.indices[t]], weldedIndex[p.indices[t + 1]],
                                weldedIndex[p.indices[t + 2]]};
    if (v[0] == v[1] || v[1] == v[2] || v[0] == v[2]) continue;  // degenerate: no area
    for (int e = 0; e < 3; ++e) {
      const std::uint32_t a = v[e], b = v[(e + 1) % 3];
      const std::uint64_t key = (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
      EdgeUse& use = edges[key];
      ++use.count;
      use.direction += a < b ? 1 : -1;
    }
  }
  for (const auto& [key, use] : edges)
    if (use.count % 2 != 0 || use.direction != 0) return false;
  return !edges.empty();
}

}  // namespace spineview
