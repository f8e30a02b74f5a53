// Importer unit tests on small documents built here: geometry, primitive modes, hierarchy,
// extras, textures, sparse accessors, morph targets, GLB, and every rejection path with the
// reason its message must name.
#include <stb_image_write.h>

#include <catch2/catch.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "anatomy/parts.h"
#include "gltf_builder.h"
#include "load_checks.h"
#include "scene/gltf/import.h"

using namespace spineview;
using namespace spineview::test;
using Catch::Matchers::Contains;

namespace {

bool near(const glm::vec3& a, const glm::vec3& b) {
  return glm::length(a - b) < 1e-5f;
}

}  // namespace

TEST_CASE("a triangle without normals loads with flat normals and bounds", "[loader]") {
  auto b = triangleDocument();
  b.doc["nodes"][0]["translation"] = {10, 0, 0};
  const Scene s = loadOk(b.write(testFolder("triangle")));
  REQUIRE(s.meshes.size() == 1);
  REQUIRE(s.meshes[0].primitives.size() == 1);
  const Primitive& p = s.meshes[0].primitives[0];
  REQUIRE(p.positions.size() == 3);
  CHECK(near(p.positions[1], {1, 0, 0}));
  CHECK(near(p.positions[2], {0, 1, 0}));
  CHECK(p.indices == std::vector<std::uint32_t>{0, 1, 2});
  REQUIRE(p.normals.size() == 3);
  for (const auto& n : p.normals) CHECK(near(n, {0, 0, 1}));
  CHECK(near(p.bounds.min, {0, 0, 0}));
  CHECK(near(p.bounds.max, {1, 1, 0}));
  CHECK(near(s.worldBounds().min, {10, 0, 0}));
  CHECK(near(s.worldBounds().max, {11, 1, 0}));
  CHECK(s.triangleCount() == 1);
  CHECK(s.roots == std::vector<int>{0});
  CHECK(s.findNode("tri") == 0);
  CHECK(s.findNode("nothing") == -1);
  CHECK(s.warnings.empty());
}

TEST_CASE("flat normals of an indexed mesh give each triangle its own vertices", "[loader]") {
  GltfBuilder b;
  // Two triangles sharing an edge, folded 90 degrees: one in XY, one in XZ.
  const int pos = b.positions({0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, -1});
  const int idx = b.indices16({0, 1, 2, 0, 3, 1});
  b.mesh({{"attributes", {{"POSITION", pos}}}, {"indices", idx}});
  b.node({{"mesh", 0}});
  const Primitive p = loadOk(b.write(testFolder("fold"))).meshes[0].primitives[0];
  REQUIRE(p.positions.size() == 6);
  REQUIRE(p.indices.size() == 6);
  CHECK(near(p.normals[0], {0, 0, 1}));
  CHECK(near(p.normals[4], {0, -1, 0}));
  CHECK(near(p.positions[4], {0, 0, -1}));
}

TEST_CASE("given normals, UVs, colours and tangents are kept with the file's indices", "[loader]") {
  GltfBuilder b;
  const int pos = b.positions({0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0});
  const int nrm = b.floats({0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1}, "VEC3", 3);
  const std::vector<std::uint8_t> uvBytes = {0, 0, 255, 0, 255, 255, 0, 255};
  const int uv = b.accessor({{"bufferView", b.view(uvBytes)},
                             {"componentType", 5121},
                             {"normalized", true},
                             {"count", 4},
                             {"type", "VEC2"}});
  const int col = b.floats({1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1}, "VEC3", 3);
  const int tan = b.floats({1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, -1}, "VEC4", 4);
  const int idx = b.indices16({0, 1, 2, 0, 2, 3});
  b.mesh({{"attributes",
           {{"POSITION", pos},
            {"NORMAL", nrm},
            {"TEXCOORD_0", uv},
            {"COLOR_0", col},
            {"TANGENT", tan}}},
          {"indices", idx}});
  b.node({{"mesh", 0}});
  const Primitive p = loadOk(b.write(testFolder("attributes"))).meshes[0].primitives[0];
  CHECK(p.positions.size() == 4);
  CHECK(p.indices == std::vector<std::uint32_t>{0, 1, 2, 0, 2, 3});
  REQUIRE(p.uv0.size() == 4);
  CHECK(p.uv0[2] == glm::vec2(1.f, 1.f));
  REQUIRE(p.colors.size() == 4);
  CHECK(p.colors[1] == glm::vec4(0, 1, 0, 1));  // RGB gets alpha 1
  REQUIRE(p.tangents.size() == 4);
  CHECK(p.tangents[3].w == -1.f);
}

