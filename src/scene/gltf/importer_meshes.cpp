#include <cmath>

#include "scene/gltf/checks.h"
#include "scene/gltf/importer.h"

namespace spineview::gltf {

void Importer::convertMeshes() {
  for (size_t m = 0; m < model_.meshes.size(); ++m) {
    const auto& gltfMesh = model_.meshes[m];
    Mesh mesh;
    mesh.name = gltfMesh.name;
    size_t targets = 0;
    for (size_t p = 0; p < gltfMesh.primitives.size(); ++p) {
      const auto& prim = gltfMesh.primitives[p];
      if (p > 0 && prim.targets.size() != targets)
        warn("mesh " + str(m) + " has primitives with different numbers of morph targets");
      targets = std::max(targets, prim.targets.size());
      if (auto converted = convertPrimitive(prim, "mesh " + str(m) + " primitive " + str(p)))
        mesh.primitives.push_back(std::move(*converted));
    }
    for (double w : gltfMesh.weights) mesh.weights.push_back(float(w));
    if (!gltfMesh.weights.empty() && gltfMesh.weights.size() != targets)
      warn("mesh " + str(m) + " has " + str(gltfMesh.weights.size()) + " default weights for " +
           str(targets) + " morph targets");
    mesh.weights.resize(targets, 0.f);
    scene_.meshes.push_back(std::move(mesh));
  }
}

namespace {

constexpr int F = TINYGLTF_COMPONENT_TYPE_FLOAT, B = TINYGLTF_COMPONENT_TYPE_BYTE,
              UB = TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE, S = TINYGLTF_COMPONENT_TYPE_SHORT,
              US = TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT;

// What KHR_mesh_quantization allows beside FLOAT: positions and texture coordinates in any
// 8- or 16-bit integer, normalized or not; normals and tangents as signed normalized ones.
std::vector<Format> anyInteger(int type) {
  std::vector<Format> out{{type, F, false}};
  for (int c : {B, UB, S, US})
    for (bool normalized : {false, true}) out.push_back({type, c, normalized});
  return out;
}
std::vector<Format> signedNormalized(int type) { return {{type, F, false}, {type, B, true}, {type, S, true}}; }
// Morph target position deltas: signed integers, normalized or not.
std::vector<Format> signedInteger(int type) {
  return {{type, F, false}, {type, B, false}, {type, B, true}, {type, S, false}, {type, S, true}};
}

}  // namespace

// Reads an optional attribute of the primitive; empty (with a warning) when it is absent,
// has a format glTF does not allow for it, or has a different count from POSITION.
std::vector<float> Importer::optionalAttribute(const std::map<std::string, int>& attributes,
                                               const std::string& semantic, size_t vertexCount,
                                               const std::vector<Format>& formats,
                                               const std::string& what) {
  const auto it = attributes.find(semantic);
  if (it == attributes.end()) return {};
  if (!accessors_->hasFormat(it->second, formats)) {
    warn(what + " " + semantic + " is " + accessors_->formatOf(it->second) +
         ", not a format glTF allows for it; it is ignored");
    return {};
  }
  if (accessors_->layout(it->second).dataless) {
    warn(what + " " + semantic + " reads a buffer without data; it is ignored");
    return {};
  }
  if (accessors_->layout(it->second).count != vertexCount) {
    warn(what + " " + semantic + " has " + str(accessors_->layout(it->second).count) +
         " elements but POSITION has " + str(vertexCount) + "; it is ignored");
    return {};
  }
  return accessors_->readFloats(it->second);
}

std::optional<Primitive> Importer::convertPrimitive(const tinygltf::Primitive& prim,
                                                    const std::string& what) {
  constexpr int UI = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
  constexpr int V2 = TINYGLTF_TYPE_VEC2, V3 = TINYGLTF_TYPE_VEC3, V4 = TINYGLTF_TYPE_VEC4;
  Topology topology = Topology::Triangles;
  switch (prim.mode) {
    case TINYGLTF_MODE_TRIANGLES:
    case TINYGLTF_MODE_TRIANGLE_STRIP:
    case TINYGLTF_MODE_TRIANGLE_FAN:
      break;
    case TINYGLTF_MODE_POINTS:
      topology = Topology::Points;
      break;
    case TINYGLTF_MODE_LINE:
    case TINYGLTF_MODE_LINE_LOOP:
    case TINYGLTF_MODE_LINE_STRIP:
      topology = Topology::Lines;
      break;
    default:
      warn(what + " has an unknown mode " + std::to_string(prim.mode));
      return std::nullopt;
  }
  const auto pos = prim.attributes.find("POSITION");
  if (pos == prim.attributes.end()) {
    warn(what + " has no POSITION and is not shown");
    return std::nullopt;
  }
  for (int required : {pos->second, prim.indices})
    if (required >= 0 && accessors_->layout(required).dataless) {
      warn(what +
           " reads a buffer without data (no uri, perhaps filled by an unsupported "
           "extension) and is not shown");
      return std::nullopt;
    }
  if (!accessors_->hasFormat(pos->second, quantized_ ? anyInteger(V3) : std::vector<Format>{{V3, F, false}}))
    fail(accessors_->name(pos->second) + " is " + accessors_->formatOf(pos->second) +
         (quantized_ ? ", which KHR_mesh_quantization does not allow for POSITION"
                     : ", but POSITION must be VEC3 of FLOAT (or an integer type with "
                       "KHR_mesh_quantization)"));

  Primitive out;
  const auto positions = accessors_->readFloats(pos->second);
  const size_t vertexCount = accessors_->layout(pos->second).count;
  for (float v : positions)
    if (!std::isfinite(v)) {
      warn(what + " has positions that are not finite numbers and is not shown");
      return std::nullopt;
    }
  out.positions = vectors<glm::vec3>(positions);

  // Indices of the drawn vertices in file order, then as a triangle list.
  std::vector<std::uint32_t> order;
  if (prim.indices >= 0) {
    if (!accessors_->hasFormat(prim.indices, {{TINYGLTF_TYPE_SCALAR, UB, false},
                                              {TINYGLTF_TYPE_SCALAR, US, false},
                                              {TINYGLTF_TYPE_SCALAR, UI, false}}))
      fail(accessors_->name(prim.indices) + " is " + accessors_->formatOf(prim.indices) +
           ", but indices must be SCALAR of an unsigned integer type");
    order = accessors_->readIndices(prim.indices);
    for (size_t i = 0; i < order.size(); ++i)
      if (order[i] >= vertexCount)
        fail(accessors_->name(prim.indices) + " has index " + str(order[i]) + " at position " +
             str(i) + " but the primitive has only " + str(vertexCount) + " vertices");
  } else {
    order.resize(vertexCount);
    for (size_t i = 0; i < vertexCount; ++i) order[i] = std::uint32_t(i);
  }
  out.topology = topology;
  out.indices = topology == Topology::Triangles ? triangleList(order, prim.mode, what)
                : topology == Topology::Lines   ? lineList(order, prim.mode, what)
                                                : order;
  if (out.indices.empty()) {
    warn(what + (topology == Topology::Triangles ? " has no complete triangle"
                 : topology == Topology::Lines   ? " has no complete line"
                                                 : " has no point") +
         " and is not shown");
    return std::nullopt;
  }

  const auto normals =
      optionalAttribute(prim.attributes, "NORMAL", vertexCount,
                        quantized_ ? signedNormalized(V3) : std::vector<Format>{{V3, F, false}}, what);
  const std::vector<Format> uvFormats =
      quantized_ ? anyInteger(V2) : std::vector<Format>{{V2, F, false}, {V2, UB, true}, {V2, US, true}};
  const auto uv = optionalAttribute(prim.attributes, "TEXCOORD_0", vertexCount, uvFormats, what);
  const auto uv1 = optionalAttribute(prim.attributes, "TEXCOORD_1", vertexCount, uvFormats, what);
  const auto tangents =
      optionalAttribute(prim.attributes, "TANGENT", vertexCount,
                        quantized_ ? signedNormalized(V4) : std::vector<Format>{{V4, F, false}}, what);
  const auto colorIt = prim.attributes.find("COLOR_0");
  const bool rgb =
      colorIt != prim.attributes.end() && model_.accessors[size_t(colorIt->second)].type == V3;
  const auto colors = optionalAttribute(prim.attributes, "COLOR_0", vertexCount,
                                        {{V3, F, false},
                                         {V3, UB, true},
                                         {V3, US, true},
                                         {V4, F, false},
                                         {V4, UB, true},
                                         {V4, US, true}},
                                        what);
  out.uv0 = sampledUvs(prim.material, vectors<glm::vec2>(uv), vectors<glm::vec2>(uv1), what);
  out.colors.resize(colors.size() / (rgb ? 3 : 4));
  for (size_t i = 0; i < out.colors.size(); ++i)
    out.colors[i] =
        rgb ? glm::vec4(colors[3 * i], colors[3 * i + 1], colors[3 * i + 2], 1.f)
            : glm::vec4(colors[4 * i], colors[4 * i + 1], colors[4 * i + 2], colors[4 * i + 3]);

  for (size_t t = 0; t < prim.targets.size(); ++t) {
    const std::string targetWhat = what + " morph target " + str(t);
    const auto dp =
        optionalAttribute(prim.targets[t], "POSITION", vertexCount,
                          quantized_ ? signedInteger(V3) : std::vector<Format>{{V3, F, false}}, targetWhat);
    const auto dn =
        optionalAttribute(prim.targets[t], "NORMAL", vertexCount,
                          quantized_ ? signedNormalized(V3) : std::vector<Format>{{V3, F, false}}, targetWhat);
    out.morphPositions.push_back(vectors<glm::vec3>(dp));
    // Normal deltas need base normals; without them flat normals are generated instead.
    out.morphNormals.push_back(normals.empty() ? std::vector<glm::vec3>{} : vectors<glm::vec3>(dn));
  }

  if (!normals.empty()) {
    out.normals = vectors<glm::vec3>(normals);
    if (quantized_)  // 8 or 16 bits leave them a little off unit length
      for (glm::vec3& n : out.normals) n = glm::length(n) > 0.f ? glm::normalize(n) : glm::vec3(0.f, 0.f, 1.f);
    out.tangents = vectors<glm::vec4>(tangents);
  } else if (topology != Topology::Triangles) {
    out.normals.assign(out.positions.size(), glm::vec3(0.f, 0.f, 1.f));  // drawn unlit
  } else {
    // glTF 2.0 says: without normals, compute flat normals and ignore the tangents. Flat
    // shading needs vertices of their own per triangle.
    unweld(out);
    out.normals.resize(out.positions.size());
    for (size_t i = 0; i + 2 < out.positions.size(); i += 3) {
      const glm::vec3 n = glm::cross(out.positions[i + 1] - out.positions[i],
                                     out.positions[i + 2] - out.positions[i]);
      const float len = glm::length(n);
      const glm::vec3 unit = len > 0.f && std::isfinite(len) ? n / len : glm::vec3(0.f, 0.f, 1.f);
      out.normals[i] = out.normals[i + 1] = out.normals[i + 2] = unit;
    }
  }
  for (const auto& p : out.positions) out.bounds.grow(p);
  out.material = prim.material;
  return out;
}

// The UVs the primitive's material samples: the set and KHR_texture_transform of its first
// texture. A material's textures share them in every file seen; where they do not, the first
// wins and a warning says so.
std::vector<glm::vec2> Importer::sampledUvs(int material, std::vector<glm::vec2> uv0,
                                            std::vector<glm::vec2> uv1, const std::string& what) {
  if (material < 0 || size_t(material) >= scene_.materials.size()) return uv0;
  const Material& m = scene_.materials[size_t(material)];
  const TextureRef* first = nullptr;
  bool differ = false;
  for (const TextureRef* ref : {&m.baseColorTexture, &m.metallicRoughnessTexture, &m.normalTexture,
                                &m.occlusionTexture, &m.emissiveTexture}) {
    if (ref->texture < 0) continue;
    if (!first) first = ref;
    else differ = differ || ref->texCoord != first->texCoord || ref->uvTransform != first->uvTransform;
  }
  if (!first) return uv0;
  if (differ)
    warn(what + ": its material's textures use different UV sets or transforms; all follow "
                "the first texture's");
  if (first->texCoord == 1 && uv1.empty())
    warn(what + " has no TEXCOORD_1, which its material's textures use; TEXCOORD_0 is used");
  std::vector<glm::vec2> uv = first->texCoord == 1 && !uv1.empty() ? std::move(uv1) : std::move(uv0);
  if (first->uvTransform != glm::mat3(1.f))
    for (glm::vec2& t : uv) t = glm::vec2(first->uvTransform * glm::vec3(t, 1.f));
  return uv;
}

std::vector<std::uint32_t> Importer::triangleList(const std::vector<std::uint32_t>& v, int mode,
                                                  const std::string& what) {
  std::vector<std::uint32_t> out;
  if (mode == TINYGLTF_MODE_TRIANGLES) {
    if (v.size() % 3 != 0)
      warn(what + " has " + str(v.size()) + " indices, not a multiple of 3; the rest is dropped");
    out.assign(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 3 * 3));
  } else if (mode == TINYGLTF_MODE_TRIANGLE_STRIP) {
    // Every other triangle of a strip is flipped so that all keep the same winding.
    for (size_t i = 0; i + 2 < v.size(); ++i) {
      const bool odd = i % 2 == 1;
      out.insert(out.end(), {v[i], v[odd ? i + 2 : i + 1], v[odd ? i + 1 : i + 2]});
    }
  } else {
    for (size_t i = 1; i + 1 < v.size(); ++i) out.insert(out.end(), {v[i], v[i + 1], v[0]});
  }
  return out;
}

