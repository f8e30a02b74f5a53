// The colour pipeline end to end: a known linear radiance must come out of the PNG as the
// tone-mapped, sRGB-encoded byte. Catches a missing or doubled sRGB encode, a lost tone map,
// or lighting leaking into a surface that should show only its emission.
#include <catch2/catch.hpp>
#include <cmath>

#include "frame/snapshot.h"
#include "render/gl_fixture.h"

using namespace spineview;
using namespace spineview::test;

namespace {

// The shader's Khronos PBR Neutral tone map for a grey value below the compression knee.
float toneMappedGrey(float x) { return x < 0.08f ? x - (x - 6.25f * x * x) : x - 0.04f; }

float srgbEncode(float c) {
  return c <= 0.0031308f ? 12.92f * c : 1.055f * std::pow(c, 1.f / 2.4f) - 0.055f;
}

// A square facing +Z whose only light is its own emission: black metal reflects nothing.
Scene emissiveSquare(float emission) {
  Scene s;
  Material m;
  m.baseColor = glm::vec4(0, 0, 0, 1);
  m.metallic = 1.f;
  m.roughness = 1.f;
  m.emissive = glm::vec3(emission);
  s.materials.push_back(m);
  Primitive p;
  p.positions = {{-1, -1, 0}, {1, -1, 0}, {1, 1, 0}, {-1, 1, 0}};
  p.normals.assign(4, glm::vec3(0, 0, 1));
  p.indices = {0, 1, 2, 0, 2, 3};
  p.material = 0;
  for (const auto& v : p.positions) p.bounds.grow(v);
  Mesh mesh;
  mesh.primitives.push_back(p);
  s.meshes.push_back(mesh);
  Node n;
  n.name = "square";
  n.mesh = 0;
  s.nodes.push_back(n);
  s.roots = {0};
  s.updateWorldTransforms();
  return s;
}

}  // namespace

TEST_CASE("linear emission reaches the PNG tone mapped and sRGB encoded") {
  Renderer& renderer = sharedRenderer();
  for (float emission : {0.05f, 0.2f, 0.5f}) {
    const Scene scene = emissiveSquare(emission);
    const Anatomy anatomy = Anatomy::of(scene);
    REQUIRE_FALSE(renderer.setScene(scene, anatomy.drawHints(scene)).has_value());
    SnapshotRequest request;
    request.width = 64;
    request.height = 64;
    request.view = "anterior";
    auto image = renderSnapshot(renderer, scene, anatomy, request);
    REQUIRE(image.ok());
    const auto* centre = image.value().pixel(32, 32);
    const float expected = 255.f * srgbEncode(toneMappedGrey(emission));
    INFO("emission " << emission << " expected " << expected << " got " << int(centre[0]));
    for (int c = 0; c < 3; ++c) CHECK(std::abs(centre[c] - expected) <= 2.f);
  }
  CHECK(drainGlErrors().empty());
}
