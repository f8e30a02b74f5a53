// Hostile files, each of which once crashed the viewer or took gigabytes: JSON nested
// thousands deep, declared counts and image headers that ask for gigabytes, JPEG Huffman tables
// past 256 codes (an out-of-bounds write in Debian's stb_image), and models read from memory.
#include <stb_image_write.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "gltf_builder.h"
#include "load_checks.h"
#include "scene/gltf/image_checks.h"
#include "scene/gltf/import.h"

using namespace spineview;
using namespace spineview::test;
using Catch::Matchers::Contains;

namespace {

// The triangle document with `extras` nested `depth` arrays deep, written as text: building it
// as a JSON value would recurse as deep.
std::filesystem::path deepExtras(const std::string& folder, int depth) {
  const auto path = triangleDocument().write(testFolder(folder));
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.resize(text.find_last_of('}'));
  text += ",\"extras\":" + std::string(size_t(depth), '[') + std::string(size_t(depth), ']') + "}";
  std::ofstream(path) << text;
  return path;
}

std::vector<std::uint8_t> jpegHeader(std::uint16_t side) {
  const auto hi = std::uint8_t(side >> 8), lo = std::uint8_t(side & 255);
  return {0xFF, 0xD8, 0xFF, 0xC0, 0,    17, 8, hi,   lo, hi,   lo,  3,
          1,    0x22, 0,    2,    0x11, 1,  3, 0x11, 1,  0xFF, 0xD9};
}

// A JPEG whose one Huffman table declares `codes` codes, placed after a scan when `afterScan`.
std::vector<std::uint8_t> jpegWithHuffmanCodes(unsigned codes, bool afterScan) {
  std::vector<std::uint8_t> j = {0xFF, 0xD8};
  if (afterScan)  // a scan header and entropy-coded bytes with a stuffed 0xFF and a restart
    j.insert(j.end(),
             {0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56});
  const unsigned length = 2 + 17 + codes;
  j.insert(j.end(), {0xFF, 0xC4, std::uint8_t(length >> 8), std::uint8_t(length & 255), 0x00});
  std::uint8_t counts[16] = {};
  for (unsigned left = codes, i = 15; left > 0; --i) {
    counts[i] = std::uint8_t(std::min(left, 255u));
    left -= counts[i];
  }
  j.insert(j.end(), counts, counts + 16);
  j.insert(j.end(), codes, 0x01);
  j.insert(j.end(), {0xFF, 0xD9});
  return j;
}

Scene withImage(const std::string& folder, const std::vector<std::uint8_t>& image) {
  auto b = triangleDocument();
  b.doc["images"] = {
      {{"bufferView", b.view(image.data(), image.size())}, {"mimeType", "image/jpeg"}}};
  b.doc["textures"] = {{{"source", 0}}};
  b.doc["materials"] = {{{"pbrMetallicRoughness", {{"baseColorTexture", {{"index", 0}}}}}}};
  b.doc["meshes"][0]["primitives"][0]["material"] = 0;
  return loadOk(b.write(testFolder(folder)));
}

}  // namespace

TEST_CASE("JSON nested thousands deep is refused before tinygltf recurses into it", "[loader]") {
  for (int depth : {16000, 100000}) {
    INFO(depth);
    const std::string error = loadError(deepExtras("deep_" + std::to_string(depth), depth));
    CHECK_THAT(error, Contains("/extras/0/0/") && Contains("nested deeper than 128 levels"));
  }
  // Extras a real exporter writes are still read.
  CHECK(loadOk(deepExtras("deep_ok", 40)).warnings.empty());
}

