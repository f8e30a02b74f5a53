#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <nlohmann/json.hpp>

#include "scene/gltf/checks.h"
#include "scene/gltf/importer.h"

namespace spineview::gltf {
namespace {

// Extras are application data, kept as JSON text for whoever reads them; this deep is far
// beyond any real use and keeps every later walk over them shallow.
constexpr int kMaxExtrasDepth = 64;

nlohmann::json toJson(const tinygltf::Value& v, int depth, bool& truncated) {
  using nlohmann::json;
  switch (v.Type()) {
    case tinygltf::BOOL_TYPE:
      return v.Get<bool>();
    case tinygltf::INT_TYPE:
      return v.Get<int>();
    case tinygltf::REAL_TYPE:
      return v.Get<double>();
    case tinygltf::STRING_TYPE:
      return v.Get<std::string>();
    case tinygltf::ARRAY_TYPE:
    case tinygltf::OBJECT_TYPE:
      break;
    default:
      return nullptr;  // null, and binary (which JSON text cannot hold)
  }
  if (depth >= kMaxExtrasDepth) {
    truncated = true;
    return nullptr;
  }
  if (v.IsArray()) {
    json out = json::array();
    for (size_t i = 0; i < v.ArrayLen(); ++i)
      out.push_back(toJson(v.Get(int(i)), depth + 1, truncated));
    return out;
  }
  json out = json::object();
  for (const std::string& key : v.Keys()) out[key] = toJson(v.Get(key), depth + 1, truncated);
  return out;
}

bool allFinite(const glm::mat4& m) {
  for (int c = 0; c < 4; ++c)
    for (int r = 0; r < 4; ++r)
      if (!std::isfinite(m[c][r])) return false;
  return true;
}

}  // namespace

glm::mat4 Importer::localTransform(const tinygltf::Node& node, const std::string& what) {
  glm::mat4 m(1.f);
  if (!node.matrix.empty()) {
    if (node.matrix.size() != 16) {
      warn(what + " has a matrix of " + str(node.matrix.size()) + " numbers; it is ignored");
      return m;
    }
    for (int c = 0; c < 4; ++c)
      for (int r = 0; r < 4; ++r) m[c][r] = float(node.matrix[size_t(c * 4 + r)]);
  } else {
    auto vec3 = [&](const std::vector<double>& v, glm::vec3 fallback, const char* name) {
      if (v.empty()) return fallback;
      if (v.size() != 3) {
        warn(what + " has a " + name + " of " + str(v.size()) + " numbers; it is ignored");
        return fallback;
      }
      return glm::vec3(float(v[0]), float(v[1]), float(v[2]));
    };
    const glm::vec3 t = vec3(node.translation, glm::vec3(0.f), "translation");
    const glm::vec3 s = vec3(node.scale, glm::vec3(1.f), "scale");
    glm::quat q(1.f, 0.f, 0.f, 0.f);
    if (node.rotation.size() == 4) {
      // glTF stores x, y, z, w; glm's constructor takes w first.
      const glm::quat r(float(node.rotation[3]), float(node.rotation[0]), float(node.rotation[1]),
                        float(node.rotation[2]));
      const float len = glm::length(r);
      if (len > 0.f && std::isfinite(len)) q = r / len;
    } else if (!node.rotation.empty()) {
      warn(what + " has a rotation of " + str(node.rotation.size()) + " numbers; it is ignored");
    }
    m = glm::translate(glm::mat4(1.f), t) * glm::mat4_cast(q) * glm::scale(glm::mat4(1.f), s);
  }
  if (!allFinite(m)) {
    warn(what + " has a transform that is not finite; it is ignored");
    return glm::mat4(1.f);
  }
  return m;
}

void Importer::convertNodes() {
  for (size_t i = 0; i < model_.nodes.size(); ++i) {
    const auto& src = model_.nodes[i];
    auto& node = scene_.nodes[i];
    const std::string what = "node " + str(i);
    node.name = src.name;
    node.local = localTransform(src, what);
    // Nodes outside the shown scene keep their place (indices stay those of the file) but
    // draw nothing, so that every consumer of the scene agrees on what is visible.
    node.mesh = reachable_[i] ? src.mesh : -1;
    if (src.extras.Type() != tinygltf::NULL_TYPE) {
      bool truncated = false;
      node.extras = toJson(src.extras, 0, truncated).dump();
      if (truncated)
        warn(what + " has extras nested deeper than " + str(kMaxExtrasDepth) +
             " levels; the deeper parts are ignored");
    }
  }
}

void Importer::reportIgnored() {
  if (!model_.skins.empty()) warn("skins are ignored; meshes are shown in their bind pose");
  if (!model_.animations.empty()) warn("animations are ignored");
}

}  // namespace spineview::gltf