TEST_CASE("an attribute with a wrong format or count is dropped with a warning", "[loader]") {
  auto b = triangleDocument();
  const int badNormal = b.floats({0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0}, "VEC4", 4);
  const int shortUv = b.floats({0, 0, 1, 1}, "VEC2", 2);
  b.doc["meshes"][0]["primitives"][0]["attributes"]["NORMAL"] = badNormal;
  b.doc["meshes"][0]["primitives"][0]["attributes"]["TEXCOORD_0"] = shortUv;
  const Scene s = loadOk(b.write(testFolder("bad_attributes")));
  const Primitive& p = s.meshes[0].primitives[0];
  CHECK(p.uv0.empty());
  CHECK(near(p.normals[0], {0, 0, 1}));  // generated instead
  CHECK(hasWarning(s, "NORMAL is VEC4 of FLOAT"));
  CHECK(hasWarning(s, "TEXCOORD_0 has 2 elements but POSITION has 3"));
}

TEST_CASE("triangle strips and fans become triangle lists", "[loader]") {
  GltfBuilder b;
  const int pos = b.positions({0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 2, 0});
  const int nrm = b.floats(std::vector<float>(15, 0.f), "VEC3", 3);
  b.mesh({{"attributes", {{"POSITION", pos}, {"NORMAL", nrm}}}, {"mode", 5}});
  b.mesh({{"attributes", {{"POSITION", pos}, {"NORMAL", nrm}}}, {"mode", 6}});
  b.node({{"mesh", 0}});
  b.node({{"mesh", 1}});
  const Scene s = loadOk(b.write(testFolder("strip_fan")));
  // Strip: {v[i], v[i+1+i%2], v[i+2-i%2]} as in the glTF specification (odd triangles
  // swap their last two vertices to keep the winding).
  CHECK(s.meshes[0].primitives[0].indices == std::vector<std::uint32_t>{0, 1, 2, 1, 3, 2, 2, 3, 4});
  // Fan: {v[i+1], v[i+2], v[0]} as in the glTF specification.
  CHECK(s.meshes[1].primitives[0].indices == std::vector<std::uint32_t>{1, 2, 0, 2, 3, 0, 3, 4, 0});
  CHECK(s.triangleCount() == 6);
}