TEST_CASE("declared counts that would need gigabytes are refused before decoding", "[loader]") {
  nlohmann::json doc = {{"asset", {{"version", "2.0"}}},
                        {"scenes", {{{"nodes", {0}}}}},
                        {"nodes", {{{"mesh", 0}}}},
                        {"meshes", {{{"primitives", {{{"attributes", {{"POSITION", 0}}}}}}}}},
                        {"accessors",
                         {{{"componentType", 5126},
                           {"count", 89000000},
                           {"type", "VEC3"},
                           {"min", {0, 0, 0}},
                           {"max", {1, 1, 1}}}}}};
  const auto folder = testFolder("declared_memory");
  std::ofstream(folder / "one.gltf") << doc.dump();  // 231 bytes that once took 6.8 GB
  CHECK_THAT(loadError(folder / "one.gltf"),
             Contains("89000000 vertices") && Contains("more than the 1024 MiB"));
  // Three primitives sharing the accessor count three times; 40 million is under the per-array
  // limit but not under the file's.
  doc["accessors"][0]["count"] = 4000000;
  doc["meshes"][0]["primitives"] = {doc["meshes"][0]["primitives"][0],
                                    doc["meshes"][0]["primitives"][0],
                                    doc["meshes"][0]["primitives"][0]};
  std::ofstream(folder / "three.gltf") << doc.dump();
  CHECK_THAT(loadError(folder / "three.gltf"), Contains("12000000 vertices"));
}

TEST_CASE("an image whose header claims 16384x16384 is not decoded", "[loader]") {
  const Scene s = withImage("huge_jpeg", jpegHeader(16384));  // 23 bytes that once took 3.5 GB
  CHECK(s.textures.empty());
  CHECK(hasWarning(s, "image 0 is 16384x16384 pixels, about 2048 MiB once decoded"));
  CHECK(s.triangleCount() == 1);  // the mesh is still shown
}

TEST_CASE("a JPEG with more than 256 Huffman codes never reaches stb_image", "[loader]") {
  using spineview::gltf::jpegHuffmanProblem;
  for (bool afterScan : {false, true}) {
    INFO(afterScan);
    const auto bad = jpegWithHuffmanCodes(300, afterScan);
    const auto problem = jpegHuffmanProblem(bad.data(), bad.size());
    REQUIRE(problem);
    CHECK_THAT(*problem, Contains("declares 300 codes"));
    const auto fine = jpegWithHuffmanCodes(256, afterScan);
    CHECK_FALSE(jpegHuffmanProblem(fine.data(), fine.size()));
  }
  // stb skips fill bytes before the SOI and junk between segments; so does the check.
  auto padded = jpegWithHuffmanCodes(300, false);
  padded.insert(padded.begin(), 0xFF);
  padded.insert(padded.begin() + 3, {0x00, 0x11});
  CHECK(jpegHuffmanProblem(padded.data(), padded.size()));
  // Under the sanitizer build this decode would be an out-of-bounds write without the check.
  const Scene s = withImage("bad_huffman", jpegWithHuffmanCodes(300, false));
  CHECK(s.textures.empty());
  CHECK(hasWarning(s, "is a damaged JPEG (Huffman table 0 declares 300 codes"));

  // A real JPEG passes the check and decodes.
  std::vector<std::uint8_t> jpeg;
  const std::uint8_t pixels[4 * 4 * 3] = {200};
  stbi_write_jpg_to_func(appendTo, &jpeg, 4, 4, 3, pixels, 90);
  CHECK_FALSE(jpegHuffmanProblem(jpeg.data(), jpeg.size()));
  const Scene ok = withImage("good_jpeg", jpeg);
  REQUIRE(ok.textures.size() == 1);
  CHECK(ok.textures[0].width == 4);
}

TEST_CASE("a model read from memory loads as from its file and reads no other file", "[loader]") {
  auto b = triangleDocument();
  const auto glb = b.glb();
  auto fromMemory = importGltfFromMemory(glb, "bytes.glb");
  REQUIRE(fromMemory.ok());
  CHECK(fromMemory.value().triangleCount() == 1);
  const auto folder = testFolder("memory_uri");
  const auto path = b.writeWithUri(folder, "model.bin", folder / "model.bin");
  CHECK(importGltf(path.string()).ok());  // the same document reads its buffer from the folder
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> text((std::istreambuf_iterator<char>(in)), {});
  auto external = importGltfFromMemory(text, "text.gltf");
  REQUIRE_FALSE(external.ok());
  CHECK_THAT(external.error(), Catch::Matchers::StartsWith("text.gltf: ") &&
                                   Contains("a model read from memory cannot"));
  CHECK_THAT(importGltfFromMemory({}, "empty.glb").error(), Contains("empty"));
}
