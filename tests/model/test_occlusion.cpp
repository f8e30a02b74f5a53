// Baked ambient occlusion (src/modelgen/occlusion.h): the baker on shapes whose answer is known, then
// the committed model: which parts carry it, and that the canal, the facet joints and the disc
// junctions are darker than the open faces.
#include <catch2/catch.hpp>

#include <cstdio>
#include <set>
#include "model_util.h"
#include "modelgen/occlusion.h"
#include "test_paths.h"

using namespace modeltest;
using glm::dvec3;

namespace {

// A square of side 2*half around centre in the plane of u and v, facing cross(u, v).
spinegen::Mesh quad(glm::vec3 centre, glm::vec3 u, glm::vec3 v, float half) {
  spinegen::Mesh m;
  m.pos = {centre - u * half - v * half, centre + u * half - v * half, centre + u * half + v * half,
           centre - u * half + v * half};
  m.idx = {0, 1, 2, 0, 2, 3};  // counter-clockwise seen from the side of cross(u, v)
  return m;
}

spinegen::Mesh probes(const std::vector<glm::vec3>& at, glm::vec3 normal) {
  spinegen::Mesh m;
  m.pos = at;
  m.nrm.assign(at.size(), normal);
  return m;
}

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / double(v.size());
}

const Model& model() {
  static Model m = load(spineview::test::bundledModel().string());
  return m;
}

} // namespace

TEST_CASE("the occlusion baker: open floor, corner, distance to a wall, back faces, repeatability", "[model][occlusion]") {
  using namespace spinegen;
  const glm::vec3 up(0, 1, 0);
  Mesh floor = quad(glm::vec3(0), glm::vec3(1, 0, 0), glm::vec3(0, 0, -1), 100.f);  // faces +y
  Mesh wall = quad(glm::vec3(0, 50, 0), glm::vec3(0, 1, 0), glm::vec3(0, 0, -1), 50.f);  // x = 0, faces -x
  Occluders occ({&floor, &wall});
  // Probes on the floor at x = -0.5, -5, -9 and -30 mm from the wall.
  Mesh m = probes({{-0.5f, 0, 0}, {-5.f, 0, 0}, {-9.f, 0, 0}, {-30.f, 0, 0}}, up);
  std::vector<float> b = bakeOcclusion(m, occ);
  std::printf("occlusion baker: %.3f %.3f %.3f %.3f\n", b[0], b[1], b[2], b[3]);
  CHECK(b[3] == 1.f);                 // nothing within reach
  CHECK(b[0] > 0.1f);                 // a corner is half open...
  CHECK(b[0] < 0.5f);                 // ...and clearly darker
  CHECK(b[0] < b[1]);
  CHECK(b[1] < b[2]);
  CHECK(b[2] < 1.f);
  // Under the wall's back (x > 0, the wall faces away): a ray leaving a surface is no occlusion.
  Mesh behind = probes({{0.5f, 0, 0}}, up);
  Occluders backOnly({&wall});
  CHECK(bakeOcclusion(behind, backOnly)[0] == 1.f);
  // The same input gives the same bytes.
  CHECK(bakeOcclusion(m, occ) == b);
}

TEST_CASE("the bundled model carries baked occlusion where tissue stays in place", "[model][occlusion]") {
  const Model& m = model();
  const std::set<std::string> receivers = {"bone.cortical", "annulus", "nerve", "dura", "ligament", "ligament.flavum"};
  for (const auto& n : m.nodes)
    for (const auto& p : n.prims) {
      INFO(n.name << " [" << p.material << "]");
      const bool receives = receivers.count(p.material) && p.targets == 0;
      CHECK(p.shade.size() == (receives ? p.pos.size() : 0));
      for (double s : p.shade) {
        REQUIRE(s >= 0.0);
        REQUIRE(s <= 1.0);
      }
    }

  // The dura inside the bony canal of L4 (between the levels of its pedicles) against the front of the
  // L4 body, which faces open space.
  const Prim& dura = *m.get("nerve.dura").prim("dura");
  const dvec3 up = vec3(m.get("L4").extras["frame"]["up"]), front = vec3(m.get("L4").extras["frame"]["anterior"]);
  const dvec3 origin = vec3(m.get("L4").extras["frame"]["origin"], 1000.0);
  std::vector<double> canal, anterior;
  for (size_t k = 0; k < dura.pos.size(); ++k)
    if (std::abs(glm::dot(dura.pos[k] - origin, up)) < 8.0) canal.push_back(dura.shade[k]);
  const Prim& body = *m.get("L4.body").prim("bone.cortical");
  for (size_t k = 0; k < body.pos.size(); ++k)
    if (glm::dot(body.nrm[k], front) > 0.9 && std::abs(glm::dot(body.pos[k] - origin, up)) < 6.0)
      anterior.push_back(body.shade[k]);

  // The L4 inferior articular facets where they face the L5 superior processes (within 3 mm).
  std::vector<double> facet;
  for (const char* side : {"left", "right"}) {
    const Prim& inf = *m.get(std::string("L4.articular.inferior.") + side).prim("bone.cortical");
    const Prim& sup = *m.get(std::string("L5.articular.superior.") + side).prim("bone.cortical");
    for (size_t k = 0; k < inf.pos.size(); k += 3)
      if (distance(sup, inf.pos[k]) < 3.0) facet.push_back(inf.shade[k]);
  }

  // The L4 body just beside the L4-L5 disc (0.3 to 2 mm from it: not the endplate under the disc).
  const Prim& ann = *m.get("disc.L4-L5.annulus").prim("annulus");
  std::vector<double> junction;
  for (size_t k = 0; k < body.pos.size(); ++k) {
    double d = distance(ann, body.pos[k]);
    if (d > 0.3 && d < 2.0) junction.push_back(body.shade[k]);
  }
  std::printf("baked occlusion, mean brightness: canal dura %.3f (%zu), L4 body front %.3f (%zu), L4-L5 facets %.3f "
              "(%zu), L4 body beside the disc %.3f (%zu)\n",
              mean(canal), canal.size(), mean(anterior), anterior.size(), mean(facet), facet.size(), mean(junction),
              junction.size());
  REQUIRE(canal.size() > 50);
  REQUIRE(anterior.size() > 20);
  REQUIRE(facet.size() > 20);
  REQUIRE(junction.size() > 50);
  CHECK(mean(anterior) > 0.9);
  CHECK(mean(canal) < 0.7);
  CHECK(mean(facet) < 0.6);
  // The disc casts the contact shadow here (0.92 against 0.98; 0.978 when only bone cast).
  CHECK(mean(junction) < mean(anterior) - 0.04);
}