TEST_CASE("points and lines import as point and line lists; strips and loops become lists", "[loader]") {
  auto b = triangleDocument();  // three vertices
  b.doc["meshes"][0]["primitives"][0]["mode"] = 0;            // POINTS
  b.mesh({{"attributes", {{"POSITION", 0}}}, {"mode", 3}});   // LINE_STRIP
  b.mesh({{"attributes", {{"POSITION", 0}}}, {"mode", 2}});   // LINE_LOOP
  b.mesh({{"attributes", {{"POSITION", 0}}}, {"mode", 1}});   // LINES, one index left over
  for (int m : {1, 2, 3}) b.node({{"mesh", m}});
  b.doc["scenes"][0]["nodes"] = {0, 1, 2, 3};
  const Scene s = loadOk(b.write(testFolder("points_lines")));
  const auto& points = s.meshes[0].primitives.at(0);
  CHECK(points.topology == Topology::Points);
  CHECK(points.indices == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(s.meshes[1].primitives.at(0).topology == Topology::Lines);
  CHECK(s.meshes[1].primitives.at(0).indices == std::vector<std::uint32_t>{0, 1, 1, 2});
  CHECK(s.meshes[2].primitives.at(0).indices == std::vector<std::uint32_t>{0, 1, 1, 2, 2, 0});
  CHECK(s.meshes[3].primitives.at(0).indices == std::vector<std::uint32_t>{0, 1});
  CHECK(hasWarning(s, "mesh 3 primitive 0 has 3 indices, not a multiple of 2"));
  CHECK(points.normals.size() == points.positions.size());  // drawn unlit, normals unused
  CHECK(s.triangleCount() == 0);
  CHECK_FALSE(hasWarning(s, "nothing that can be shown"));
  CHECK_FALSE(isClosedSurface(points));
}

TEST_CASE("the node hierarchy gives world transforms (TRS and matrix)", "[loader]") {
  auto b = triangleDocument();
  b.doc["nodes"] = nlohmann::json::array();
  // Root: translate (1,0,0) and rotate 90 degrees about +Z (quaternion x,y,z,w).
  const float h = std::sqrt(0.5f);
  b.node({{"children", {1}}, {"translation", {1, 0, 0}}, {"rotation", {0, 0, h, h}}});
  // Child: a column-major matrix translating (2,0,0) and scaling by 3.
  b.node({{"children", {2}}, {"matrix", {3, 0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 2, 0, 0, 1}}});
  b.node({{"mesh", 0}, {"translation", {0, 0, 1}}, {"scale", {2, 2, 2}}});
  const Scene s = loadOk(b.write(testFolder("hierarchy")));
  REQUIRE(s.nodes.size() == 3);
  CHECK(s.nodes[1].parent == 0);
  CHECK(s.nodes[2].parent == 1);
  CHECK(s.nodes[0].children == std::vector<int>{1});
  // The child's origin: (2,0,0) rotated to (0,2,0), plus (1,0,0).
  CHECK(near(glm::vec3(s.nodes[1].world[3]), {1, 2, 0}));
  // The grandchild's (0,0,1) is scaled by 3 (rotation about Z leaves it): (1,2,3).
  CHECK(near(glm::vec3(s.nodes[2].world[3]), {1, 2, 3}));
  // Its local +X (scaled 2 then 3) points along world +Y.
  CHECK(near(glm::vec3(s.nodes[2].world * glm::vec4(1, 0, 0, 0)), {0, 6, 0}));
  const Bounds world = s.worldBounds();
  CHECK(near(world.min, {1 - 6, 2, 3}));
  CHECK(near(world.max, {1, 2 + 6, 3}));
}

TEST_CASE("without scenes every parentless node is a root", "[loader]") {
  auto b = triangleDocument();
  b.doc.erase("scenes");
  b.doc.erase("scene");
  b.node({{"children", {0}}});
  b.node({{"mesh", 0}});
  const Scene s = loadOk(b.write(testFolder("no_scenes")));
  CHECK(s.roots == std::vector<int>{1, 2});
  CHECK(s.triangleCount() == 2);
}

TEST_CASE("nodes outside the shown scene draw nothing", "[loader]") {
  auto b = triangleDocument();
  b.node({{"mesh", 0}, {"name", "elsewhere"}});
  b.doc["scenes"].push_back({{"nodes", {1}}});
  const Scene s = loadOk(b.write(testFolder("two_scenes")));
  CHECK(s.roots == std::vector<int>{0});
  CHECK(s.nodes[1].mesh == -1);
  CHECK(s.triangleCount() == 1);
  CHECK(hasWarning(s, "2 scenes"));
}

TEST_CASE("a node with several parents is kept under the first with a warning", "[loader]") {
  auto b = triangleDocument();
  b.doc["nodes"] = nlohmann::json::array();
  b.node({{"children", {2}}});
  b.node({{"children", {2}}, {"translation", {5, 0, 0}}});
  b.node({{"mesh", 0}});
  b.doc["scenes"][0]["nodes"] = {0, 1};
  const Scene s = loadOk(b.write(testFolder("two_parents")));
  CHECK(s.nodes[2].parent == 0);
  CHECK(s.nodes[1].children.empty());
  CHECK(hasWarning(s, "node 2 has several parents (nodes 0 and 1)"));
  CHECK(s.triangleCount() == 1);
}

TEST_CASE("node extras fill the parts; layer and level inherit; wrong types are ignored",
          "[loader]") {
  auto b = triangleDocument();
  b.doc["nodes"] = nlohmann::json::array();
  b.node({{"name", "L4"},
          {"children", {1, 2, 3}},
          {"extras",
           {{"layer", "vertebra"},
            {"level", "L4"},
            {"displayName", "L4 vertebra"},
            {"description", "A bone."},
            {"clinical", "Lumbar vertebra."}}}});
  b.node({{"name", "L4.body"},
          {"mesh", 0},
          {"extras", {{"displayName", "L4 vertebral body"}, {"initiallyHidden", true}}}});
  b.node({{"mesh", 0}, {"extras", {{"layer", 5}, {"level", "L4-L5"}, {"initiallyHidden", "yes"}}}});
  b.node({{"extras", "not an object"}});
  const Scene s = loadOk(b.write(testFolder("extras")));
  // The importer keeps each node's extras as JSON text; the anatomy reads SpineView's own.
  CHECK(s.nodes[3].extras == "\"not an object\"");
  CHECK(nlohmann::json::parse(s.nodes[1].extras)["displayName"] == "L4 vertebral body");
  const std::vector<PartInfo> parts = readParts(s);
  const PartInfo& root = parts[0];
  CHECK(root.layer == LayerKind::Vertebra);
  CHECK(root.level == "L4");
  CHECK(root.displayName == "L4 vertebra");
  CHECK(root.description == "A bone.");
  CHECK(root.clinical == "Lumbar vertebra.");
  CHECK_FALSE(root.initiallyHidden);
  const PartInfo& body = parts[1];
  CHECK(body.layer == LayerKind::Vertebra);
  CHECK(body.level == "L4");
  CHECK(body.displayName == "L4 vertebral body");
  CHECK(body.initiallyHidden);
  const PartInfo& wrong = parts[2];
  CHECK(wrong.layer == LayerKind::Vertebra);  // 5 is not a string: inherited instead
  CHECK(wrong.level == "L4-L5");              // own level wins
  CHECK_FALSE(wrong.initiallyHidden);
  CHECK(wrong.displayName == "triangle");  // no name: the mesh's name
  CHECK(parts[3].displayName == "node 3");
  CHECK(parts[3].layer == LayerKind::Vertebra);
}

TEST_CASE("a sparse accessor replaces the listed elements", "[loader]") {
  auto b = triangleDocument();
  const std::vector<std::uint8_t> sparseIndices = {2, 0, 0, 0};
  const std::vector<float> sparseValues = {0, 5, 0};
  const int iv = b.view(sparseIndices);
  const int vv = b.view(sparseValues);
  auto& pos = b.doc["accessors"][0];
  pos["sparse"] = {{"count", 1},
                   {"indices", {{"bufferView", iv}, {"componentType", 5121}}},
                   {"values", {{"bufferView", vv}}}};
  pos["max"] = {1, 5, 0};
  // A second primitive with a sparse accessor without buffer view: zeros, then the values.
  b.accessor({{"componentType", 5126},
              {"count", 3},
              {"type", "VEC3"},
              {"sparse",
               {{"count", 1},
                {"indices", {{"bufferView", iv}, {"componentType", 5121}}},
                {"values", {{"bufferView", vv}}}}}});
  b.doc["meshes"][0]["primitives"].push_back({{"attributes", {{"POSITION", 0}, {"NORMAL", 2}}}});
  const Scene s = loadOk(b.write(testFolder("sparse")));
  const auto& p = s.meshes[0].primitives[0];
  CHECK(near(p.positions[0], {0, 0, 0}));
  CHECK(near(p.positions[1], {1, 0, 0}));
  CHECK(near(p.positions[2], {0, 5, 0}));
  CHECK(near(p.bounds.max, {1, 5, 0}));
  const auto& q = s.meshes[0].primitives[1];
  CHECK(near(q.normals[0], {0, 0, 0}));
  CHECK(near(q.normals[2], {0, 5, 0}));
}

TEST_CASE("morph targets and default weights are imported", "[loader]") {
  auto b = triangleDocument();
  const int delta = b.floats({0, 0, 1, 0, 0, 2, 0, 0, 3}, "VEC3", 3);
  b.doc["meshes"][0]["primitives"][0]["targets"] = {{{"POSITION", delta}}};
  b.doc["meshes"][0]["weights"] = {0.5};
  const Scene s = loadOk(b.write(testFolder("morph")));
  const auto& p = s.meshes[0].primitives[0];
  REQUIRE(p.morphPositions.size() == 1);
  REQUIRE(p.morphPositions[0].size() == 3);
  CHECK(near(p.morphPositions[0][2], {0, 0, 3}));
  CHECK(s.meshes[0].weights == std::vector<float>{0.5f});
}

TEST_CASE("materials and textures are imported; a bad image only drops its texture", "[loader]") {
  const std::uint8_t pixels[] = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 9, 9, 128};
  std::vector<std::uint8_t> png;
  stbi_write_png_to_func(appendTo, &png, 2, 2, 4, pixels, 8);
  REQUIRE(!png.empty());
  auto b = triangleDocument();
  const std::vector<std::uint8_t> garbage = {1, 2, 3, 4, 5, 6, 7, 8};
  b.doc["images"] = {{{"uri", "data:image/png;base64," + base64(png)}},
                     {{"bufferView", b.view(garbage)}, {"mimeType", "image/png"}},
                     {{"bufferView", b.view(png.data(), png.size())}, {"mimeType", "image/png"}}};
  b.doc["samplers"] = {
      {{"magFilter", 9728}, {"minFilter", 9729}, {"wrapS", 33071}, {"wrapT", 12345}}};
  b.doc["textures"] = {{{"source", 0}, {"sampler", 0}}, {{"source", 1}}, {{"source", 2}}};
  b.doc["materials"] = {{{"name", "bone"},
                         {"pbrMetallicRoughness",
                          {{"baseColorFactor", {0.5, 0.25, 1, 1}},
                           {"metallicFactor", 0},
                           {"roughnessFactor", 0.75},
                           {"baseColorTexture", {{"index", 0}}},
                           {"metallicRoughnessTexture", {{"index", 1}}}}},
                         {"normalTexture", {{"index", 2}, {"scale", 0.5}}},
                         {"emissiveFactor", {0.1, 0.2, 0.3}},
                         {"alphaMode", "MASK"},
                         {"alphaCutoff", 0.25},
                         {"doubleSided", true}}};
  b.doc["meshes"][0]["primitives"][0]["material"] = 0;
  const Scene s = loadOk(b.write(testFolder("material")));
  REQUIRE(s.textures.size() == 2);  // the garbage image's texture is dropped
  CHECK(hasWarning(s, "image 1 cannot be decoded"));
  const Texture& t = s.textures[0];
  CHECK(t.width == 2);
  CHECK(t.height == 2);
  REQUIRE(t.rgba.size() == 16);
  CHECK(std::vector<std::uint8_t>(t.rgba.begin(), t.rgba.end()) ==
        std::vector<std::uint8_t>(pixels, pixels + 16));
  CHECK(t.magFilter == 9728);
  CHECK(t.minFilter == 9729);
  CHECK(t.wrapS == 33071);
  CHECK(t.wrapT == 0x2901);  // invalid value: the default
  REQUIRE(s.materials.size() == 1);
  const Material& m = s.materials[0];
  CHECK(m.name == "bone");
  CHECK(m.baseColor == glm::vec4(0.5f, 0.25f, 1, 1));
  CHECK(m.metallic == 0.f);
  CHECK(m.roughness == 0.75f);
  CHECK(m.baseColorTexture.texture == 0);
  CHECK(m.metallicRoughnessTexture.texture == -1);
  CHECK(m.normalTexture.texture == 1);
  CHECK(m.normalTexture.scale == 0.5f);
  CHECK(near(m.emissive, {0.1f, 0.2f, 0.3f}));
  CHECK(m.alphaMode == AlphaMode::Mask);
  CHECK(m.alphaCutoff == 0.25f);
  CHECK(m.doubleSided);
  CHECK(s.meshes[0].primitives[0].material == 0);
}

