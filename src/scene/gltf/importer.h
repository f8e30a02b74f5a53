// The glTF importer: tinygltf parses the document through the URI sandbox (uri_sandbox.h),
// from a checked container (container.h); every index, range and hierarchy link it hands back
// is checked here before use, and the checked document is converted into a Scene. Internal to
// src/scene/gltf; the entry point is importGltf (import.h). Failures throw Failure (checks.h).
#pragma once
#include <tiny_gltf.h>

#include <cstdint>
#include <glm/glm.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scene/gltf/accessors.h"
#include "scene/scene.h"

namespace spineview::gltf {

// Images are decoded later, after their byte range is checked: tinygltf hands an image stored
// in a buffer view to this callback without checking that the view lies inside its buffer.
// Images from URIs and data URIs are kept encoded, by image index.
struct EncodedImages {
  std::map<int, std::vector<unsigned char>> bytes;
};
bool keepEncodedImage(tinygltf::Image* image, const int index, std::string*, std::string*, int, int,
                      const unsigned char* bytes, int size, void* user);

class Importer {
 public:
  // Reads the file at path, or, when bytes are given, those bytes (path then only names them
  // in messages, and no other file is read).
  explicit Importer(std::string path, std::optional<std::vector<unsigned char>> bytes = {})
      : path_(std::move(path)), memory_(std::move(bytes)) {}
  Scene run();

 private:
  void warn(const std::string& message);

  // importer.cpp: loading and the document-wide checks.
  void load();
  static std::string oneLine(std::string text);
  void checkAsset();
  void checkReferences() const;
  void checkDeclaredMemory();
  bool spend(std::uint64_t bytes);
  void buildHierarchy();
  // importer_materials.cpp
  void convertTextures();
  std::optional<Texture> decodeImage(int index);
  static void applySampler(const tinygltf::Sampler& s, Texture& t);
  TextureRef textureRef(int index, int texCoord, double scale,
                        const tinygltf::ExtensionMap& extensions, const std::string& what);
  void convertMaterials();
  // importer_meshes.cpp
  void convertMeshes();
  std::vector<float> optionalAttribute(const std::map<std::string, int>& attributes,
                                       const std::string& semantic, size_t vertexCount,
                                       const std::vector<Format>& formats,
                                       const std::string& what);
  std::optional<Primitive> convertPrimitive(const tinygltf::Primitive& prim,
                                            const std::string& what);
  std::vector<std::uint32_t> triangleList(const std::vector<std::uint32_t>& v, int mode,
                                          const std::string& what);
  std::vector<glm::vec2> sampledUvs(int material, std::vector<glm::vec2> uv0,
                                    std::vector<glm::vec2> uv1, const std::string& what);
  std::vector<std::uint32_t> lineList(const std::vector<std::uint32_t>& v, int mode,
                                      const std::string& what);
  static void unweld(Primitive& p);
  // importer_nodes.cpp
  glm::mat4 localTransform(const tinygltf::Node& node, const std::string& what);
  void convertNodes();
  void reportIgnored();

  const std::string path_;
  std::optional<std::vector<unsigned char>> memory_;
  tinygltf::Model model_;
  Scene scene_;
  std::optional<AccessorReader> accessors_;  // once the document is loaded
  std::vector<int> parents_;                 // one parent per node after buildHierarchy
  std::vector<char> reachable_;              // per node: in the shown scene
  std::vector<int> textureMap_;              // glTF texture -> Scene::textures index or -1
  EncodedImages encodedImages_;
  std::map<size_t, std::uint64_t> dataless_;  // buffers without data: declared byteLength
  std::uint64_t estimatedBytes_ = 0;          // what the decoded file holds, estimated
  // KHR_mesh_quantization: attributes may be (normalized) integers, read as floats.
  bool quantized_ = false;
};

}  // namespace spineview::gltf
