// The CPU-side scene: what a glTF file becomes after import, independent of OpenGL.
// Owns all geometry, materials and decoded textures; the renderer uploads from it and keeps
// no pointer into it. Coordinates are as in the file (glTF: metres, +Y up).
#pragma once
#include <cstdint>
#include <glm/glm.hpp>
#include <limits>
#include <string>
#include <vector>

namespace spineview {

struct Bounds {
  glm::vec3 min{std::numeric_limits<float>::max()};
  glm::vec3 max{std::numeric_limits<float>::lowest()};
  bool valid() const { return min.x <= max.x && min.y <= max.y && min.z <= max.z; }
  void grow(const glm::vec3& p) { min = glm::min(min, p); max = glm::max(max, p); }
  void grow(const Bounds& b) { if (b.valid()) { grow(b.min); grow(b.max); } }
  glm::vec3 center() const { return (min + max) * 0.5f; }
  glm::vec3 size() const { return max - min; }
  float radius() const { return 0.5f * glm::length(size()); }
  Bounds transformed(const glm::mat4& m) const;  // bounds of the 8 transformed corners
};

struct Texture {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // 8-bit RGBA, rows top to bottom
  int minFilter = 0x2703;          // GL_LINEAR_MIPMAP_LINEAR
  int magFilter = 0x2601;          // GL_LINEAR
  int wrapS = 0x2901, wrapT = 0x2901;  // GL_REPEAT
};

enum class AlphaMode { Opaque, Mask, Blend };

struct TextureRef {
  int texture = -1;   // index into Scene::textures, -1 when absent
  int texCoord = 0;   // the UV set the file names (TEXCOORD_0 or _1)
  float scale = 1.f;  // normal scale or occlusion strength
  // KHR_texture_transform: uv' = (uvTransform * vec3(uv, 1)).xy. The importer applies it and
  // the UV set to the primitive's uv0, so the renderer samples uv0 alone.
  glm::mat3 uvTransform{1.f};
};

struct Material {
  std::string name;
  glm::vec4 baseColor{1.f};
  float metallic = 1.f;
  float roughness = 1.f;
  glm::vec3 emissive{0.f};
  TextureRef baseColorTexture, metallicRoughnessTexture, normalTexture, occlusionTexture,
      emissiveTexture;
  AlphaMode alphaMode = AlphaMode::Opaque;
  float alphaCutoff = 0.5f;
  bool doubleSided = false;
  bool unlit = false;  // KHR_materials_unlit: the base colour as it is, without lighting
};

// What a primitive's indices draw. Strips and fans become triangle lists on import, line
// strips and loops line lists.
enum class Topology : std::uint8_t { Triangles, Lines, Points };

// One triangle, line or point list.
struct Primitive {
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;      // same count as positions (generated if the file has none)
  std::vector<glm::vec2> uv0;          // empty or same count; what the material's textures sample
  std::vector<glm::vec4> tangents;     // empty or same count as positions
  std::vector<glm::vec4> colors;       // empty or same count (COLOR_0, linear RGBA)
  // Triangle list (Lines: pairs, Points: one each), every index < positions.size().
  std::vector<std::uint32_t> indices;
  Topology topology = Topology::Triangles;
  // Morph targets: position and normal deltas, one vector per target (may be empty).
  std::vector<std::vector<glm::vec3>> morphPositions;
  std::vector<std::vector<glm::vec3>> morphNormals;
  int material = -1;  // index into Scene::materials, -1 = default material
  Bounds bounds;      // local-space bounds of positions
};

inline bool isTriangles(const Primitive& p) { return p.topology == Topology::Triangles; }
// Indices per triangle, line or point: the indices' count is a multiple of it.
inline std::size_t indicesPerElement(Topology t) {
  return t == Topology::Triangles ? 3 : t == Topology::Lines ? 2 : 1;
}

// True when the surface encloses a volume: the cutaway caps it, and labels treat its inside
// as hidden. See scene.cpp for the exact rule.
bool isClosedSurface(const Primitive& p);

struct Mesh {
  std::string name;
  std::vector<Primitive> primitives;
  std::vector<float> weights;  // default morph weights
};

struct Node {
  std::string name;
  int parent = -1;
  std::vector<int> children;
  glm::mat4 local{1.f};
  glm::mat4 world{1.f};  // parent.world * local, filled by Scene::updateWorldTransforms
  int mesh = -1;
  // The node's glTF extras as JSON text ("" when it has none): application data that the
  // importer keeps unread (SpineView's own is read by src/anatomy).
  std::string extras;
};

struct Scene {
  std::string sourcePath;
  std::vector<Node> nodes;
  std::vector<int> roots;  // nodes of the displayed glTF scene
  std::vector<Mesh> meshes;
  std::vector<Material> materials;
  std::vector<Texture> textures;
  std::vector<std::string> warnings;  // things skipped on import, for the user to see

  void updateWorldTransforms();
  Bounds worldBounds() const;             // of every node with a mesh
  Bounds nodeWorldBounds(int node) const;  // of one node's mesh (not its children)
  int findNode(const std::string& name) const;  // -1 when absent
  std::size_t triangleCount() const;
  bool drawsAnything() const;  // some node draws a primitive (triangles, lines or points)
};

}  // namespace spineview
