// Small glTF documents for importer tests: binary data goes into one buffer (a base64 data URI,
// an external .bin or a GLB BIN chunk); the JSON is edited directly by each test.
#pragma once
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_paths.h"

namespace spineview::test {

inline std::string base64(const std::vector<std::uint8_t>& data) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < data.size(); i += 3) {
    const std::uint32_t b0 = data[i], b1 = i + 1 < data.size() ? data[i + 1] : 0,
                        b2 = i + 2 < data.size() ? data[i + 2] : 0;
    const std::uint32_t v = b0 << 16 | b1 << 8 | b2;
    out += digits[v >> 18 & 63];
    out += digits[v >> 12 & 63];
    out += i + 1 < data.size() ? digits[v >> 6 & 63] : '=';
    out += i + 2 < data.size() ? digits[v & 63] : '=';
  }
  return out;
}

// A fresh, empty folder for one test's files under the test output directory.
inline std::filesystem::path testFolder(const std::string& name) {
  const auto dir = outputDir() / "loader" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void writeBytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

struct GltfBuilder {
  nlohmann::json doc = {{"asset", {{"version", "2.0"}}}};
  std::vector<std::uint8_t> bin;

  // Appends raw data (4-byte aligned) as a new buffer view; returns its index.
  int view(const void* data, size_t bytes, int stride = 0) {
    while (bin.size() % 4) bin.push_back(0);
    const size_t offset = bin.size();
    bin.resize(offset + bytes);
    if (bytes) std::memcpy(bin.data() + offset, data, bytes);
    nlohmann::json v = {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", bytes}};
    if (stride) v["byteStride"] = stride;
    doc["bufferViews"].push_back(v);
    return int(doc["bufferViews"].size()) - 1;
  }
  template <typename T>
  int view(const std::vector<T>& values) {
    return view(values.data(), values.size() * sizeof(T));
  }

  int accessor(nlohmann::json a) {
    doc["accessors"].push_back(std::move(a));
    return int(doc["accessors"].size()) - 1;
  }
  // Float VEC3 positions, with the min/max glTF requires.
  int positions(const std::vector<float>& xyz) {
    nlohmann::json mn = {xyz[0], xyz[1], xyz[2]}, mx = mn;
    for (size_t i = 0; i < xyz.size(); ++i) {
      mn[i % 3] = std::min(mn[i % 3].get<float>(), xyz[i]);
      mx[i % 3] = std::max(mx[i % 3].get<float>(), xyz[i]);
    }
    return accessor({{"bufferView", view(xyz)},
                     {"componentType", 5126},
                     {"count", xyz.size() / 3},
                     {"type", "VEC3"},
                     {"min", mn},
                     {"max", mx}});
  }
  int floats(const std::vector<float>& values, const char* type, size_t components) {
    return accessor({{"bufferView", view(values)},
                     {"componentType", 5126},
                     {"count", values.size() / components},
                     {"type", type}});
  }
  int indices16(const std::vector<std::uint16_t>& values) {
    return accessor({{"bufferView", view(values)},
                     {"componentType", 5123},
                     {"count", values.size()},
                     {"type", "SCALAR"}});
  }
  // A mesh with one primitive; returns the mesh index.
  int mesh(nlohmann::json primitive, const std::string& name = "") {
    nlohmann::json m = {{"primitives", {std::move(primitive)}}};
    if (!name.empty()) m["name"] = name;
    doc["meshes"].push_back(m);
    return int(doc["meshes"].size()) - 1;
  }
  int node(nlohmann::json n) {
    doc["nodes"].push_back(std::move(n));
    return int(doc["nodes"].size()) - 1;
  }

  // Writes <folder>/<file> with the buffer as a data URI.
  std::filesystem::path write(const std::filesystem::path& folder,
                              const std::string& file = "model.gltf") {
    nlohmann::json d = doc;
    d["buffers"] = {{{"byteLength", bin.size()},
                     {"uri", "data:application/octet-stream;base64," + base64(bin)}}};
    const auto path = folder / file;
    std::ofstream(path) << d.dump(1);
    return path;
  }
  // Writes the document with the buffer at `uri` (relative to the folder); the .bin file
  // itself is written to `binPath` when given.
  std::filesystem::path writeWithUri(const std::filesystem::path& folder, const std::string& uri,
                                     const std::filesystem::path& binPath = {}) {
    nlohmann::json d = doc;
    d["buffers"] = {{{"byteLength", bin.size()}, {"uri", uri}}};
    if (!binPath.empty()) writeBytes(binPath, bin);
    const auto path = folder / "model.gltf";
    std::ofstream(path) << d.dump(1);
    return path;
  }
  // The document as GLB bytes: JSON chunk (space padded) and BIN chunk (zero padded).
  std::vector<std::uint8_t> glb() const {
    nlohmann::json d = doc;
    d["buffers"] = {{{"byteLength", bin.size()}}};
    std::string json = d.dump();
    while (json.size() % 4) json += ' ';
    std::vector<std::uint8_t> data = bin;
    while (data.size() % 4) data.push_back(0);
    std::vector<std::uint8_t> out;
    auto u32 = [&](std::uint32_t v) {
      for (int i = 0; i < 4; ++i) out.push_back(std::uint8_t(v >> (8 * i)));
    };
    u32(0x46546C67);  // "glTF"
    u32(2);
    u32(std::uint32_t(12 + 8 + json.size() + 8 + data.size()));
    u32(std::uint32_t(json.size()));
    u32(0x4E4F534A);
    out.insert(out.end(), json.begin(), json.end());
    u32(std::uint32_t(data.size()));
    u32(0x004E4942);
    out.insert(out.end(), data.begin(), data.end());
    return out;
  }
};

// A builder holding one triangle in the XY plane, counter-clockwise seen from +Z, with 16-bit
// indices, drawn by node 0 (in scene 0). Tests edit doc before writing.
inline GltfBuilder triangleDocument() {
  GltfBuilder b;
  const int pos = b.positions({0, 0, 0, 1, 0, 0, 0, 1, 0});
  const int idx = b.indices16({0, 1, 2});
  b.mesh({{"attributes", {{"POSITION", pos}}}, {"indices", idx}}, "triangle");
  b.node({{"mesh", 0}, {"name", "tri"}});
  b.doc["scenes"] = {{{"nodes", {0}}}};
  b.doc["scene"] = 0;
  return b;
}

}  // namespace spineview::test
