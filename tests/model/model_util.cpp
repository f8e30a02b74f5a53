// See model_util.h.
#include "model_util.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tiny_gltf.h>

namespace modeltest {

namespace {
nlohmann::json toJson(const tinygltf::Value& v) {
  if (v.IsBool()) return v.Get<bool>();
  if (v.IsInt()) return v.Get<int>();
  if (v.IsNumber()) return v.GetNumberAsDouble();
  if (v.IsString()) return v.Get<std::string>();
  if (v.IsArray()) {
    nlohmann::json a = nlohmann::json::array();
    for (size_t i = 0; i < v.ArrayLen(); ++i) a.push_back(toJson(v.Get(int(i))));
    return a;
  }
  if (v.IsObject()) {
    nlohmann::json o = nlohmann::json::object();
    for (const auto& k : v.Keys()) o[k] = toJson(v.Get(k));
    return o;
  }
  return nullptr;
}

template <typename T> const T* data(const tinygltf::Model& m, int accessor) {
  const auto& a = m.accessors[accessor];
  const auto& v = m.bufferViews[a.bufferView];
  return reinterpret_cast<const T*>(m.buffers[v.buffer].data.data() + v.byteOffset + a.byteOffset);
}
} // namespace

const Prim* Node::prim(const std::string& material) const {
  for (const auto& p : prims)
    if (p.material == material) return &p;
  return nullptr;
}

const Node* Model::find(const std::string& name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

const Node& Model::get(const std::string& name) const {
  const Node* n = find(name);
  if (!n) throw std::runtime_error("node missing: " + name);
  return *n;
}

nlohmann::json Model::inherited(const Node& n, const std::string& key) const {
  const Node* c = &n;
  while (c) {
    if (c->extras.is_object() && c->extras.contains(key)) return c->extras[key];
    c = c->parent >= 0 ? &nodes[c->parent] : nullptr;
  }
  return nullptr;
}

size_t Model::triangles() const {
  size_t t = 0;
  for (const auto& n : nodes)
    for (const auto& p : n.prims) t += p.triangles();
  return t;
}

Model load(const std::string& path) {
  tinygltf::Model m;
  tinygltf::TinyGLTF loader;
  std::string err, warn;
  if (!loader.LoadBinaryFromFile(&m, &err, &warn, path)) throw std::runtime_error("cannot load " + path + ": " + err);
  Model out;
  out.nodes.resize(m.nodes.size());
  for (size_t i = 0; i < m.nodes.size(); ++i) {
    const auto& n = m.nodes[i];
    Node& o = out.nodes[i];
    o.name = n.name;
    o.extras = toJson(n.extras);
    for (int c : n.children) out.nodes[c].parent = int(i);
    if (n.mesh < 0) continue;
    for (const auto& p : m.meshes[n.mesh].primitives) {
      Prim q;
      q.material = m.materials[p.material].name;
      q.targets = int(p.targets.size());
      int pa = p.attributes.at("POSITION"), na = p.attributes.at("NORMAL");
      const float* P = data<float>(m, pa);
      const float* N = data<float>(m, na);
      for (size_t k = 0; k < m.accessors[pa].count; ++k) {
        q.pos.push_back(glm::dvec3(P[3 * k], P[3 * k + 1], P[3 * k + 2]) * 1000.0);
        q.nrm.push_back(glm::dvec3(N[3 * k], N[3 * k + 1], N[3 * k + 2]));
      }
      auto color = p.attributes.find("COLOR_0");
      if (color != p.attributes.end()) {
        // The generator writes its baked occlusion as grey normalised bytes (RGBA).
        const uint8_t* C = data<uint8_t>(m, color->second);
        for (size_t k = 0; k < m.accessors[color->second].count; ++k) q.shade.push_back(C[4 * k] / 255.0);
      }
      const auto& ia = m.accessors[p.indices];
      for (size_t k = 0; k < ia.count; ++k)
        q.idx.push_back(ia.componentType == TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT ? data<uint16_t>(m, p.indices)[k]
                                                                                  : data<uint32_t>(m, p.indices)[k]);
      o.prims.push_back(std::move(q));
    }
  }
  return out;
}

std::vector<double> hits(const Prim& p, const glm::dvec3& o, const glm::dvec3& d) {
  std::vector<double> out;
  for (size_t t = 0; t < p.idx.size(); t += 3) {
    const glm::dvec3 &a = p.pos[p.idx[t]], &b = p.pos[p.idx[t + 1]], &c = p.pos[p.idx[t + 2]];
    glm::dvec3 e1 = b - a, e2 = c - a, h = glm::cross(d, e2);
    double det = glm::dot(e1, h);
    if (std::fabs(det) < 1e-12) continue;
    double f = 1.0 / det;
    glm::dvec3 s = o - a;
    double u = f * glm::dot(s, h);
    if (u < 0.0 || u > 1.0) continue;
    glm::dvec3 q = glm::cross(s, e1);
    double v = f * glm::dot(d, q);
    if (v < 0.0 || u + v > 1.0) continue;
    double tt = f * glm::dot(e2, q);
    if (tt > 1e-9) out.push_back(tt);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool inside(const Prim& p, const glm::dvec3& point) {
  // Odd number of crossings along two skew directions (both must agree, guarding against edge hits).
  glm::dvec3 d1 = glm::normalize(glm::dvec3(0.5372, 0.6417, 0.5468));
  glm::dvec3 d2 = glm::normalize(glm::dvec3(-0.4123, 0.3311, -0.8487));
  bool a = hits(p, point, d1).size() % 2 == 1;
  bool b = hits(p, point, d2).size() % 2 == 1;
  return a && b;
}

namespace {
glm::dvec3 closestOnTriangle(const glm::dvec3& p, const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
  glm::dvec3 ab = b - a, ac = c - a, ap = p - a;
  double d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return a;
  glm::dvec3 bp = p - b;
  double d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return b;
  double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return a + ab * (d1 / (d1 - d3));
  glm::dvec3 cp = p - c;
  double d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return c;
  double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return a + ac * (d2 / (d2 - d6));
  double va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) return b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6)));
  double den = 1.0 / (va + vb + vc);
  return a + ab * (vb * den) + ac * (vc * den);
}
} // namespace

