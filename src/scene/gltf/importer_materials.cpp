#include <stb_image.h>

#include <cmath>
#include <limits>

#include "scene/gltf/checks.h"
#include "scene/gltf/image_checks.h"
#include "scene/gltf/importer.h"

namespace spineview::gltf {

bool keepEncodedImage(tinygltf::Image* image, const int index, std::string*, std::string*, int, int,
                      const unsigned char* bytes, int size, void* user) {
  if (image->bufferView >= 0) return true;
  if (bytes && size > 0)
    static_cast<EncodedImages*>(user)->bytes[index].assign(bytes, bytes + size);
  return true;
}

void Importer::convertTextures() {
  std::map<int, std::optional<Texture>> decoded;  // by image index
  textureMap_.assign(model_.textures.size(), -1);
  for (size_t t = 0; t < model_.textures.size(); ++t) {
    const auto& gltfTexture = model_.textures[t];
    if (gltfTexture.source < 0) {
      warn("texture " + str(t) + " has no image this viewer can read; it is not used");
      continue;
    }
    auto it = decoded.find(gltfTexture.source);
    if (it == decoded.end())
      it = decoded.emplace(gltfTexture.source, decodeImage(gltfTexture.source)).first;
    if (!it->second) continue;
    Texture texture = *it->second;
    if (gltfTexture.sampler >= 0)
      applySampler(model_.samplers[size_t(gltfTexture.sampler)], texture);
    textureMap_[t] = int(scene_.textures.size());
    scene_.textures.push_back(std::move(texture));
  }
}

std::optional<Texture> Importer::decodeImage(int index) {
  const auto& image = model_.images[size_t(index)];
  const std::string name =
      "image " + std::to_string(index) +
      (image.uri.empty() || image.uri.size() > 80 ? "" : " (" + image.uri + ")");
  const unsigned char* bytes = nullptr;
  size_t size = 0;
  if (image.bufferView >= 0 && accessors_->isDataless(image.bufferView)) {
    // no bytes: reported below
  } else if (image.bufferView >= 0) {
    bytes = accessors_->viewData(image.bufferView);  // range checked in checkBufferViews
    size = model_.bufferViews[size_t(image.bufferView)].byteLength;
  } else if (auto it = encodedImages_.bytes.find(index); it != encodedImages_.bytes.end()) {
    bytes = it->second.data();
    size = it->second.size();
  }
  if (!bytes || size == 0) {
    warn(name + " could not be read; textures using it are not shown");
    return std::nullopt;
  }
  if (size > size_t(std::numeric_limits<int>::max())) {
    warn(name + " is too large; textures using it are not shown");
    return std::nullopt;
  }
  if (auto problem = jpegHuffmanProblem(bytes, size)) {
    warn(name + " is a damaged JPEG (" + *problem + "); textures using it are not shown");
    return std::nullopt;
  }
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(bytes, int(size), &w, &h, &channels)) {
    warn(name + " cannot be decoded (" + stbi_failure_reason() +
         "); textures using it are not shown");
    return std::nullopt;
  }
  if (w < 1 || h < 1 || w > kMaxImageSide || h > kMaxImageSide) {
    warn(name + " is " + std::to_string(w) + "x" + std::to_string(h) +
         " pixels, outside what this viewer accepts; textures using it are not shown");
    return std::nullopt;
  }
  const std::uint64_t texels = std::uint64_t(w) * std::uint64_t(h);
  if (!spend(texels * kBytesPerTexel)) {
    warn(name + " is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, about " +
         str(texels * kBytesPerTexel >> 20) + " MiB once decoded, which passes the " +
         str(kMaxFileMemory >> 20) + " MiB this viewer allows one file; textures using it are " +
         "not shown");
    return std::nullopt;
  }
  unsigned char* pixels = stbi_load_from_memory(bytes, int(size), &w, &h, &channels, 4);
  if (!pixels) {
    warn(name + " cannot be decoded (" + stbi_failure_reason() +
         "); textures using it are not shown");
    return std::nullopt;
  }
  Texture texture;
  texture.width = w;
  texture.height = h;
  texture.rgba.assign(pixels, pixels + size_t(w) * size_t(h) * 4);
  stbi_image_free(pixels);
  return texture;
}

void Importer::applySampler(const tinygltf::Sampler& s, Texture& t) {
  switch (s.minFilter) {
    case 9728:
    case 9729:
    case 9984:
    case 9985:
    case 9986:
    case 9987:
      t.minFilter = s.minFilter;
      break;
    default:
      break;  // undefined or invalid: keep the default
  }
  if (s.magFilter == 9728 || s.magFilter == 9729) t.magFilter = s.magFilter;
  auto wrap = [](int w, int fallback) {
    return w == 10497 || w == 33071 || w == 33648 ? w : fallback;
  };
  t.wrapS = wrap(s.wrapS, t.wrapS);
  t.wrapT = wrap(s.wrapT, t.wrapT);
}