TEST_CASE("GLB files load, and broken containers are rejected", "[loader]") {
  const auto dir = testFolder("glb");
  auto bytes = triangleDocument().glb();
  writeBytes(dir / "ok.glb", bytes);
  CHECK(loadOk(dir / "ok.glb").triangleCount() == 1);

  auto truncated = bytes;
  truncated.resize(bytes.size() - 8);
  writeBytes(dir / "truncated.glb", truncated);
  CHECK_THAT(loadError(dir / "truncated.glb"), Contains("but the file has"));

  auto chunk = bytes;
  chunk[12] = 0xF0;  // JSON chunk length far beyond the file
  chunk[13] = 0xFF;
  writeBytes(dir / "chunk.glb", chunk);
  CHECK_THAT(loadError(dir / "chunk.glb"), Contains("GLB chunk 0 has"));

  writeBytes(dir / "magic.glb", {'n', 'o', 'p', 'e', 2, 0, 0, 0});
  CHECK_THAT(loadError(dir / "magic.glb"), Contains("not a GLB file"));
}

TEST_CASE("external buffers load from the model's folder", "[loader]") {
  const auto dir = testFolder("external");
  std::filesystem::create_directories(dir / "data");
  auto b = triangleDocument();
  const auto path =
      b.writeWithUri(dir, "data/../data/tri%20angle.bin", dir / "data" / "tri angle.bin");
  CHECK(loadOk(path).triangleCount() == 1);
}

