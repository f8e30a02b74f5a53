// A case rebuild (buildCaseParts) gives exactly the parts the whole build gives for the same
// options, however the case got there; on a draft grid, which changes nothing in the rule.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include "modelgen/model.h"

using namespace spinegen;

namespace {

Options draft(Options o) {
  o.cellScale = 1.6f;
  return o;
}

// What a viewer holding `model` keeps: its bones and the annuli not rebuilt, in metres.
CaseRebuild keptFrom(const Scene& model, const Options& from, const Options& to) {
  CaseRebuild r = rebuildBetween(from, to);
  auto metres = [](Mesh m) {
    for (glm::vec3& p : m.pos) p = p * 0.001f;
    return m;
  };
  for (const SceneNode& n : model.nodes)
    for (const Primitive& p : n.prims)
      if (p.material == "bone.cortical") r.bones.push_back(metres(p.mesh));
  for (int d = 0; d < 3; ++d)
    if (std::find(r.discs.begin(), r.discs.end(), d) == r.discs.end())
      for (const SceneNode& n : model.nodes)
        if (n.name == discGroupName(d) + ".annulus") r.annuli[size_t(d)] = metres(n.prims.front().mesh);
  return r;
}

const SceneNode* find(const Scene& s, const std::string& name) {
  for (const SceneNode& n : s.nodes)
    if (n.name == name) return &n;
  return nullptr;
}

// Every node of the parts equals the whole build's node of that name, mesh and texts.
void checkSameAsWhole(const Scene& parts, const Scene& whole) {
  CHECK(parts.nodes.front().extras == whole.nodes.front().extras);  // root, with the options
  for (size_t i = 1; i < parts.nodes.size(); ++i) {
    const SceneNode& p = parts.nodes[i];
    const SceneNode* w = find(whole, p.name);
    INFO(p.name);
    REQUIRE(w);
    CHECK(p.extras == w->extras);
    REQUIRE(p.prims.size() == w->prims.size());
    for (size_t k = 0; k < p.prims.size(); ++k) {
      const Mesh& a = p.prims[k].mesh;
      const Mesh& b = w->prims[k].mesh;
      CHECK(p.prims[k].material == w->prims[k].material);
      CHECK(a.pos == b.pos);
      CHECK(a.nrm == b.nrm);
      CHECK(a.idx == b.idx);
      CHECK(a.ambient == b.ambient);
      CHECK(p.prims[k].targets.size() == w->prims[k].targets.size());
    }
  }
}

} // namespace

TEST_CASE("a case rebuild gives the whole build's parts, and back gives the same bytes", "[model][case]") {
  const Options start = draft({});
  const Scene base = buildModel(start, nullptr);

  Options other = start;  // a level change: disc groups at both levels, the hardware, the sealing
  other.level = "L5-S1";
  other.tear = TearType::Circumferential;
  other.grade = 3;
  other.clockHours = 5.f;
  other.leak = Leak::Paracentral;
  other.leakSide = 1;
  auto t0 = std::chrono::steady_clock::now();
  const Scene parts = buildCaseParts(other, keptFrom(base, start, other), nullptr);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("level change rebuild (draft grid): %zu nodes, %.2f s\n", parts.nodes.size(), seconds);
  CHECK(find(parts, "disc.L4-L5"));
  CHECK(find(parts, "disc.L5-S1.tear.extruded"));
  CHECK(find(parts, "hardware.cage.L5-S1"));
  CHECK_FALSE(find(parts, "L4.body"));
  CHECK_FALSE(find(parts, "disc.L3-L4"));
  checkSameAsWhole(parts, buildModel(other, nullptr));

  // Tear only, then back: the same bytes as the first time.
  Options torn = start;
  torn.tear = TearType::Rim;
  torn.hiz = false;
  torn.leak = Leak::Central;
  const CaseRebuild there = keptFrom(base, start, torn);
  CHECK(there.discs == std::vector<int>{1});
  CHECK_FALSE(there.hardware);
  const std::vector<unsigned char> first = encodeGlb(buildCaseParts(torn, there, nullptr), 0.001f);
  const Scene between = buildCaseParts(other, keptFrom(base, start, other), nullptr);
  CHECK(encodeGlb(between, 0.001f) != first);
  CHECK(encodeGlb(buildCaseParts(torn, keptFrom(base, start, torn), nullptr), 0.001f) == first);
}
