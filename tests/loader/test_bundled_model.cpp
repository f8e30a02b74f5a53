// The bundled lumbar spine model (models/lumbar_spine.glb, made by the model generator) must
// load without warnings and carry the node names and layers the viewer relies on.
#include <catch2/catch.hpp>
#include <filesystem>
#include <iostream>

#include "anatomy/parts.h"
#include "scene/gltf/import.h"
#include "test_paths.h"

using namespace spineview;

TEST_CASE("the bundled lumbar spine model loads with its named, layered nodes", "[loader]") {
  const auto path = test::bundledModel();
  REQUIRE(std::filesystem::exists(path));  // the model is part of the repository
  auto result = importGltf(path.string());
  INFO((result.ok() ? std::string() : result.error()));
  REQUIRE(result.ok());
  const Scene& s = result.value();
  for (const auto& w : s.warnings) UNSCOPED_INFO("warning: " << w);
  CHECK(s.warnings.empty());
  CHECK(s.triangleCount() > 1000);
  CHECK(s.worldBounds().valid());

  const int l4 = s.findNode("L4");
  const int body = s.findNode("L4.body");
  const int annulus = s.findNode("disc.L4-L5.annulus");
  REQUIRE(l4 >= 0);
  REQUIRE(body >= 0);
  REQUIRE(annulus >= 0);
  const std::vector<PartInfo> parts = readParts(s);
  CHECK(parts[size_t(body)].level == "L4");
  CHECK(parts[size_t(body)].layer == LayerKind::Vertebra);
  CHECK(s.nodes[size_t(body)].mesh >= 0);
  CHECK(parts[size_t(annulus)].layer == LayerKind::Annulus);
  CHECK(parts[size_t(annulus)].level == "L4-L5");
  CHECK(s.nodes[size_t(annulus)].mesh >= 0);
  // Every drawn node belongs to a known layer and has a name to show.
  for (size_t i = 0; i < s.nodes.size(); ++i) {
    if (s.nodes[i].mesh < 0) continue;
    CHECK(parts[i].layer != LayerKind::Other);
    CHECK_FALSE(parts[i].displayName.empty());
  }
}
