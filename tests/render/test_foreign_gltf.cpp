// Other people's glTF, drawn as other viewers draw them: small files made with the project's
// glTF builder, one per class of file that once came out empty or wrong.
#include <catch2/catch.hpp>

#include "frame/snapshot.h"
#include "loader/gltf_builder.h"
#include "render/gl_fixture.h"
#include "scene/gltf/import.h"
#include "core/image.h"

#include <fstream>
#include <iterator>

using namespace spineview;
using namespace spineview::test;

namespace {

// False, with a visible message, where no GL context can be made.
bool haveGl() {
  std::string error;
  if (glContext(&error)) return true;
  WARN("SKIPPED: no GL context: " << error);
  return false;
}

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
  if (!haveGl()) return;
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
  if (!haveGl()) return;
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

TEST_CASE("points, lines, line strips and loops are drawn, in their colour", "[foreign]") {
  if (!haveGl()) return;
  // The outline of a square as a green line loop, its corners as magenta points.
  GltfBuilder b;
  const int corners = b.positions({-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0});
  b.doc["materials"] = {
      {{"pbrMetallicRoughness", {{"baseColorFactor", {0.0, 1.0, 0.0, 1.0}}}}},
      {{"pbrMetallicRoughness", {{"baseColorFactor", {1.0, 0.0, 1.0, 1.0}}}}}};
  b.mesh({{"attributes", {{"POSITION", corners}}}, {"mode", 2}, {"material", 0}}, "outline");
  b.mesh({{"attributes", {{"POSITION", corners}}}, {"mode", 0}, {"material", 1}}, "corners");
  b.node({{"mesh", 0}, {"name", "outline"}});
  b.node({{"mesh", 1}, {"name", "corners"}, {"translation", {0, 0, 0.01}}});
  b.doc["scenes"] = {{{"nodes", {0, 1}}}};
  b.doc["scene"] = 0;
  const Image image = render(load(b, "line_loop_and_points"));
  int green = 0, magenta = 0, inside = 0;
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      const glm::ivec3 p = pixel(image, x, y);
      green += p.g > 150 && p.r < 90 && p.b < 90;
      magenta += p.r > 150 && p.b > 150 && p.g < 90;
      // Well inside the outline nothing is drawn.
      if (std::abs(x - 48) < 10 && std::abs(y - 32) < 10) inside += p.g > 150 || p.r > 150;
    }
  INFO(green << " green pixels, " << magenta << " magenta, " << inside << " inside");
  CHECK(green > 100);   // four sides about 60 pixels long in all
  CHECK(magenta >= 4);  // four dots
  CHECK(inside == 0);
}

TEST_CASE("an unlit material shows its base colour as it is", "[foreign]") {
  if (!haveGl()) return;
  GltfBuilder b = frontFacingSquare();
  b.doc["materials"][0] = {{"pbrMetallicRoughness", {{"baseColorFactor", {0.5, 0.2, 0.8, 1.0}}}},
                           {"extensions", {{"KHR_materials_unlit", nlohmann::json::object()}}}};
  b.doc["extensionsUsed"] = {"KHR_materials_unlit"};
  const Loaded square = load(b, "unlit_square");
  CHECK(square.scene.materials.at(0).unlit);
  CHECK(square.scene.warnings.empty());
  // Linear 0.5, 0.2, 0.8 written to an sRGB image: 188, 124, 231.
  const glm::ivec3 centre = pixel(render(square), 48, 32);
  INFO("centre " << centre.r << " " << centre.g << " " << centre.b);
  CHECK(std::abs(centre.r - 188) <= 2);
  CHECK(std::abs(centre.g - 124) <= 2);
  CHECK(std::abs(centre.b - 231) <= 2);
}

