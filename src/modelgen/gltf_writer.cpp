// GLB writer, see gltf_writer.h.
#include "gltf_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <stdexcept>

namespace spinegen {

namespace {

using json = nlohmann::ordered_json;

struct Builder {
  std::vector<uint8_t> bin;
  json accessors = json::array(), views = json::array();

  int addView(const void* data, size_t bytes, int target) {
    while (bin.size() % 4) bin.push_back(0);
    size_t off = bin.size();
    bin.resize(off + bytes);
    std::memcpy(bin.data() + off, data, bytes);
    json v = {{"buffer", 0}, {"byteOffset", off}, {"byteLength", bytes}};
    if (target) v["target"] = target;
    views.push_back(v);
    return int(views.size()) - 1;
  }
  int addVec3(const std::vector<glm::vec3>& data, bool minmax) {
    std::vector<float> f;
    f.reserve(data.size() * 3);
    glm::vec3 lo(1e30f), hi(-1e30f);
    for (const auto& p : data) {
      f.insert(f.end(), {p.x, p.y, p.z});
      lo = glm::min(lo, p);
      hi = glm::max(hi, p);
    }
    int view = addView(f.data(), f.size() * sizeof(float), 34962);
    json a = {{"bufferView", view}, {"componentType", 5126}, {"count", data.size()}, {"type", "VEC3"}};
    if (minmax) {
      a["min"] = {double(lo.x), double(lo.y), double(lo.z)};
      a["max"] = {double(hi.x), double(hi.y), double(hi.z)};
    }
    accessors.push_back(a);
    return int(accessors.size()) - 1;
  }
  // Brightness as an opaque grey COLOR_0, normalised bytes (4 a vertex keeps attributes aligned).
  int addGrey(const std::vector<float>& level) {
    std::vector<uint8_t> c;
    c.reserve(level.size() * 4);
    for (float v : level) {
      auto g = uint8_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f));
      c.insert(c.end(), {g, g, g, 255});
    }
    int view = addView(c.data(), c.size(), 34962);
    accessors.push_back({{"bufferView", view}, {"componentType", 5121}, {"normalized", true},
                         {"count", level.size()}, {"type", "VEC4"}});
    return int(accessors.size()) - 1;
  }
  int addIndices(const std::vector<uint32_t>& idx, size_t vertexCount) {
    int view;
    int type;
    if (vertexCount <= 65535) {
      std::vector<uint16_t> s(idx.begin(), idx.end());
      view = addView(s.data(), s.size() * 2, 34963);
      type = 5123;
    } else {
      view = addView(idx.data(), idx.size() * 4, 34963);
      type = 5125;
    }
    accessors.push_back({{"bufferView", view}, {"componentType", type}, {"count", idx.size()}, {"type", "SCALAR"}});
    return int(accessors.size()) - 1;
  }
};

double r3(float x) { return std::round(double(x) * 1000.0) / 1000.0; }

glm::vec3 unit(glm::vec3 n) {
  float l = glm::length(n);
  return l > 1e-12f ? n / l : glm::vec3(0, 1, 0);
}

} // namespace

