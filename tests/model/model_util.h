// Loading the generated glTF with tinygltf and measuring it: ray hits, inside tests (ray parity),
// point-to-mesh distances and edge counts. Lengths are converted to millimetres.
#pragma once
#include <map>
#include <string>
#include <vector>
#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

namespace modeltest {

struct Prim {
  std::string material;
  std::vector<glm::dvec3> pos; // mm
  std::vector<glm::dvec3> nrm;
  std::vector<uint32_t> idx;
  std::vector<double> shade; // baked ambient brightness per vertex (COLOR_0), empty when none
  int targets = 0;
  size_t triangles() const { return idx.size() / 3; }
};

struct Node {
  std::string name;
  int parent = -1;
  nlohmann::json extras;
  std::vector<Prim> prims;
  const Prim* prim(const std::string& material) const;
};

struct Model {
  std::vector<Node> nodes;
  const Node* find(const std::string& name) const;
  const Node& get(const std::string& name) const; // throws when missing
  // Extras key looked up on the node, then its parents.
  nlohmann::json inherited(const Node& n, const std::string& key) const;
  size_t triangles() const;
};

Model load(const std::string& path);

// Distances along the ray (origin + t * dir, dir unit, t > 0) where it crosses the primitive.
std::vector<double> hits(const Prim& p, const glm::dvec3& origin, const glm::dvec3& dir);
bool inside(const Prim& p, const glm::dvec3& point);
double distance(const Prim& p, const glm::dvec3& point);
size_t badEdges(const Prim& p); // edges not used by exactly two triangles

glm::dvec3 vec3(const nlohmann::json& j, double scale = 1.0);

// The arch's part names (models/README.md): for L3-L5 the laminae, spinous process, transverse, articular
// processes and pars; for S1 its one posterior part. side "left" or "right" keeps that side and the midline.
std::vector<std::string> archPartNames(const std::string& vertebra, const std::string& side = "");

} // namespace modeltest
