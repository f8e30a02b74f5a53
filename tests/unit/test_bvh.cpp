// The triangle hierarchy behind label occlusion: a segment meets exactly the triangles a test of
// every triangle finds, on both faces, and not beyond its ends.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "core/bvh.h"

using namespace spineview;

TEST_CASE("the BVH finds the triangles a segment crosses, as testing each one does", "[bvh]") {
  // A grid of small triangles over three parallel walls at z = 0, 1, 2.
  std::vector<TriangleBvh::Triangle> triangles;
  for (int wall = 0; wall < 3; ++wall)
    for (int i = 0; i < 20; ++i)
      for (int j = 0; j < 20; ++j) {
        const glm::vec3 a(float(i) * 0.1f, float(j) * 0.1f, float(wall));
        triangles.push_back({a, {0.1f, 0.f, 0.f}, {0.f, 0.1f, 0.f}, wall, -1});
        triangles.push_back(
            {a + glm::vec3(0.1f, 0.1f, 0.f), {-0.1f, 0.f, 0.f}, {0.f, -0.1f, 0.f}, wall, -1});
      }
  const TriangleBvh bvh(triangles);
  auto walls = [&](glm::vec3 from, glm::vec3 to) {
    std::multiset<int> hit;
    bvh.forEachHit(from, to, [&](const TriangleBvh::Triangle& t, float along) {
      CHECK(along > 0.f);
      CHECK(along < 1.f);
      hit.insert(t.node);
      return false;
    });
    return hit;
  };
  CHECK(walls({0.53f, 0.47f, -1.f}, {0.53f, 0.47f, 3.f}) == std::multiset<int>{0, 1, 2});
  CHECK(walls({0.53f, 0.47f, 3.f}, {0.53f, 0.47f, -1.f}) ==
        std::multiset<int>{0, 1, 2});                                                 // back faces
  CHECK(walls({0.53f, 0.47f, 0.5f}, {0.53f, 0.47f, 1.5f}) == std::multiset<int>{1});  // ends count
  CHECK(walls({0.53f, 0.47f, 0.5f}, {0.53f, 0.47f, 0.9f}).empty());
  CHECK(walls({5.f, 5.f, -1.f}, {5.f, 5.f, 3.f}).empty());    // beside the walls
  CHECK(walls({-1.f, 1.f, 0.5f}, {3.f, 1.f, 0.5f}).empty());  // parallel, between them
  // A slanted segment meets what a test of every triangle meets.
  const glm::vec3 from(0.13f, 0.21f, -0.5f), to(1.57f, 1.13f, 2.5f);  // clear of every edge
  int brute = 0;
  const glm::vec3 dir = to - from;
  for (const auto& t : triangles) {
    const glm::vec3 n = glm::cross(t.edge1, t.edge2);
    const float along = glm::dot(t.a - from, n) / glm::dot(dir, n);
    if (!(along > 0.f && along < 1.f)) continue;
    const glm::vec3 p = from + along * dir - t.a;
    const float u = p.x / t.edge1.x + 0.f, v = p.y / t.edge2.y + 0.f;
    if (u >= 0.f && v >= 0.f && u + v <= 1.f) ++brute;
  }
  CHECK(int(walls(from, to).size()) == brute);
  CHECK(brute == 3);
  // Stopping early: the first hit that says so ends the search.
  int calls = 0;
  CHECK(bvh.forEachHit({0.53f, 0.47f, -1.f}, {0.53f, 0.47f, 3.f},
                       [&](const TriangleBvh::Triangle&, float) { return ++calls == 1; }));
  CHECK(calls == 1);
  CHECK_FALSE(
      TriangleBvh().forEachHit(from, to, [](const TriangleBvh::Triangle&, float) { return true; }));
}