std::vector<std::uint32_t> Importer::lineList(const std::vector<std::uint32_t>& v, int mode,
                                              const std::string& what) {
  std::vector<std::uint32_t> out;
  if (mode == TINYGLTF_MODE_LINE) {
    if (v.size() % 2 != 0)
      warn(what + " has " + str(v.size()) + " indices, not a multiple of 2; the last is dropped");
    out.assign(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2 * 2));
    return out;
  }
  for (size_t i = 0; i + 1 < v.size(); ++i) out.insert(out.end(), {v[i], v[i + 1]});
  if (mode == TINYGLTF_MODE_LINE_LOOP && v.size() > 2) out.insert(out.end(), {v.back(), v[0]});
  return out;
}

void Importer::unweld(Primitive& p) {
  auto expand = [&](auto& values) {
    if (values.empty()) return;
    std::remove_reference_t<decltype(values)> out;
    out.reserve(p.indices.size());
    for (std::uint32_t i : p.indices) out.push_back(values[i]);
    values.swap(out);
  };
  expand(p.positions);
  expand(p.uv0);
  expand(p.colors);
  for (auto& m : p.morphPositions) expand(m);
  p.morphNormals.assign(p.morphPositions.size(), {});
  p.tangents.clear();
  for (size_t i = 0; i < p.indices.size(); ++i) p.indices[i] = std::uint32_t(i);
}

// --- Nodes ---
}  // namespace spineview::gltf