TEST_CASE("KHR_mesh_quantization: integer positions and normals draw as their floats do", "[foreign]") {
  if (!haveGl()) return;
  // The front-facing square again, its corners as 16-bit integers (a node scale makes them
  // metres again) and its normals as signed normalized bytes, padded to 4 bytes per vertex.
  GltfBuilder b = frontFacingSquare();
  const std::vector<std::int16_t> corners = {-1000, -1000, 0, 0, 1000, -1000, 0, 0,
                                             1000,  1000,  0, 0, -1000, 1000, 0, 0};
  const std::vector<std::int8_t> normals = {0, 0, 127, 0, 0, 0, 127, 0, 0, 0, 127, 0, 0, 0, 127, 0};
  const int pos = b.accessor({{"bufferView", b.view(corners.data(), corners.size() * 2, 8)},
                              {"componentType", 5122},
                              {"count", 4},
                              {"type", "VEC3"},
                              {"min", {-1000, -1000, 0}},
                              {"max", {1000, 1000, 0}}});
  const int nrm = b.accessor({{"bufferView", b.view(normals.data(), normals.size(), 4)},
                              {"componentType", 5120},
                              {"normalized", true},
                              {"count", 4},
                              {"type", "VEC3"}});
  b.doc["meshes"][0]["primitives"][0]["attributes"] = {{"POSITION", pos}, {"NORMAL", nrm}};
  b.doc["nodes"][0]["scale"] = {0.001, 0.001, 0.001};
  b.doc["extensionsUsed"] = {"KHR_mesh_quantization"};
  b.doc["extensionsRequired"] = {"KHR_mesh_quantization"};
  const Loaded quantized = load(b, "quantized_square");
  CHECK(quantized.scene.warnings.empty());
  const Primitive& p = quantized.scene.meshes.at(0).primitives.at(0);
  CHECK(p.positions.at(2) == glm::vec3(1000.f, 1000.f, 0.f));
  CHECK(p.normals.at(0) == glm::vec3(0.f, 0.f, 1.f));

  const Image fromIntegers = render(quantized);
  const Image fromFloats = render(load(frontFacingSquare(), "float_square"));
  int differing = 0;
  for (int y = 0; y < fromFloats.height; ++y)
    for (int x = 0; x < fromFloats.width; ++x)
      differing += glm::length(glm::vec3(pixel(fromIntegers, x, y) - pixel(fromFloats, x, y))) > 6.f;
  CHECK(differing < 10);

  // Without the extension the same integers are refused as glTF 2.0 requires.
  b.doc.erase("extensionsUsed");
  b.doc.erase("extensionsRequired");
  const auto path = b.write(testFolder("integer_square_without_extension"));
  auto refused = importGltf(path.string());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().find("KHR_mesh_quantization") != std::string::npos);
}

TEST_CASE("a KTX2 texture (KHR_texture_basisu) is named and the mesh drawn without it", "[foreign]") {
  if (!haveGl()) return;
  GltfBuilder b = frontFacingSquare();
  const int uv = b.floats({0, 0, 1, 0, 1, 1, 0, 1}, "VEC2", 2);
  b.doc["meshes"][0]["primitives"][0]["attributes"]["TEXCOORD_0"] = uv;
  const std::vector<std::uint8_t> ktx2 = {0xAB, 'K', 'T', 'X', ' ', '2', '0', 0xBB, '\r', '\n', 0x1A, '\n'};
  b.doc["images"] = {{{"bufferView", b.view(ktx2)}, {"mimeType", "image/ktx2"}}};
  b.doc["textures"] = {{{"extensions", {{"KHR_texture_basisu", {{"source", 0}}}}}}};
  b.doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"] = {{"index", 0}};
  b.doc["extensionsUsed"] = {"KHR_texture_basisu"};
  b.doc["extensionsRequired"] = {"KHR_texture_basisu"};
  const Loaded square = load(b, "ktx2_square");
  bool named = false;
  for (const std::string& w : square.scene.warnings) named = named || w.find("KHR_texture_basisu") != std::string::npos;
  CHECK(named);
  const glm::ivec3 centre = pixel(render(square), 48, 32);  // its red base colour
  INFO("centre " << centre.r << " " << centre.g << " " << centre.b);
  CHECK(centre.r > 120);
  CHECK(centre.g < 60);
}

