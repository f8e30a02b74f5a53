// The Khronos glTF-Validator test assets (../shared/corpus/gltf-validator), each with the
// official validator's report. Every file must load or be rejected with a message, without
// crashing (the asan build of this test runs them under ASan and UBSan). The report decides
// what is expected:
//   - 0 errors: the file must load (warnings allowed), except the known differences below;
//   - an error that would make a loader read out of range or loop (see kMustReject): rejected;
//   - other errors (wrong values, unused or ignored parts): either outcome, but a loaded scene
//     must satisfy the invariants the renderer relies on.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "scene/gltf/import.h"
#include "test_paths.h"

using namespace spineview;
namespace fs = std::filesystem;

namespace {

const std::set<std::string> kMustReject = {
    // Byte ranges and alignment.
    "ACCESSOR_TOO_LONG", "ACCESSOR_TOTAL_OFFSET_ALIGNMENT", "ACCESSOR_SMALL_BYTESTRIDE",
    "BUFFER_VIEW_TOO_LONG", "ACCESSOR_INDEX_OOB", "BUFFER_BYTE_LENGTH_MISMATCH",
    // Indices and the node graph.
    "UNRESOLVED_REFERENCE", "NODE_LOOP",
    // Unreadable documents and containers.
    "INVALID_JSON", "GLB_INVALID_MAGIC", "GLB_INVALID_VERSION", "GLB_LENGTH_TOO_SMALL",
    "GLB_LENGTH_MISMATCH", "GLB_CHUNK_TOO_BIG", "GLB_CHUNK_LENGTH_UNALIGNED",
    "GLB_UNEXPECTED_END_OF_HEADER", "GLB_UNEXPECTED_END_OF_CHUNK_HEADER",
    "GLB_UNEXPECTED_END_OF_CHUNK_DATA", "GLB_UNEXPECTED_FIRST_CHUNK", "GLB_DUPLICATE_CHUNK",
    "GLB_UNEXPECTED_BIN_CHUNK", "GLB_EMPTY_CHUNK", "UNKNOWN_ASSET_MAJOR_VERSION"};

// Files the validator accepts but SpineView refuses, with the reason the message must give.
const std::map<std::string, std::string> kKnownDifferences = {
    // A buffer on a web server: SpineView reads only local files beside the model.
    {"buffer/non_relative_uri.gltf", "'http://example.com/buffer.bin' is not a local file"},
    // tinygltf 2.7 refuses accessor types it does not know, even unused ones.
    {"accessor/unknown_type.gltf", "Unsupported `type` for accessor"},
    // tinygltf 2.7 refuses index accessors without a buffer view (all-zero indices).
    {"mesh/valid.gltf", "accessor[0] invalid bufferView"},
};

// Files the validator rejects but SpineView deliberately loads, with the reason.
const std::map<std::string, std::string> kTolerated = {
    // A UTF-8 byte order mark before the JSON: glTF 2.0 lets clients ignore it.
    {"json/bom.gltf", "byte order mark"},
    {"glb/bom.glb", "byte order mark"},
};

// The invariants a loaded scene guarantees to the renderer and the app.
void checkInvariants(const Scene& s) {
  for (int r : s.roots) REQUIRE((r >= 0 && size_t(r) < s.nodes.size()));
  for (const Node& n : s.nodes) {
    if (n.mesh >= 0) REQUIRE(size_t(n.mesh) < s.meshes.size());
    for (int c : n.children) REQUIRE((c >= 0 && size_t(c) < s.nodes.size()));
  }
  for (const Mesh& m : s.meshes)
    for (const Primitive& p : m.primitives) {
      const size_t n = p.positions.size();
      REQUIRE(p.normals.size() == n);
      REQUIRE((p.uv0.empty() || p.uv0.size() == n));
      REQUIRE((p.colors.empty() || p.colors.size() == n));
      REQUIRE((p.tangents.empty() || p.tangents.size() == n));
      REQUIRE(p.indices.size() % indicesPerElement(p.topology) == 0);
      for (auto i : p.indices) REQUIRE(i < n);
      for (const auto& t : p.morphPositions) REQUIRE((t.empty() || t.size() == n));
      for (const auto& t : p.morphNormals) REQUIRE((t.empty() || t.size() == n));
      REQUIRE((p.material >= -1 && p.material < int(s.materials.size())));
    }
  for (const Material& m : s.materials)
    for (const TextureRef* t : {&m.baseColorTexture, &m.metallicRoughnessTexture, &m.normalTexture,
                                &m.occlusionTexture, &m.emissiveTexture})
      REQUIRE((t->texture >= -1 && t->texture < int(s.textures.size())));
  for (const Texture& t : s.textures)
    REQUIRE(t.rgba.size() == size_t(t.width) * size_t(t.height) * 4);
  // An empty result always tells the user why.
  if (s.triangleCount() == 0) REQUIRE_FALSE(s.warnings.empty());
}

}  // namespace

TEST_CASE("every validator corpus file loads or is rejected as its report says",
          "[loader][corpus]") {
  if (!test::haveShared("validator corpus test")) return;
  const fs::path root = test::sharedDir() / "corpus" / "gltf-validator";
  REQUIRE(fs::is_directory(root));
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".gltf" || ext == ".glb")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 250);

  size_t loaded = 0, rejected = 0, withWarnings = 0, valid = 0, differences = 0;
  for (const fs::path& file : files) {
    const std::string name = file.lexically_relative(root).generic_string();
    std::ifstream reportFile(file.string() + ".report.json");
    REQUIRE(reportFile);
    const auto report = nlohmann::json::parse(reportFile);
    const int errors = report["issues"]["numErrors"].get<int>();
    std::set<std::string> codes;
    for (const auto& m : report["issues"]["messages"])
      if (m["severity"].get<int>() == 0) codes.insert(m["code"].get<std::string>());

    const auto result = importGltf(file.string());
    INFO(name << ": " << (result.ok() ? "loaded" : result.error()));
    if (result.ok()) {
      ++loaded;
      if (!result.value().warnings.empty()) ++withWarnings;
      checkInvariants(result.value());
    } else {
      ++rejected;
      CHECK(result.error().rfind(file.string() + ": ", 0) == 0);
      CHECK(result.error().size() > file.string().size() + 2);
    }

    if (errors == 0) ++valid;
    const auto known = kKnownDifferences.find(name);
    if (known != kKnownDifferences.end()) {
      ++differences;
      CHECK(errors == 0);
      CHECK_FALSE(result.ok());
      if (!result.ok()) CHECK_THAT(result.error(), Catch::Matchers::Contains(known->second));
    } else if (errors == 0 || kTolerated.count(name)) {
      CHECK(result.ok());
    }
    for (const auto& code : codes)
      if (kMustReject.count(code) && !kTolerated.count(name)) {
        INFO("the validator reports " << code);
        CHECK_FALSE(result.ok());
      }
  }
  CHECK(differences == kKnownDifferences.size());
  std::cout << "glTF validator corpus: " << files.size() << " files (" << valid
            << " valid per their report): " << loaded << " loaded (" << withWarnings
            << " with warnings), " << rejected << " rejected; " << differences
            << " known differences from the validator\n";
}
