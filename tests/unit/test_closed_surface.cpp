// Which surfaces enclose a volume (the cutaway caps them, labels treat their inside as hidden):
// small cases that each break one part of the rule, and the fast test against a plain
// reference on every primitive of the bundled model.
#include <catch2/catch.hpp>
#include <array>
#include <cstring>
#include <map>
#include <utility>

#include "bundled_model.h"
#include "scene/scene.h"

using namespace spineview;

namespace {

// A unit cube as files write it: each face its own four vertices (normal seams), two triangles
// wound counter-clockwise seen from outside.
Primitive cube(glm::vec3 offset = glm::vec3(0.f)) {
  const glm::vec3 c[8] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                          {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  const int faces[6][4] = {{0, 3, 2, 1}, {4, 5, 6, 7}, {0, 1, 5, 4},
                           {2, 3, 7, 6}, {1, 2, 6, 5}, {0, 4, 7, 3}};
  Primitive p;
  for (const auto& f : faces) {
    const auto base = static_cast<std::uint32_t>(p.positions.size());
    for (int corner : f) p.positions.push_back(c[corner] + offset);
    for (std::uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) p.indices.push_back(base + i);
  }
  p.normals.assign(p.positions.size(), glm::vec3(0.f, 1.f, 0.f));
  return p;
}

Primitive joined(Primitive a, const Primitive& b) {
  const auto base = static_cast<std::uint32_t>(a.positions.size());
  a.positions.insert(a.positions.end(), b.positions.begin(), b.positions.end());
  a.normals.insert(a.normals.end(), b.normals.begin(), b.normals.end());
  for (std::uint32_t i : b.indices) a.indices.push_back(base + i);
  return a;
}

// The rule written plainly, with ordered maps: the reference the fast test must agree with.
bool closedByReference(const Primitive& p) {
  if (p.indices.size() < 12) return false;
  std::map<std::array<std::uint32_t, 3>, std::uint32_t> welded;  // by the bits as written
  std::vector<std::uint32_t> id;
  for (const glm::vec3& v : p.positions) {
    std::array<std::uint32_t, 3> bits;
    std::memcpy(bits.data(), &v, sizeof bits);
    id.push_back(welded.emplace(bits, std::uint32_t(welded.size())).first->second);
  }
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<int, int>> edges;
  for (size_t t = 0; t + 2 < p.indices.size(); t += 3) {
    const std::uint32_t v[3] = {id[p.indices[t]], id[p.indices[t + 1]], id[p.indices[t + 2]]};
    if (v[0] == v[1] || v[1] == v[2] || v[0] == v[2]) continue;
    for (int e = 0; e < 3; ++e) {
      const std::uint32_t a = v[e], b = v[(e + 1) % 3];
      auto& use = edges[{std::min(a, b), std::max(a, b)}];
      ++use.first;
      use.second += a < b ? 1 : -1;
    }
  }
  for (const auto& [edge, use] : edges)
    if (use.first % 2 != 0 || use.second != 0) return false;
  return !edges.empty();
}

}  // namespace

TEST_CASE("a closed surface: every welded edge used evenly, in both directions", "[scene]") {
  CHECK(isClosedSurface(cube()));

  Primitive open = cube();
  open.indices.resize(open.indices.size() - 3);  // one triangle missing
  CHECK_FALSE(isClosedSurface(open));

  Primitive flipped = cube();
  std::swap(flipped.indices[1], flipped.indices[2]);  // one triangle wound the other way
  CHECK_FALSE(isClosedSurface(flipped));

  Primitive withDegenerate = cube();
  for (std::uint32_t i : {0u, 0u, 1u}) withDegenerate.indices.push_back(i);  // no area: ignored
  CHECK(isClosedSurface(withDegenerate));

  // Two cubes touching along one edge: that edge is used four times, twice each way.
  CHECK(isClosedSurface(joined(cube(), cube(glm::vec3(1.f, 1.f, 0.f)))));
  // Apart, and one of them open: the pair is open.
  CHECK_FALSE(isClosedSurface(joined(cube(), open)));

  CHECK_FALSE(isClosedSurface(Primitive{}));
}

TEST_CASE("the closed-surface test agrees with the plain rule on every part of the bundled model", "[scene]") {
  const Scene& scene = test::bundledSpine().scene;
  int primitives = 0, closed = 0;
  for (const Mesh& mesh : scene.meshes)
    for (const Primitive& p : mesh.primitives) {
      INFO(mesh.name);
      const bool fast = isClosedSurface(p);
      CHECK(fast == closedByReference(p));
      ++primitives;
      closed += fast;
    }
  // Most parts are closed (bones, discs, roots); a few sheets are not.
  CHECK(primitives > 40);
  CHECK(closed > primitives / 2);
  CHECK(closed < primitives);
}