namespace {

// The front-facing square with a 2x2 texture, nearest filtering: red, green (top row), blue,
// white (bottom row), its UVs covering the whole image.
GltfBuilder texturedSquare(const std::string& folder) {
  GltfBuilder b = frontFacingSquare();
  Image quadrants;
  quadrants.width = quadrants.height = 2;
  quadrants.rgba = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255};
  const auto png = testFolder(folder + "_png") / "quadrants.png";
  REQUIRE_FALSE(writePng(quadrants, png.string()).has_value());
  std::ifstream file(png, std::ios::binary);
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)), {});
  b.doc["images"] = {{{"bufferView", b.view(bytes)}, {"mimeType", "image/png"}}};
  b.doc["samplers"] = {{{"magFilter", 9728}, {"minFilter", 9728}}};
  b.doc["textures"] = {{{"source", 0}, {"sampler", 0}}};
  b.doc["materials"][0]["pbrMetallicRoughness"] = {{"baseColorTexture", {{"index", 0}}},
                                                   {"metallicFactor", 0.0}};
  b.doc["meshes"][0]["primitives"][0]["attributes"]["TEXCOORD_0"] =
      b.floats({0, 1, 1, 1, 1, 0, 0, 0}, "VEC2", 2);
  return b;
}

// The colour that dominates a pixel: 'r', 'g', 'b', 'w' (all high) or '?'.
char hue(const glm::ivec3& p) {
  if (p.r > 120 && p.g > 120 && p.b > 120) return 'w';
  if (p.r > 120 && p.g < 60 && p.b < 60) return 'r';
  if (p.g > 120 && p.r < 60 && p.b < 60) return 'g';
  if (p.b > 120 && p.r < 60 && p.g < 60) return 'b';
  return '?';
}

// The hue at the centres of the square's four quarters, top left first (the square fills
// the middle 64x64 of the 96x64 snapshot).
std::string quarterHues(const Image& image) {
  std::string out;
  for (const auto& [x, y] : std::vector<std::pair<int, int>>{{32, 16}, {64, 16}, {32, 48}, {64, 48}})
    out += hue(pixel(image, x, y));
  return out;
}

}  // namespace

TEST_CASE("textures: both UV sets and KHR_texture_transform", "[foreign]") {
  if (!haveGl()) return;
  GltfBuilder plain = texturedSquare("plain");
  CHECK(quarterHues(render(load(plain, "textured_square"))) == "rgbw");

  // Half size, moved half a width right: only the top right (green) quarter shows.
  GltfBuilder moved = texturedSquare("moved");
  moved.doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"]["extensions"] = {
      {"KHR_texture_transform", {{"offset", {0.5, 0.0}}, {"scale", {0.5, 0.5}}}}};
  moved.doc["extensionsUsed"] = {"KHR_texture_transform"};
  const Loaded transformed = load(moved, "transformed_square");
  CHECK(transformed.scene.warnings.empty());
  CHECK(quarterHues(render(transformed)) == "gggg");

  // A quarter turn of the UVs about their origin (u, v) -> (-v, u), then one to the right:
  // (1 - v, u). The square's top left quarter (uv 0.25, 0.25) reads (0.75, 0.25), green.
  GltfBuilder turned = texturedSquare("turned");
  turned.doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"]["extensions"] = {
      {"KHR_texture_transform", {{"offset", {1.0, 0.0}}, {"rotation", 1.5707963}}}};
  CHECK(quarterHues(render(load(turned, "turned_square"))) == "gwrb");

  // The second UV set: TEXCOORD_0 reads red everywhere, TEXCOORD_1 white; the texture uses _1.
  GltfBuilder second = texturedSquare("second");
  auto& attributes = second.doc["meshes"][0]["primitives"][0]["attributes"];
  attributes["TEXCOORD_0"] = second.floats({0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25}, "VEC2", 2);
  attributes["TEXCOORD_1"] = second.floats({0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75}, "VEC2", 2);
  second.doc["materials"][0]["pbrMetallicRoughness"]["baseColorTexture"]["texCoord"] = 1;
  const Loaded twoSets = load(second, "second_uv_set");
  CHECK(twoSets.scene.warnings.empty());
  CHECK(quarterHues(render(twoSets)) == "wwww");
}

TEST_CASE("a node with a negative scale (a mirror) keeps its faces toward the viewer", "[foreign]") {
  if (!haveGl()) return;
  // Mirrored left to right, the square's triangles wind the other way round; one-sided, it
  // still faces +Z and must show.
  GltfBuilder b = frontFacingSquare();
  b.doc["nodes"][0]["scale"] = {-1.0, 1.0, 1.0};
  const glm::ivec3 centre = pixel(render(load(b, "mirrored_square")), 48, 32);
  INFO("centre " << centre.r << " " << centre.g << " " << centre.b);
  CHECK(hue(centre) == 'r');
}