std::vector<unsigned char> encodeGlb(const Scene& scene, float unitScale) {
  Builder b;
  json j;
  j["asset"] = {{"version", "2.0"}, {"generator", "spinegen (SpineView procedural lumbar model)"}};
  j["scene"] = 0;
  j["scenes"] = json::array({{{"name", "lumbar_spine"}, {"nodes", {0}}}});

  std::map<std::string, int> matIndex;
  json mats = json::array();
  for (const auto& m : scene.materials) {
    json pbr = {{"baseColorFactor", {r3(m.color.r), r3(m.color.g), r3(m.color.b), r3(m.color.a)}},
                {"metallicFactor", r3(m.metallic)},
                {"roughnessFactor", r3(m.roughness)}};
    json mj = {{"name", m.name}, {"pbrMetallicRoughness", pbr}};
    if (m.emissive != glm::vec3(0.f)) mj["emissiveFactor"] = {r3(m.emissive.r), r3(m.emissive.g), r3(m.emissive.b)};
    matIndex[m.name] = int(mats.size());
    mats.push_back(mj);
  }

  json nodes = json::array(), meshes = json::array();
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const SceneNode& n = scene.nodes[i];
    json nj = {{"name", n.name}};
    json children = json::array();
    for (size_t k = 0; k < scene.nodes.size(); ++k)
      if (scene.nodes[k].parent == int(i)) children.push_back(k);
    if (!children.empty()) nj["children"] = children;
    if (!n.prims.empty()) {
      json prims = json::array();
      for (const auto& p : n.prims) {
        std::vector<glm::vec3> pos(p.mesh.pos.size()), nrm(p.mesh.nrm.size());
        for (size_t k = 0; k < pos.size(); ++k) pos[k] = p.mesh.pos[k] * unitScale;
        for (size_t k = 0; k < nrm.size(); ++k) nrm[k] = unit(p.mesh.nrm[k]);
        json attrs = {{"POSITION", b.addVec3(pos, true)}, {"NORMAL", b.addVec3(nrm, false)}};
        if (!p.mesh.ambient.empty()) attrs["COLOR_0"] = b.addGrey(p.mesh.ambient);
        int ind = b.addIndices(p.mesh.idx, pos.size());
        auto mi = matIndex.find(p.material);
        if (mi == matIndex.end()) throw std::runtime_error("unknown material " + p.material);
        json pj = {{"attributes", attrs}, {"indices", ind}, {"material", mi->second}, {"mode", 4}};
        if (!p.targets.empty()) {
          json targets = json::array();
          for (const auto& t : p.targets) {
            std::vector<glm::vec3> dp(t.dpos.size());
            for (size_t k = 0; k < dp.size(); ++k) dp[k] = t.dpos[k] * unitScale;
            json tj = {{"POSITION", b.addVec3(dp, true)}};
            if (!t.dnrm.empty()) tj["NORMAL"] = b.addVec3(t.dnrm, false);
            targets.push_back(tj);
          }
          pj["targets"] = targets;
        }
        prims.push_back(pj);
      }
      json mj = {{"name", n.name}, {"primitives", prims}};
      if (!n.prims.front().targets.empty()) {
        mj["weights"] = json::array();
        for (size_t k = 0; k < n.prims.front().targets.size(); ++k) mj["weights"].push_back(0.0);
        mj["extras"] = {{"targetNames", n.targetNames}};
      }
      nj["mesh"] = meshes.size();
      meshes.push_back(mj);
    }
    if (!n.extras.empty()) nj["extras"] = n.extras;
    nodes.push_back(nj);
  }
  j["nodes"] = nodes;
  if (!meshes.empty()) j["meshes"] = meshes;
  j["materials"] = mats;
  j["accessors"] = b.accessors;
  j["bufferViews"] = b.views;
  while (b.bin.size() % 4) b.bin.push_back(0);
  j["buffers"] = json::array({{{"byteLength", b.bin.size()}}});

  std::string text = j.dump();
  while (text.size() % 4) text.push_back(' ');
  uint32_t total = uint32_t(12 + 8 + text.size() + 8 + b.bin.size());
  std::vector<unsigned char> out;
  out.reserve(total);
  auto u32 = [&](uint32_t v) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<unsigned char>(v >> (8 * k)));
  };
  u32(0x46546C67); // "glTF"
  u32(2);
  u32(total);
  u32(uint32_t(text.size()));
  u32(0x4E4F534A); // "JSON"
  out.insert(out.end(), text.begin(), text.end());
  u32(uint32_t(b.bin.size()));
  u32(0x004E4942); // "BIN\0"
  out.insert(out.end(), b.bin.begin(), b.bin.end());
  return out;
}

void writeGlb(const Scene& scene, const std::string& path, float unitScale) {
  const std::vector<unsigned char> bytes = encodeGlb(scene, unitScale);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) throw std::runtime_error("write failed: " + path);
}

} // namespace spinegen
