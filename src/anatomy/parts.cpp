#include "anatomy/parts.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "anatomy/layers.h"

namespace spineview {
namespace {

using nlohmann::json;

bool readVec3(const json& a, glm::vec3& out) {
  if (!a.is_array() || a.size() != 3) return false;
  for (size_t i = 0; i < 3; ++i) {
    if (!a[i].is_number()) return false;
    out[int(i)] = static_cast<float>(a[i].get<double>());
    if (!std::isfinite(out[int(i)])) return false;
  }
  return true;
}

const json& member(const json& object, const char* key) {
  static const json kNull;
  const auto it = object.find(key);
  return it != object.end() ? *it : kNull;
}

// extras.path of a needle; anything malformed leaves it invalid (the needle then stays put).
NeedlePath readPath(const json& v) {
  NeedlePath path;
  if (!v.is_object() || !readVec3(member(v, "tip"), path.tip) ||
      !readVec3(member(v, "direction"), path.direction) || glm::length(path.direction) < 1e-6f)
    return {};
  path.direction = glm::normalize(path.direction);
  path.valid = true;
  return path;
}

// extras.section of an annulus; anything malformed leaves it invalid (caps then fall back
// to a plain cut surface), since it only refines how a cut looks.
RingSection readSection(const json& v) {
  if (!v.is_object()) return {};
  auto number = [](const json& x, float& out) {
    if (!x.is_number()) return false;
    out = static_cast<float>(x.get<double>());
    return std::isfinite(out);
  };
  auto vec3 = [&](const char* key, glm::vec3& out) { return readVec3(member(v, key), out); };
  auto radii = [&](const char* key, std::vector<float>& out) {
    const json& a = member(v, key);
    if (!a.is_array() || a.size() != 72) return false;
    out.resize(72);
    for (size_t i = 0; i < 72; ++i)
      if (!number(a[i], out[i]) || out[i] < 0.f) return false;
    return true;
  };
  float lamellae = 0.f;
  RingSection s;
  const bool ok = number(member(v, "lamellae"), lamellae) && lamellae >= 1.f && lamellae <= 100.f &&
                  number(member(v, "fibreAngleDeg"), s.fibreAngleDeg) && vec3("centre", s.centre) &&
                  vec3("normal", s.normal) && vec3("anteriorAxis", s.anteriorAxis) &&
                  vec3("leftAxis", s.leftAxis) && radii("outerRadius", s.outerRadius) &&
                  radii("innerRadius", s.innerRadius);
  if (!ok) return {};
  s.rings = static_cast<int>(lamellae);
  return s;
}

// The node's own extras; the layer is kept as written until the parent's has been inherited.
PartInfo readOwn(const Node& node, std::string& layerName) {
  PartInfo part;
  json extras = json::parse(node.extras, nullptr, /*allow_exceptions=*/false);
  if (!extras.is_object()) return part;
  auto text = [&](const char* key, std::string& out) {
    const json& v = member(extras, key);
    if (v.is_string()) out = v.get<std::string>();
  };
  text("layer", layerName);
  text("level", part.level);
  text("displayName", part.displayName);
  text("description", part.description);
  text("clinical", part.clinical);
  const json& hidden = member(extras, "initiallyHidden");
  if (hidden.is_boolean()) part.initiallyHidden = hidden.get<bool>();
  part.section = readSection(member(extras, "section"));
  part.path = readPath(member(extras, "path"));
  return part;
}

}  // namespace

std::vector<PartInfo> readParts(const Scene& scene) {
  const size_t n = scene.nodes.size();
  std::vector<PartInfo> parts(n);
  std::vector<std::string> layerNames(n);
  for (size_t i = 0; i < n; ++i) {
    const Node& node = scene.nodes[i];
    parts[i] = readOwn(node, layerNames[i]);
    parts[i].namedInExtras = !parts[i].displayName.empty();
    if (!parts[i].namedInExtras) {
      const bool meshNamed = node.mesh >= 0 && size_t(node.mesh) < scene.meshes.size() &&
                             !scene.meshes[size_t(node.mesh)].name.empty();
      parts[i].displayName = !node.name.empty() ? node.name
                             : meshNamed        ? scene.meshes[size_t(node.mesh)].name
                                                : "node " + std::to_string(i);
    }
  }
  // Layer and level inherit top-down; the importer's hierarchy has no cycles.
  std::vector<size_t> stack;
  for (size_t i = 0; i < n; ++i)
    if (scene.nodes[i].parent < 0) stack.push_back(i);
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    for (int c : scene.nodes[i].children) {
      if (c < 0 || size_t(c) >= n) continue;
      if (layerNames[size_t(c)].empty()) layerNames[size_t(c)] = layerNames[i];
      if (parts[size_t(c)].level.empty()) parts[size_t(c)].level = parts[i].level;
      stack.push_back(size_t(c));
    }
  }
  for (size_t i = 0; i < n; ++i) {
    parts[i].layer = parseLayerKind(layerNames[i]).value_or(LayerKind::Other);
    parts[i].layerKey = layerKeyOf(parts[i].layer, parts[i].level);
  }
  return parts;
}

std::vector<std::string> treatedLevels(const Scene& scene, const std::vector<PartInfo>& parts) {
  std::vector<std::string> levels;
  for (size_t i = 0; i < scene.nodes.size() && i < parts.size(); ++i)
    if (scene.nodes[i].mesh >= 0 && parts[i].layer == LayerKind::Tear &&
        std::find(levels.begin(), levels.end(), parts[i].level) == levels.end())
      levels.push_back(parts[i].level);
  return levels;
}

bool isVertebralBody(const Node& node, const PartInfo& part) {
  const std::string suffix = ".body";
  return part.layer == LayerKind::Vertebra && node.name.size() >= suffix.size() &&
         node.name.compare(node.name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace spineview
