// A small glTF 2.0 binary (.glb) writer for the generated scene: one buffer, one buffer view per
// accessor, POSITION/NORMAL/indices per primitive, COLOR_0 where ambient occlusion is baked, optional
// morph targets, PBR materials, node extras. Output is deterministic: fixed order everywhere, no time stamps.
#pragma once
#include <string>
#include <vector>
#include <nlohmann/json.hpp>
#include "mesher.h"

namespace spinegen {

struct MorphTarget {
  std::vector<glm::vec3> dpos, dnrm; // dnrm may be empty
};

struct Primitive {
  Mesh mesh;
  std::string material;
  std::vector<MorphTarget> targets;
};

struct SceneNode {
  std::string name;
  int parent = -1;
  std::vector<Primitive> prims;
  std::vector<std::string> targetNames; // for meshes with morph targets
  nlohmann::ordered_json extras = nlohmann::ordered_json::object();
};

struct Material {
  std::string name;
  glm::vec4 color;
  float metallic, roughness;
  glm::vec3 emissive{0.f};
};

struct Scene {
  std::vector<SceneNode> nodes; // node 0 is the root
  std::vector<Material> materials;
};

// The scene as .glb bytes; positions are multiplied by unitScale (millimetres to metres: 0.001).
std::vector<unsigned char> encodeGlb(const Scene& scene, float unitScale);
// Writes encodeGlb's bytes to path.
void writeGlb(const Scene& scene, const std::string& path, float unitScale);

} // namespace spinegen
