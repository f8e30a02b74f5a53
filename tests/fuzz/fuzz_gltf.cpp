// Fuzz target: a .gltf or .glb file in memory through the importer and the anatomy reader.
// Beyond "no crash, no sanitizer finding", a scene that imports must keep every promise that
// the renderer relies on without checking again (scene.h): indices and references in range,
// attributes of one count, textures of the size they say.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "anatomy/anatomy.h"
#include "fuzz_check.h"
#include "scene/gltf/import.h"

namespace {

using spineview::Primitive;
using spineview::Scene;

bool inRange(int index, std::size_t size) { return index >= 0 && std::size_t(index) < size; }
bool optionalInRange(int index, std::size_t size) { return index == -1 || inRange(index, size); }

void checkPrimitive(const Primitive& p, const Scene& scene) {
  const std::size_t n = p.positions.size();
  FUZZ_CHECK(p.normals.size() == n, "normals, one per position");
  FUZZ_CHECK(p.uv0.empty() || p.uv0.size() == n, "uv0 empty or one per position");
  FUZZ_CHECK(p.tangents.empty() || p.tangents.size() == n, "tangents empty or one per position");
  FUZZ_CHECK(p.colors.empty() || p.colors.size() == n, "colors empty or one per position");
  FUZZ_CHECK(p.indices.size() % spineview::indicesPerElement(p.topology) == 0,
             "a triangle, line or point list");
  for (std::uint32_t i : p.indices) FUZZ_CHECK(i < n, "index below the vertex count");
  for (const auto& target : p.morphPositions)
    FUZZ_CHECK(target.size() == n, "morph position deltas, one per position");
  for (const auto& target : p.morphNormals)
    FUZZ_CHECK(target.empty() || target.size() == n, "morph normal deltas, one per position");
  FUZZ_CHECK(optionalInRange(p.material, scene.materials.size()), "material index");
}

void checkScene(const Scene& scene) {
  for (const auto& mesh : scene.meshes)
    for (const auto& p : mesh.primitives) checkPrimitive(p, scene);
  for (const auto& m : scene.materials)
    for (const auto* ref : {&m.baseColorTexture, &m.metallicRoughnessTexture, &m.normalTexture,
                            &m.occlusionTexture, &m.emissiveTexture})
      FUZZ_CHECK(optionalInRange(ref->texture, scene.textures.size()), "texture index");
  for (const auto& t : scene.textures) {
    FUZZ_CHECK(t.width > 0 && t.height > 0, "texture size");
    FUZZ_CHECK(t.rgba.size() == std::size_t(t.width) * std::size_t(t.height) * 4, "texture bytes");
  }
  for (const auto& node : scene.nodes) {
    FUZZ_CHECK(optionalInRange(node.parent, scene.nodes.size()), "parent index");
    FUZZ_CHECK(optionalInRange(node.mesh, scene.meshes.size()), "mesh index");
    for (int child : node.children) FUZZ_CHECK(inRange(child, scene.nodes.size()), "child index");
  }
  for (int root : scene.roots) FUZZ_CHECK(inRange(root, scene.nodes.size()), "root index");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto scene = spineview::importGltfFromMemory(std::vector<unsigned char>(data, data + size),
                                               "fuzz.glb");
  if (!scene) {
    FUZZ_CHECK(!scene.error().empty(), "a refused file says why");
    return 0;
  }
  checkScene(scene.value());
  const auto anatomy = spineview::Anatomy::of(scene.value());
  FUZZ_CHECK(anatomy.parts.size() == scene.value().nodes.size(), "one part per node");
  (void)anatomy.drawHints(scene.value());
  (void)scene.value().worldBounds();
  return 0;
}