double distance(const Prim& p, const glm::dvec3& point) {
  double best = 1e30;
  for (size_t t = 0; t < p.idx.size(); t += 3) {
    const glm::dvec3 &a = p.pos[p.idx[t]], &b = p.pos[p.idx[t + 1]], &c = p.pos[p.idx[t + 2]];
    // Cheap reject with the bounding sphere of the triangle.
    glm::dvec3 m = (a + b + c) / 3.0;
    double r = std::max({glm::length(a - m), glm::length(b - m), glm::length(c - m)});
    double lb = glm::length(point - m) - r;
    if (lb * lb > best * best && lb > 0) continue;
    best = std::min(best, glm::length(point - closestOnTriangle(point, a, b, c)));
  }
  return best;
}

size_t badEdges(const Prim& p) {
  std::map<std::pair<uint32_t, uint32_t>, int> count;
  for (size_t t = 0; t < p.idx.size(); t += 3)
    for (int e = 0; e < 3; ++e) {
      uint32_t a = p.idx[t + e], b = p.idx[t + (e + 1) % 3];
      count[{std::min(a, b), std::max(a, b)}]++;
    }
  size_t bad = 0;
  for (const auto& kv : count) bad += kv.second != 2;
  return bad;
}

glm::dvec3 vec3(const nlohmann::json& j, double scale) {
  return glm::dvec3(j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>()) * scale;
}

std::vector<std::string> archPartNames(const std::string& v, const std::string& side) {
  if (v == "S1") return {v + ".posterior"};
  std::vector<std::string> names;
  if (side.empty() || side == "left" || side == "right") names.push_back(v + ".spinous");
  for (std::string s : {"left", "right"}) {
    if (!side.empty() && s != side) continue;
    for (std::string part : {"lamina.", "transverse.", "articular.superior.", "articular.inferior.", "pars."})
      names.push_back(v + "." + part + s);
  }
  return names;
}

} // namespace modeltest
