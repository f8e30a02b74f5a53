// A case applied to a loaded scene (case/case_rebuild.h) is, node for node, the scene that
// importing the whole model built for that case gives; on a draft grid, which the rule ignores.
#include <catch2/catch.hpp>

#include "case/case_rebuild.h"
#include "modelgen/model.h"
#include "scene/gltf/import.h"

using namespace spineview;

namespace {

Scene imported(const spinegen::Options& o) {
  auto scene = importGltfFromMemory(spinegen::encodeGlb(spinegen::buildModel(o, nullptr), 0.001f), "model");
  REQUIRE(scene);
  return std::move(scene.value());
}

void checkSameScene(const Scene& a, const Scene& b) {
  REQUIRE(a.nodes.size() == b.nodes.size());
  CHECK(a.roots == b.roots);
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const Node &x = a.nodes[i], &y = b.nodes[i];
    INFO(x.name << " against " << y.name);
    REQUIRE(x.name == y.name);
    CHECK(x.parent == y.parent);
    CHECK(x.children == y.children);
    CHECK(x.extras == y.extras);
    REQUIRE((x.mesh < 0) == (y.mesh < 0));
    if (x.mesh < 0) continue;
    const auto &px = a.meshes[size_t(x.mesh)].primitives, &py = b.meshes[size_t(y.mesh)].primitives;
    REQUIRE(px.size() == py.size());
    for (size_t k = 0; k < px.size(); ++k) {
      CHECK(a.materials[size_t(px[k].material)].name == b.materials[size_t(py[k].material)].name);
      CHECK(px[k].positions == py[k].positions);
      CHECK(px[k].normals == py[k].normals);
      CHECK(px[k].colors == py[k].colors);
      CHECK(px[k].indices == py[k].indices);
      CHECK(px[k].morphPositions == py[k].morphPositions);
    }
  }
}

}  // namespace

TEST_CASE("a case applied to the loaded model equals the whole model built for it", "[case]") {
  spinegen::Options start;
  start.cellScale = 1.6f;
  const Scene base = imported(start);
  REQUIRE(modelOptions(base));
  CHECK(modelOptions(base)->sameCase(start));

  spinegen::Options to = start;
  to.level = "L3-L4";
  to.tear = spinegen::TearType::Rim;
  to.grade = 4;
  to.leak = spinegen::Leak::Foraminal;
  to.leakSide = 1;
  auto applied = applyCase(base, to);
  REQUIRE(applied);
  CHECK(modelOptions(applied.value())->sameCase(to));
  checkSameScene(applied.value(), imported(to));
  CHECK(applied.value().findNode("hardware.cage.L3-L4") >= 0);
  CHECK(applied.value().findNode("hardware.cage.L4-L5") < 0);

  // The same case again is the scene itself; a model spinegen did not make is refused.
  auto same = applyCase(applied.value(), to);
  REQUIRE(same);
  CHECK(same.value().nodes.size() == applied.value().nodes.size());
  Scene foreign = base;
  foreign.nodes[size_t(foreign.roots.front())].extras = "{}";
  auto refused = applyCase(foreign, to);
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error(), Catch::Contains("not made by spinegen"));
  spinegen::Options bad = to;
  bad.grade = 9;
  REQUIRE_FALSE(applyCase(base, bad));
}