TEST_CASE("URIs may not leave the model's folder", "[loader]") {
  const auto dir = testFolder("escape");
  std::filesystem::create_directories(dir / "model");
  auto b = triangleDocument();
  // The file exists outside the folder, so only the guard can stop the read.
  const auto outside = dir / "secret.bin";
  writeBytes(outside, b.bin);

  CHECK_THAT(loadError(b.writeWithUri(dir / "model", "../secret.bin")),
             Contains("URI '../secret.bin' leaves the model's folder"));
  CHECK_THAT(loadError(b.writeWithUri(dir / "model", "sub/../../secret.bin")),
             Contains("leaves the model's folder"));
  CHECK_THAT(loadError(b.writeWithUri(dir / "model", outside.string())),
             Contains("is an absolute path"));
  std::filesystem::create_symlink(outside, dir / "model" / "link.bin");
  CHECK_THAT(loadError(b.writeWithUri(dir / "model", "link.bin")),
             Contains("leaves the model's folder through a symbolic link"));
}

TEST_CASE("accessors reading outside their buffer view are rejected", "[loader]") {
  const auto dir = testFolder("accessor_range");
  auto b = triangleDocument();
  b.doc["accessors"][0]["count"] = 4;  // 48 bytes from a 36-byte view
  CHECK_THAT(loadError(b.write(dir)),
             Contains("accessor 0 (POSITION of mesh 0 primitive 0) reads bytes 0..48 but buffer "
                      "view 0 has 36 bytes"));

  b = triangleDocument();
  b.doc["accessors"][0]["count"] = 2147483648u;  // 2^31 elements
  CHECK_THAT(loadError(b.write(dir)), Contains("more than this viewer accepts"));

  b = triangleDocument();
  b.doc["accessors"][0]["byteOffset"] = 18446744073709551612ull;  // offset + size overflows
  CHECK_THAT(loadError(b.write(dir)), Contains("reads bytes 18446744073709551612..beyond 2^64"));

  b = triangleDocument();
  b.doc["bufferViews"][0]["byteLength"] = 1000;
  CHECK_THAT(loadError(b.write(dir)),
             Contains("buffer view 0 covers bytes 0..1000 but buffer 0 has"));

  b = triangleDocument();
  b.doc["accessors"][0]["byteOffset"] = 2;
  CHECK_THAT(loadError(b.write(dir)), Contains("is not aligned"));

  b = triangleDocument();
  b.doc["bufferViews"][0]["byteStride"] = 8;  // smaller than a VEC3 of floats
  CHECK_THAT(loadError(b.write(dir)),
             Contains("has 12-byte elements but buffer view 0 has a byte stride of 8"));
}

