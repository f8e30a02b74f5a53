// Other people's glTF, drawn as other viewers draw them: small files made with the project's
// glTF builder, one per class of file that once came out empty or wrong.
#include <catch2/catch.hpp>

#include "frame/snapshot.h"
#include "loader/gltf_builder.h"
#include "render/gl_fixture.h"
#include "scene/gltf/import.h"

using namespace spineview;
using namespace spineview::test;

namespace {

struct Loaded {
  Scene scene;
  Anatomy anatomy;
};

Loaded load(GltfBuilder builder, const std::string& name) {
  const auto path = builder.write(testFolder(name));
  auto scene = importGltf(path.string());
  INFO((scene ? std::string() : scene.error()));
  REQUIRE(scene.ok());
  Loaded out{std::move(scene.value()), {}};
  out.anatomy = Anatomy::of(out.scene);
  return out;
}

// The snapshot as --render makes it without --view, 96x64.
Image render(const Loaded& model) {
  Renderer& renderer = sharedRenderer();
  REQUIRE_FALSE(renderer.setScene(model.scene, model.anatomy.drawHints(model.scene)).has_value());
  SnapshotRequest request;
  request.width = 96;
  request.height = 64;
  auto image = renderSnapshot(renderer, model.scene, model.anatomy, request);
  REQUIRE(image.ok());
  CHECK(drainGlErrors().empty());
  return image.value();
}

glm::ivec3 pixel(const Image& image, int x, int y) {
  const size_t i = (size_t(y) * size_t(image.width) + size_t(x)) * 4;
  return {image.rgba[i], image.rgba[i + 1], image.rgba[i + 2]};
}

// A square in the XY plane facing +Z (counter-clockwise seen from the front), one-sided and
// pure red, as a test model meant to be seen from the front is made.
GltfBuilder frontFacingSquare() {
  GltfBuilder b;
  const int pos = b.positions({-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0});
  const int nrm = b.floats({0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1}, "VEC3", 3);
  const int idx = b.indices16({0, 1, 2, 0, 2, 3});
  b.doc["materials"] = {{{"pbrMetallicRoughness",
                          {{"baseColorFactor", {1.0, 0.0, 0.0, 1.0}}, {"metallicFactor", 0.0}}}}};
  b.mesh({{"attributes", {{"POSITION", pos}, {"NORMAL", nrm}}}, {"indices", idx}, {"material", 0}},
         "square");
  b.node({{"mesh", 0}, {"name", "square"}});
  b.doc["scenes"] = {{{"nodes", {0}}}};
  b.doc["scene"] = 0;
  return b;
}

}  // namespace

TEST_CASE("a model from elsewhere opens from the front, framed; SpineView's from the oblique view",
          "[foreign]") {
  std::string error;
  if (!glContext(&error)) {
    WARN("SKIPPED: no GL context: " << error);
    return;
  }
  const Loaded square = load(frontFacingSquare(), "front_facing_square");
  CHECK_FALSE(square.anatomy.followsSpineConvention());
  CHECK(std::string(square.anatomy.openingViewName()) == "anterior");
  CHECK(std::string(bundledAnatomy().openingViewName()) == "oblique");

  // Seen from behind, a one-sided surface is culled and the picture is background only.
  const Image image = render(square);
  const glm::ivec3 centre = pixel(image, 48, 32);
  INFO("centre " << centre.r << " " << centre.g << " " << centre.b);
  CHECK(centre.r > 120);
  CHECK(centre.g < 60);
  CHECK(centre.b < 60);
  // Framed: the square fills the middle of the picture and leaves the corners.
  const glm::ivec3 corner = pixel(image, 1, 1);
  CHECK_FALSE((corner.r > 120 && corner.g < 60));
}

TEST_CASE("a mesh without normals is shaded with flat normals, so its facets read", "[foreign]") {
  std::string error;
  if (!glContext(&error)) {
    WARN("SKIPPED: no GL context: " << error);
    return;
  }
  // A cube turned to show three faces from the front: once with eight shared corners and no
  // NORMAL attribute, once with each face's own corners and its normal written out.
  const glm::vec3 corner[8] = {{-1, -1, -1}, {1, -1, -1}, {1, 1, -1}, {-1, 1, -1},
                               {-1, -1, 1},  {1, -1, 1},  {1, 1, 1},  {-1, 1, 1}};
  const int faces[6][4] = {{0, 3, 2, 1}, {4, 5, 6, 7}, {0, 1, 5, 4},
                           {2, 3, 7, 6}, {1, 2, 6, 5}, {0, 4, 7, 3}};
  auto cube = [&](bool withNormals) {
    GltfBuilder b;
    std::vector<float> xyz, normals;
    std::vector<std::uint16_t> indices;
    if (withNormals) {
      for (const auto& f : faces) {
        const auto base = std::uint16_t(xyz.size() / 3);
        const glm::vec3 n = glm::normalize(glm::cross(corner[f[1]] - corner[f[0]], corner[f[2]] - corner[f[0]]));
        for (int c : f) {
          xyz.insert(xyz.end(), {corner[c].x, corner[c].y, corner[c].z});
          normals.insert(normals.end(), {n.x, n.y, n.z});
        }
        for (int i : {0, 1, 2, 0, 2, 3}) indices.push_back(std::uint16_t(base + i));
      }
    } else {
      for (const glm::vec3& c : corner) xyz.insert(xyz.end(), {c.x, c.y, c.z});
      for (const auto& f : faces)
        for (int i : {0, 1, 2, 0, 2, 3}) indices.push_back(std::uint16_t(f[i]));
    }
    nlohmann::json attributes = {{"POSITION", b.positions(xyz)}};
    if (withNormals) attributes["NORMAL"] = b.floats(normals, "VEC3", 3);
    b.mesh({{"attributes", attributes}, {"indices", b.indices16(indices)}}, "cube");
    b.node({{"mesh", 0}, {"name", "cube"}, {"rotation", {0.2798, 0.3647, 0.1159, 0.8805}}});
    b.doc["scenes"] = {{{"nodes", {0}}}};
    b.doc["scene"] = 0;
    return b;
  };
  const Image generated = render(load(cube(false), "cube_without_normals"));
  const Image written = render(load(cube(true), "cube_with_face_normals"));
  REQUIRE(generated.rgba.size() == written.rgba.size());
  int differing = 0, covered = 0;
  const glm::ivec3 background = pixel(written, 1, 1);
  for (int y = 0; y < written.height; ++y)
    for (int x = 0; x < written.width; ++x) {
      const glm::ivec3 a = pixel(generated, x, y), b = pixel(written, x, y);
      covered += glm::length(glm::vec3(b - background)) > 12.f;
      differing += glm::length(glm::vec3(a - b)) > 6.f;
    }
  INFO(covered << " pixels show the cube, " << differing << " differ");
  CHECK(covered > 600);
  CHECK(differing < 20);
}
