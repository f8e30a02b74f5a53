#include "scene/scene.h"

#include <cstdint>
#include <cstring>
#include <vector>

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
    for (const Primitive& p : meshes[size_t(n.mesh)].primitives)
      if (isTriangles(p)) count += p.indices.size() / 3;
  }
  return count;
}

namespace {

// A flat open-addressing table from a 64-bit key to a slot: isClosedSurface runs on every
// primitive when a model is uploaded, on the thread that waits for the first frame, and node
// based maps made it cost 13 ms for the bundled model.
class FlatSlots {
 public:
  explicit FlatSlots(size_t expected) {
    size_t size = 16;
    while (size < expected * 2) size *= 2;
    keys_.assign(size, kEmpty);
    mask_ = size - 1;
  }
  // The slot of `key`, claimed for it if it had none; `fresh` says which.
  size_t find(std::uint64_t key, bool& fresh) {
    size_t i = (key * 0x9E3779B97F4A7C15ull) >> 20 & mask_;
    while (keys_[i] != kEmpty && keys_[i] != key) i = (i + 1) & mask_;
    fresh = keys_[i] == kEmpty;
    keys_[i] = key;
    return i;
  }
  size_t size() const { return keys_.size(); }
  bool used(size_t slot) const { return keys_[slot] != kEmpty; }

  static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);  // never a key

 private:
  std::vector<std::uint64_t> keys_;
  size_t mask_ = 0;
};

}  // namespace

bool Scene::drawsAnything() const {
  for (const Node& n : nodes)
    if (n.mesh >= 0 && size_t(n.mesh) < meshes.size() && !meshes[size_t(n.mesh)].primitives.empty())
      return true;
  return false;
}

// Every edge, after welding vertices that share a position (normal and UV seams split
// them), is used by as many triangles in one direction as in the other. That is what the
// stencil parity needs: every ray crosses such a surface an even number of times. It also
// admits edges where two sheets touch (four uses), which meshing thin parts can produce.
bool isClosedSurface(const Primitive& p) {
  if (!isTriangles(p) || p.indices.size() < 12) return false;  // fewer than a tetrahedron's four triangles
  // Welding by the position's bits: positions that are equal as written weld.
  std::vector<std::uint32_t> weldedIndex(p.positions.size());
  {
    FlatSlots slots(p.positions.size());
    std::vector<std::uint32_t> first(slots.size());
    std::uint32_t welded = 0;
    for (size_t i = 0; i < p.positions.size(); ++i) {
      std::uint32_t bits[3];
      std::memcpy(bits, &p.positions[i], sizeof bits);
      // The three words mixed into one key. A slot remembers the first vertex that claimed
      // it, so another position with the same key (rare) moves on to a next key.
      std::uint64_t key =
          (std::uint64_t(bits[0]) << 32 | bits[1]) ^ (std::uint64_t(bits[2]) * 0xC2B2AE3D27D4EB4Full);
      for (;;) {
        if (key == FlatSlots::kEmpty) key = 0;
        bool fresh = false;
        const size_t slot = slots.find(key, fresh);
        if (fresh) first[slot] = static_cast<std::uint32_t>(i);
        if (fresh || std::memcmp(&p.positions[first[slot]], &p.positions[i], sizeof bits) == 0) {
          weldedIndex[i] = fresh ? welded++ : weldedIndex[first[slot]];
          break;
        }
        key = key * 31 + 7;  // another position with the same key: try the next key
      }
    }
  }
  struct EdgeUse {
    int count = 0;
    int direction = 0;  // +1 for a->b with a < b, -1 for the reverse
  };
  FlatSlots edgeSlots(p.indices.size());
  std::vector<EdgeUse> edges(edgeSlots.size());
  bool any = false;
  for (size_t t = 0; t + 2 < p.indices.size(); t += 3) {
    const std::uint32_t v[3] = {weldedIndex[p.indices[t]], weldedIndex[p.indices[t + 1]],
                                weldedIndex[p.indices[t + 2]]};
    if (v[0] == v[1] || v[1] == v[2] || v[0] == v[2]) continue;  // degenerate: no area
    for (int e = 0; e < 3; ++e) {
      const std::uint32_t a = v[e], b = v[(e + 1) % 3];
      const std::uint64_t key = (std::uint64_t(std::min(a, b)) << 32) | std::max(a, b);
      bool fresh = false;
      EdgeUse& use = edges[edgeSlots.find(key, fresh)];
      ++use.count;
      use.direction += a < b ? 1 : -1;
      any = true;
    }
  }
  for (size_t slot = 0; slot < edges.size(); ++slot)
    if (edgeSlots.used(slot) && (edges[slot].count % 2 != 0 || edges[slot].direction != 0))
      return false;
  return any;
}

}  // namespace spineview