TEST_CASE("bad index values and bad sparse indices are rejected", "[loader]") {
  const auto dir = testFolder("bad_indices");
  auto b = triangleDocument();
  b.doc["accessors"][1]["bufferView"] = b.view(std::vector<std::uint16_t>{0, 7, 2});
  CHECK_THAT(loadError(b.write(dir)),
             Contains("accessor 1 (indices of mesh 0 primitive 0) has index 7 at position 1 but "
                      "the primitive has only 3 vertices"));

  b = triangleDocument();
  b.doc["accessors"][0]["sparse"] = {
      {"count", 1},
      {"indices",
       {{"bufferView", b.view(std::vector<std::uint8_t>{3, 0, 0, 0})}, {"componentType", 5121}}},
      {"values", {{"bufferView", b.view(std::vector<float>{0, 0, 0})}}}};
  CHECK_THAT(loadError(b.write(dir)), Contains("has sparse index 3 but only 3 elements"));

  b = triangleDocument();
  b.doc["accessors"][0]["sparse"] = {
      {"count", 2},
      {"indices",
       {{"bufferView", b.view(std::vector<std::uint8_t>{0, 1, 0, 0})}, {"componentType", 5121}}},
      {"values", {{"bufferView", b.view(std::vector<float>{0, 0, 0})}}}};  // needs 24 bytes
  CHECK_THAT(loadError(b.write(dir)), Contains("sparse values read bytes 0..24 but buffer view"));
}