TextureRef Importer::textureRef(int index, int texCoord, double scale,
                                const tinygltf::ExtensionMap& extensions, const std::string& what) {
  TextureRef ref;
  if (index < 0) return ref;
  ref.texture = textureMap_[size_t(index)];
  ref.texCoord = texCoord;
  ref.scale = float(scale);
  const auto transform = extensions.find("KHR_texture_transform");
  if (transform != extensions.end() && transform->second.IsObject()) {
    const tinygltf::Value& t = transform->second;
    auto number = [&](const tinygltf::Value& v, double fallback) {
      return v.IsNumber() && std::isfinite(v.GetNumberAsDouble()) ? v.GetNumberAsDouble() : fallback;
    };
    auto pair = [&](const char* key, double fallback) {
      const tinygltf::Value& v = t.Get(key);
      if (!v.IsArray() || v.ArrayLen() != 2) return glm::vec2(float(fallback));
      return glm::vec2(float(number(v.Get(0), fallback)), float(number(v.Get(1), fallback)));
    };
    const glm::vec2 offset = pair("offset", 0.0), stretch = pair("scale", 1.0);
    const float angle = float(number(t.Get("rotation"), 0.0));
    // As the extension writes it: translation * rotation * scale, column by column.
    const glm::mat3 translation(1.f, 0.f, 0.f, 0.f, 1.f, 0.f, offset.x, offset.y, 1.f);
    const glm::mat3 rotation(std::cos(angle), std::sin(angle), 0.f, -std::sin(angle),
                             std::cos(angle), 0.f, 0.f, 0.f, 1.f);
    const glm::mat3 scaling(stretch.x, 0.f, 0.f, 0.f, stretch.y, 0.f, 0.f, 0.f, 1.f);
    ref.uvTransform = translation * rotation * scaling;
    const tinygltf::Value& set = t.Get("texCoord");
    if (set.IsInt() && set.Get<int>() >= 0) ref.texCoord = set.Get<int>();
  }
  if (ref.texCoord > 1)
    warn(what + " uses TEXCOORD_" + std::to_string(ref.texCoord) + "; only TEXCOORD_0 and _1 are read");
  return ref;
}

void Importer::convertMaterials() {
  for (size_t i = 0; i < model_.materials.size(); ++i) {
    const auto& m = model_.materials[i];
    const auto& pbr = m.pbrMetallicRoughness;
    const std::string what = "material " + str(i);
    Material out;
    out.name = m.name;
    if (pbr.baseColorFactor.size() == 4)
      out.baseColor = glm::vec4(float(pbr.baseColorFactor[0]), float(pbr.baseColorFactor[1]),
                                float(pbr.baseColorFactor[2]), float(pbr.baseColorFactor[3]));
    out.metallic = float(pbr.metallicFactor);
    out.roughness = float(pbr.roughnessFactor);
    if (m.emissiveFactor.size() == 3)
      out.emissive = glm::vec3(float(m.emissiveFactor[0]), float(m.emissiveFactor[1]),
                               float(m.emissiveFactor[2]));
    out.baseColorTexture =
        textureRef(pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord, 1.0,
                   pbr.baseColorTexture.extensions, what);
    out.metallicRoughnessTexture =
        textureRef(pbr.metallicRoughnessTexture.index, pbr.metallicRoughnessTexture.texCoord, 1.0,
                   pbr.metallicRoughnessTexture.extensions, what);
    out.normalTexture =
        textureRef(m.normalTexture.index, m.normalTexture.texCoord, m.normalTexture.scale,
                   m.normalTexture.extensions, what);
    out.occlusionTexture = textureRef(m.occlusionTexture.index, m.occlusionTexture.texCoord,
                                      m.occlusionTexture.strength, m.occlusionTexture.extensions, what);
    out.emissiveTexture =
        textureRef(m.emissiveTexture.index, m.emissiveTexture.texCoord, 1.0,
                   m.emissiveTexture.extensions, what);
    if (m.alphaMode == "MASK")
      out.alphaMode = AlphaMode::Mask;
    else if (m.alphaMode == "BLEND")
      out.alphaMode = AlphaMode::Blend;
    else if (m.alphaMode != "OPAQUE")
      warn(what + " has an unknown alphaMode; it is shown opaque");
    out.alphaCutoff = float(m.alphaCutoff);
    out.doubleSided = m.doubleSided;
    for (const auto& [ext, value] : m.extensions) {
      if (ext == "KHR_materials_unlit") {
        out.unlit = true;
      } else if (ext == "KHR_materials_emissive_strength") {
        const auto& strength = value.Get("emissiveStrength");  // absent: 1
        if (strength.IsNumber() && std::isfinite(strength.GetNumberAsDouble()) &&
            strength.GetNumberAsDouble() >= 0.0)
          out.emissive *= float(strength.GetNumberAsDouble());
        else if (value.Has("emissiveStrength"))
          warn(what + " has an emissiveStrength that is not a number of 0 or more; it is ignored");
      } else {
        warn(what + " uses " + ext + ", which is ignored");
      }
    }
    scene_.materials.push_back(std::move(out));
  }
}

// --- Meshes ---
}  // namespace spineview::gltf