TEST_CASE("node cycles and unresolved indices are rejected", "[loader]") {
  const auto dir = testFolder("references");
  auto b = triangleDocument();
  b.node({{"children", {2}}});
  b.node({{"children", {1}}});
  CHECK_THAT(loadError(b.write(dir)), Contains("the node hierarchy has a cycle"));

  b = triangleDocument();
  b.doc["nodes"][0]["children"] = {0};
  CHECK_THAT(loadError(b.write(dir)), Contains("cycle"));

  b = triangleDocument();
  b.doc["nodes"][0]["children"] = {5};
  CHECK_THAT(loadError(b.write(dir)),
             Contains("node 0 refers to child node 5, but the file has 1"));

  b = triangleDocument();
  b.doc["nodes"][0]["mesh"] = 3;
  CHECK_THAT(loadError(b.write(dir)), Contains("node 0 refers to mesh 3"));

  b = triangleDocument();
  b.doc["meshes"][0]["primitives"][0]["material"] = 0;
  CHECK_THAT(loadError(b.write(dir)),
             Contains("mesh 0 primitive 0 refers to material 0, but the file has 0"));

  b = triangleDocument();
  b.doc["scenes"][0]["nodes"] = {4};
  CHECK_THAT(loadError(b.write(dir)), Contains("scene 0 refers to node 4"));

  b = triangleDocument();
  b.doc["meshes"][0]["primitives"][0]["attributes"]["NORMAL"] = 9;
  CHECK_THAT(loadError(b.write(dir)), Contains("mesh 0 primitive 0 NORMAL refers to accessor 9"));

  b = triangleDocument();
  b.doc["accessors"][0]["bufferView"] = 7;
  CHECK_THAT(loadError(b.write(dir)), Contains("accessor 0 refers to buffer view 7"));
}

TEST_CASE("files that are not glTF are rejected with a reason", "[loader]") {
  const auto dir = testFolder("not_gltf");
  std::ofstream(dir / "syntax.gltf") << "{ \"asset\": ";
  CHECK_FALSE(loadError(dir / "syntax.gltf").empty());
  std::ofstream(dir / "v1.gltf") << R"({"asset": {"version": "1.0"}})";
  CHECK_THAT(loadError(dir / "v1.gltf"), Contains("is not glTF 2.x"));
  // A Draco primitive as exporters write it: its indices accessor has no bufferView (the
  // compressed data holds them), which tinygltf alone reports as "accessor[1] invalid bufferView".
  std::ofstream(dir / "draco.gltf")
      << R"({"asset": {"version": "2.0"}, "extensionsUsed": ["KHR_draco_mesh_compression"],
             "extensionsRequired": ["KHR_draco_mesh_compression"],
             "buffers": [{"byteLength": 4, "uri": "data:application/octet-stream;base64,AAAAAA=="}],
             "bufferViews": [{"buffer": 0, "byteLength": 4}],
             "accessors": [{"componentType": 5126, "count": 3, "type": "VEC3",
                            "min": [0, 0, 0], "max": [1, 1, 0]},
                           {"componentType": 5123, "count": 3, "type": "SCALAR"}],
             "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1,
               "extensions": {"KHR_draco_mesh_compression":
                 {"bufferView": 0, "attributes": {"POSITION": 0}}}}]}],
             "nodes": [{"mesh": 0}], "scenes": [{"nodes": [0]}]})";
  CHECK_THAT(loadError(dir / "draco.gltf"),
             Contains("compressed with KHR_draco_mesh_compression, which SpineView does not decode"));
  CHECK_THAT(loadError(dir / "missing.gltf"), Contains("file not found"));
  std::ofstream(dir / "empty.gltf");
  CHECK_THAT(loadError(dir / "empty.gltf"), Contains("empty"));
}

TEST_CASE("a buffer without data only hides what reads it", "[loader]") {
  const auto dir = testFolder("dataless");
  auto b = triangleDocument();
  nlohmann::json d = b.doc;
  d["buffers"] = {{{"byteLength", b.bin.size()},
                   {"uri", "data:application/octet-stream;base64," + base64(b.bin)}},
                  {{"byteLength", 64}}};  // no uri: data from an extension SpineView lacks
  d["bufferViews"].push_back({{"buffer", 1}, {"byteLength", 64}});
  std::ofstream(dir / "unused.gltf") << d.dump();
  CHECK(loadOk(dir / "unused.gltf").triangleCount() == 1);
  d["bufferViews"][0]["buffer"] = 1;
  d["bufferViews"][0]["byteOffset"] = 0;
  std::ofstream(dir / "used.gltf") << d.dump();
  const Scene s = loadOk(dir / "used.gltf");
  CHECK(s.triangleCount() == 0);
  CHECK(hasWarning(s, "mesh 0 primitive 0 reads a buffer without data"));
  // Its ranges are still checked against its declared length.
  d["bufferViews"][0]["byteLength"] = 65;
  std::ofstream(dir / "long.gltf") << d.dump();
  CHECK_THAT(loadError(dir / "long.gltf"),
             Contains("buffer view 0 covers bytes 0..65 but buffer 1 has 64 bytes"));
}

TEST_CASE("integers written with a fraction and plain data URIs are accepted", "[loader]") {
  const auto dir = testFolder("json_forms");
  auto b = triangleDocument();
  nlohmann::json d = b.doc;
  d["accessors"][0]["componentType"] = 5126.0;
  d["accessors"][0]["count"] = 3.0;
  std::string percent;
  for (auto byte : b.bin) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", byte);
    percent += hex;
  }
  d["buffers"] = {
      {{"byteLength", double(b.bin.size())}, {"uri", "data:application/gltf-buffer," + percent}}};
  std::ofstream(dir / "model.gltf") << d.dump();
  const Scene s = loadOk(dir / "model.gltf");
  REQUIRE(s.triangleCount() == 1);
  CHECK(near(s.meshes[0].primitives[0].positions[1], {1, 0, 0}));
}
