// glTF 2.0 import. tinygltf parses the JSON and reads buffers and images through file callbacks
// that keep every read inside the model's folder; everything it hands back is then checked here
// before use (indices, byte ranges, formats, the node hierarchy), because Debian's tinygltf 2.7
// checks none of it. The checked model is converted into a Scene.
#include "scene/gltf_import.h"

#include <stb_image.h>
#include <tiny_gltf.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <map>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

namespace spineview {
namespace {

namespace fs = std::filesystem;

// Limits against hostile or broken files: no single file, buffer or decoded array may exceed
// 1 GiB, and textures are at most 16384 pixels on a side.
constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 30;
constexpr int kMaxImageSide = 16384;

// A check failed. Thrown only inside this file and turned into an Error by importGltf, so that
// the conversion reads top to bottom instead of threading a Result through every helper.
struct Failure {
  std::string reason;
};
[[noreturn]] void fail(std::string reason) {
  throw Failure{std::move(reason)};
}

std::string str(std::uint64_t v) {
  return std::to_string(v);
}

// --- Reading files inside the model's folder --------------------------------------------------

// What the tinygltf file callbacks may read: only files inside `root` (canonical). tinygltf joins
// base_dir + "/" + uri, then also tries "./" + uri relative to the working directory; only the
// first form is ever allowed.
struct FolderGuard {
  fs::path root;
  std::string prefix;                 // root as a string, ending in '/'
  std::vector<std::string> refusals;  // why URIs were refused, for the error message
};

void noteRefusal(FolderGuard& guard, const std::string& uri, const std::string& why) {
  std::string note = "URI '" + uri + "' " + why;
  if (std::find(guard.refusals.begin(), guard.refusals.end(), note) == guard.refusals.end())
    guard.refusals.push_back(note);
}

std::optional<fs::path> resolveInside(FolderGuard& guard, const std::string& joined) {
  if (joined.compare(0, guard.prefix.size(), guard.prefix) != 0) return std::nullopt;
  const std::string uri = joined.substr(guard.prefix.size());
  if (uri.empty()) return std::nullopt;
  if (uri[0] == '/' || uri[0] == '\\') {
    noteRefusal(guard, uri, "is an absolute path; only files in the model's folder are read");
    return std::nullopt;
  }
  if (uri.find("://") != std::string::npos) {
    noteRefusal(guard, uri, "is not a local file; only files in the model's folder are read");
    return std::nullopt;
  }
  const fs::path relative = fs::path(uri).lexically_normal();
  if (relative.empty() || *relative.begin() == "..") {
    noteRefusal(guard, uri, "leaves the model's folder");
    return std::nullopt;
  }
  // Symbolic links may point anywhere: compare canonical paths.
  std::error_code ec;
  const fs::path full = fs::weakly_canonical(guard.root / relative, ec);
  if (ec) return std::nullopt;
  auto rootEnd = guard.root.end();
  if (std::mismatch(guard.root.begin(), rootEnd, full.begin(), full.end()).first != rootEnd) {
    noteRefusal(guard, uri, "leaves the model's folder through a symbolic link");
    return std::nullopt;
  }
  return full;
}

bool guardedFileExists(const std::string& path, void* user) {
  auto& guard = *static_cast<FolderGuard*>(user);
  const auto full = resolveInside(guard, path);
  std::error_code ec;
  return full && fs::is_regular_file(*full, ec);
}

std::string noExpansion(const std::string& path, void*) {
  return path;
}

// Reads a whole regular file of at most kMaxBytes; `err` gets the reason otherwise.
bool readWholeFile(const fs::path& path, std::vector<unsigned char>* out, std::string* err) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    *err = "is not a regular file";
    return false;
  }
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) {
    *err = "cannot be read (" + ec.message() + ")";
    return false;
  }
  if (size > kMaxBytes) {
    *err = "has " + str(size) + " bytes, more than the 1 GiB this viewer accepts";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  out->resize(static_cast<size_t>(size));
  if (!in || (size > 0 &&
              !in.read(reinterpret_cast<char*>(out->data()), static_cast<std::streamsize>(size)))) {
    *err = "cannot be read";
    return false;
  }
  return true;
}

bool guardedReadWholeFile(std::vector<unsigned char>* out, std::string* err,
                          const std::string& path, void* user) {
  auto& guard = *static_cast<FolderGuard*>(user);
  const auto full = resolveInside(guard, path);
  if (!full) {
    if (err) *err += "refused to read " + path;
    return false;
  }
  std::string why;
  if (!readWholeFile(*full, out, &why)) {
    if (err) *err += path + " " + why;
    return false;
  }
  return true;
}

bool refuseWrite(std::string* err, const std::string&, const std::vector<unsigned char>&, void*) {
  if (err) *err += "writing is not allowed";
  return false;
}

// Images are decoded later, after their byte range is checked: tinygltf hands an image stored
// in a buffer view to this callback without checking that the view lies inside its buffer.
// Images from URIs and data URIs are kept encoded, by image index.
struct EncodedImages {
  std::map<int, std::vector<unsigned char>> bytes;
};

bool keepEncodedImage(tinygltf::Image* image, const int index, std::string*, std::string*, int, int,
                      const unsigned char* bytes, int size, void* user) {
  if (image->bufferView >= 0) return true;
  if (bytes && size > 0)
    static_cast<EncodedImages*>(user)->bytes[index].assign(bytes, bytes + size);
  return true;
}

// --- GLB container ------------------------------------------------------------------------------

std::uint32_t readU32(const std::vector<unsigned char>& b, size_t at) {
  return std::uint32_t(b[at]) | std::uint32_t(b[at + 1]) << 8 | std::uint32_t(b[at + 2]) << 16 |
         std::uint32_t(b[at + 3]) << 24;
}

void appendU32(std::vector<unsigned char>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

constexpr std::uint32_t kChunkJson = 0x4E4F534A, kChunkBin = 0x004E4942;

// The JSON and BIN chunks of a checked GLB container (offsets into the file).
struct GlbChunks {
  size_t jsonOffset = 0, jsonLength = 0;
  size_t binOffset = 0, binLength = 0;
};

// Checks the GLB container. It is later rebuilt as header + JSON chunk (+ BIN chunk), because
// tinygltf reads the BIN chunk header without checking that it lies inside the file, and
// expects BIN directly after JSON with no other chunks.
GlbChunks checkGlb(const std::vector<unsigned char>& file) {
  if (file.size() < 12) fail("truncated GLB header (" + str(file.size()) + " bytes, needs 12)");
  const std::uint32_t version = readU32(file, 4), length = readU32(file, 8);
  if (version != 2) fail("GLB version " + str(version) + " is not 2");
  if (length < 12) fail("GLB length " + str(length) + " is smaller than its 12-byte header");
  if (length > file.size())
    fail("GLB header says " + str(length) + " bytes but the file has " + str(file.size()));
  GlbChunks chunks;
  bool haveJson = false, haveBin = false;
  size_t pos = 12;
  for (int chunk = 0; pos < length; ++chunk) {
    if (length - pos < 8) fail("truncated GLB chunk header at byte " + str(pos));
    const std::uint32_t chunkLength = readU32(file, pos), type = readU32(file, pos + 4);
    pos += 8;
    if (chunkLength > length - pos)
      fail("GLB chunk " + str(chunk) + " has " + str(chunkLength) + " bytes but only " +
           str(length - pos) + " remain");
    if (chunkLength % 4 != 0)
      fail("GLB chunk " + str(chunk) + " length " + str(chunkLength) + " is not a multiple of 4");
    if (chunk == 0 && type != kChunkJson) fail("the first GLB chunk is not JSON");
    if (type == kChunkJson) {
      if (chunk != 0) fail("GLB has more than one JSON chunk");
      if (chunkLength == 0) fail("GLB JSON chunk is empty");
      chunks.jsonOffset = pos;
      chunks.jsonLength = chunkLength;
      haveJson = true;
    } else if (type == kChunkBin) {
      if (haveBin) fail("GLB has more than one BIN chunk");
      if (chunk != 1) fail("GLB BIN chunk is not the second chunk");
      chunks.binOffset = pos;
      chunks.binLength = chunkLength;
      haveBin = true;
    }  // Other chunk types belong to extensions and are skipped.
    pos += chunkLength;
  }
  if (!haveJson) fail("GLB has no JSON chunk");
  return chunks;
}

std::vector<unsigned char> buildGlb(const std::string& json, const unsigned char* bin,
                                    size_t binLength) {
  const size_t jsonPadded = (json.size() + 3) / 4 * 4;
  const size_t total = 12 + 8 + jsonPadded + (binLength > 0 ? 8 + binLength : 0);
  if (total > kMaxBytes) fail("the GLB file is larger than the 1 GiB this viewer accepts");
  std::vector<unsigned char> out{'g', 'l', 'T', 'F'};
  out.reserve(total);
  appendU32(out, 2);
  appendU32(out, static_cast<std::uint32_t>(total));
  appendU32(out, static_cast<std::uint32_t>(jsonPadded));
  appendU32(out, kChunkJson);
  out.insert(out.end(), json.begin(), json.end());
  out.resize(20 + jsonPadded, ' ');
  if (binLength > 0) {
    appendU32(out, static_cast<std::uint32_t>(binLength));
    appendU32(out, kChunkBin);
    out.insert(out.end(), bin, bin + binLength);
  }
  return out;
}

// --- Buffers tinygltf cannot take as they are ---------------------------------------------------

bool decodeBase64(const std::string& text, std::vector<unsigned char>* out) {
  unsigned value = 0;
  int bits = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '='; ++i) {
    const char c = text[i];
    int digit;
    if (c >= 'A' && c <= 'Z')
      digit = c - 'A';
    else if (c >= 'a' && c <= 'z')
      digit = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      digit = c - '0' + 52;
    else if (c == '+')
      digit = 62;
    else if (c == '/')
      digit = 63;
    else
      return false;
    value = (value << 6 | unsigned(digit)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<unsigned char>(value >> bits));
    }
  }
  for (; i < text.size(); ++i)
    if (text[i] != '=') return false;
  return true;
}

bool decodePercent(const std::string& text, std::vector<unsigned char>* out) {
  auto hex = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out->push_back(static_cast<unsigned char>(text[i]));
      continue;
    }
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) return false;
    out->push_back(static_cast<unsigned char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
    i += 2;
  }
  return true;
}

std::string encodeBase64(const std::vector<unsigned char>& data) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < data.size(); i += 3) {
    const unsigned v = unsigned(data[i]) << 16 |
                       (i + 1 < data.size() ? unsigned(data[i + 1]) << 8 : 0) |
                       (i + 2 < data.size() ? data[i + 2] : 0);
    out += digits[v >> 18 & 63];
    out += digits[v >> 12 & 63];
    out += i + 1 < data.size() ? digits[v >> 6 & 63] : '=';
    out += i + 2 < data.size() ? digits[v & 63] : '=';
  }
  return out;
}

// tinygltf fails on two kinds of valid buffers: one without data (no uri, and not the GLB's BIN
// chunk; its data would come from an extension) and a data URI that is not base64 or has a media
// type it does not know. The JSON is rewritten so that tinygltf accepts them: data URIs are
// re-encoded, and a buffer without data gets a 1-byte stand-in that is emptied after loading
// (its index and declared length go to `dataless`): its ranges are checked against the declared
// length, and only reading it fails.
// Also, JSON does not distinguish 1 from 1.0, but tinygltf takes integer properties only when
// written without a fraction: integral numbers are rewritten as integers.
// Returns nothing when the text can be passed on unchanged.
bool integersWithoutFraction(nlohmann::json& value) {
  bool changed = false;
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
      if (d >= 0)
        value = static_cast<std::uint64_t>(d);
      else
        value = static_cast<std::int64_t>(d);
      changed = true;
    }
  } else if (value.is_structured()) {
    for (auto& item : value) changed |= integersWithoutFraction(item);
  }
  return changed;
}

std::optional<std::string> prepareJson(const char* text, size_t size, bool glb,
                                       std::map<size_t, std::uint64_t>* dataless) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text, text + size);
  } catch (const nlohmann::json::exception& e) {
    fail(std::string("invalid JSON (") + e.what() + ")");
  }
  bool changed = integersWithoutFraction(doc);
  if (!doc.is_object() || !doc.contains("buffers") || !doc["buffers"].is_array())
    return changed ? std::optional<std::string>(doc.dump()) : std::nullopt;
  auto& buffers = doc["buffers"];
  for (size_t i = 0; i < buffers.size(); ++i) {
    auto& buffer = buffers[i];
    if (!buffer.is_object()) continue;
    const auto uri = buffer.find("uri");
    if (uri == buffer.end()) {
      if (glb && i == 0) continue;  // the BIN chunk
      const auto length = buffer.find("byteLength");
      if (length == buffer.end() || !length->is_number_unsigned()) continue;  // tinygltf says why
      (*dataless)[i] = length->get<std::uint64_t>();
      buffer["uri"] = "data:application/octet-stream;base64,AA==";
      buffer["byteLength"] = 1;
      changed = true;
      continue;
    }
    if (!uri->is_string()) continue;
    const std::string value = uri->get<std::string>();
    const size_t comma = value.find(',');
    if (value.rfind("data:", 0) != 0 || comma == std::string::npos) continue;
    const std::string header = value.substr(0, comma);
    const bool base64 = header.size() >= 7 && header.compare(header.size() - 7, 7, ";base64") == 0;
    if (base64 && (header == "data:application/octet-stream;base64" ||
                   header == "data:application/gltf-buffer;base64"))
      continue;  // tinygltf decodes these itself
    std::vector<unsigned char> data;
    const std::string payload = value.substr(comma + 1);
    if (!(base64 ? decodeBase64(payload, &data) : decodePercent(payload, &data)))
      fail("buffer " + str(i) + " has a data URI that cannot be decoded");
    *uri = "data:application/octet-stream;base64," + encodeBase64(data);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return doc.dump();
}

// --- Accessors ---------------------------------------------------------------------------------

size_t componentSize(int componentType) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return 1;
    case TINYGLTF_COMPONENT_TYPE_SHORT:
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
      return 2;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
    case TINYGLTF_COMPONENT_TYPE_FLOAT:
      return 4;
    default:
      return 0;  // INT and DOUBLE are not glTF 2.0 component types
  }
}

// Rows and columns of an accessor type; 0 rows for an unknown type.
std::pair<int, int> typeShape(int type) {
  switch (type) {
    case TINYGLTF_TYPE_SCALAR:
      return {1, 1};
    case TINYGLTF_TYPE_VEC2:
      return {2, 1};
    case TINYGLTF_TYPE_VEC3:
      return {3, 1};
    case TINYGLTF_TYPE_VEC4:
      return {4, 1};
    case TINYGLTF_TYPE_MAT2:
      return {2, 2};
    case TINYGLTF_TYPE_MAT3:
      return {3, 3};
    case TINYGLTF_TYPE_MAT4:
      return {4, 4};
    default:
      return {0, 0};
  }
}

const char* typeName(int type) {
  switch (type) {
    case TINYGLTF_TYPE_SCALAR:
      return "SCALAR";
    case TINYGLTF_TYPE_VEC2:
      return "VEC2";
    case TINYGLTF_TYPE_VEC3:
      return "VEC3";
    case TINYGLTF_TYPE_VEC4:
      return "VEC4";
    case TINYGLTF_TYPE_MAT2:
      return "MAT2";
    case TINYGLTF_TYPE_MAT3:
      return "MAT3";
    case TINYGLTF_TYPE_MAT4:
      return "MAT4";
    default:
      return "unknown type";
  }
}

const char* componentName(int componentType) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_BYTE:
      return "BYTE";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return "UNSIGNED_BYTE";
    case TINYGLTF_COMPONENT_TYPE_SHORT:
      return "SHORT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT:
      return "UNSIGNED_SHORT";
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT:
      return "UNSIGNED_INT";
    case TINYGLTF_COMPONENT_TYPE_FLOAT:
      return "FLOAT";
    default:
      return "an invalid component type";
  }
}

// Where an accessor's checked elements lie. data is null for an accessor without a buffer view
// (all zeros, then sparse values).
struct AccessorLayout {
  const unsigned char* data = nullptr;
  size_t stride = 0;
  size_t elementSize = 0;
  int components = 0;  // rows * columns
  size_t count = 0;
  // Sparse part, checked: `sparseCount` indices then values, tightly packed.
  const unsigned char* sparseIndices = nullptr;
  const unsigned char* sparseValues = nullptr;
  size_t sparseCount = 0;
  int sparseIndexType = 0;
  bool dataless = false;  // reads a buffer without data: an error only when it is read
};

float readComponent(const unsigned char* p, int componentType, bool normalized) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_FLOAT: {
      float f;
      std::memcpy(&f, p, 4);
      return f;
    }
    case TINYGLTF_COMPONENT_TYPE_BYTE: {
      const auto v = static_cast<std::int8_t>(*p);
      return normalized ? std::max(v / 127.f, -1.f) : float(v);
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return normalized ? *p / 255.f : float(*p);
    case TINYGLTF_COMPONENT_TYPE_SHORT: {
      std::int16_t v;
      std::memcpy(&v, p, 2);
      return normalized ? std::max(v / 32767.f, -1.f) : float(v);
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
      std::uint16_t v;
      std::memcpy(&v, p, 2);
      return normalized ? v / 65535.f : float(v);
    }
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT: {
      std::uint32_t v;
      std::memcpy(&v, p, 4);
      return normalized ? float(double(v) / 4294967295.0) : float(v);
    }
    default:
      return 0.f;
  }
}

std::uint32_t readIndex(const unsigned char* p, int componentType) {
  switch (componentType) {
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE:
      return *p;
    case TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT: {
      std::uint16_t v;
      std::memcpy(&v, p, 2);
      return v;
    }
    default: {
      std::uint32_t v;
      std::memcpy(&v, p, 4);
      return v;
    }
  }
}

bool allFinite(const glm::mat4& m) {
  for (int c = 0; c < 4; ++c)
    for (int r = 0; r < 4; ++r)
      if (!std::isfinite(m[c][r])) return false;
  return true;
}

// Groups floats into glm vectors of N components.
template <typename V>
std::vector<V> vectors(const std::vector<float>& values) {
  constexpr int n = V::length();
  std::vector<V> out(values.size() / size_t(n));
  for (size_t i = 0; i < out.size(); ++i)
    for (int c = 0; c < n; ++c) out[i][c] = values[i * size_t(n) + size_t(c)];
  return out;
}

// A format an attribute may have: component type and whether integers must be normalized.
struct Format {
  int type;
  int componentType;
  bool normalized;
};

// --- The importer ------------------------------------------------------------------------------

class Importer {
 public:
  explicit Importer(std::string path) : path_(std::move(path)) {}

  Scene run() {
    load();
    checkAsset();
    describeUses();
    checkReferences();
    checkBufferViews();
    for (size_t i = 0; i < model_.accessors.size(); ++i) layouts_.push_back(layoutOf(int(i)));
    buildHierarchy();
    convertTextures();
    convertMaterials();
    convertMeshes();
    convertNodes();
    reportIgnored();
    scene_.updateWorldTransforms();
    if (scene_.triangleCount() == 0) warn("the file contains nothing that can be shown");
    return std::move(scene_);
  }

 private:
  const std::string path_;
  tinygltf::Model model_;
  Scene scene_;
  std::vector<AccessorLayout> layouts_;
  std::map<int, std::string> accessorUse_;  // first use of each accessor, for messages
  std::vector<int> parents_;                // one parent per node after buildHierarchy
  std::vector<int> textureMap_;             // glTF texture -> Scene::textures index or -1
  EncodedImages encodedImages_;
  std::map<size_t, std::uint64_t> dataless_;  // buffers without data: declared byteLength

  void warn(const std::string& message) {
    auto& w = scene_.warnings;
    if (std::find(w.begin(), w.end(), message) == w.end()) w.push_back(message);
  }

  // --- Loading through tinygltf ---

  void load() {
    scene_.sourcePath = path_;
    std::error_code ec;
    const fs::path file = fs::path(path_);
    if (!fs::exists(file, ec)) fail("file not found");
    std::vector<unsigned char> bytes;
    std::string why;
    if (!readWholeFile(file, &bytes, &why)) fail("the file " + why);
    if (bytes.empty()) fail("the file is empty");

    FolderGuard guard;
    guard.root = fs::weakly_canonical(fs::absolute(file, ec).parent_path(), ec);
    if (ec) fail("cannot resolve the model's folder (" + ec.message() + ")");
    const std::string baseDir = guard.root.string();
    guard.prefix = baseDir.empty() || baseDir.back() != '/' ? baseDir + "/" : baseDir;

    tinygltf::TinyGLTF loader;
    loader.SetFsCallbacks(tinygltf::FsCallbacks{&guardedFileExists, &noExpansion,
                                                &guardedReadWholeFile, &refuseWrite, &guard});
    loader.SetImageLoader(&keepEncodedImage, &encodedImages_);

    const bool glbMagic = bytes.size() >= 4 && std::memcmp(bytes.data(), "glTF", 4) == 0;
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::string err, warning;
    bool ok;
    if (glbMagic) {
      const GlbChunks chunks = checkGlb(bytes);
      const char* json = reinterpret_cast<const char*>(bytes.data() + chunks.jsonOffset);
      const auto rewritten = prepareJson(json, chunks.jsonLength, true, &dataless_);
      const auto glb = buildGlb(rewritten ? *rewritten : std::string(json, chunks.jsonLength),
                                bytes.data() + chunks.binOffset, chunks.binLength);
      ok = loader.LoadBinaryFromMemory(&model_, &err, &warning, glb.data(),
                                       static_cast<unsigned int>(glb.size()), baseDir);
    } else {
      if (ext == ".glb") fail("not a GLB file (the first 4 bytes are not 'glTF')");
      const char* json = reinterpret_cast<const char*>(bytes.data());
      const auto rewritten = prepareJson(json, bytes.size(), false, &dataless_);
      const std::string_view text =
          rewritten ? std::string_view(*rewritten) : std::string_view(json, bytes.size());
      ok = loader.LoadASCIIFromString(&model_, &err, &warning, text.data(),
                                      static_cast<unsigned int>(text.size()), baseDir);
    }
    if (!ok) {
      if (!guard.refusals.empty()) fail(guard.refusals.front());
      fail(oneLine(err.empty() ? "tinygltf could not parse the file" : err));
    }
    for (const auto& refusal : guard.refusals) warn(refusal + "; the image is not loaded");
    if (!err.empty()) warn(oneLine(err));  // non-fatal complaints, e.g. a missing buffer uri
    if (!warning.empty()) warn(oneLine(warning));
    for (const auto& entry : dataless_)
      if (entry.first < model_.buffers.size()) model_.buffers[entry.first].data.clear();
  }

  static std::string oneLine(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (auto& c : text)
      if (c == '\n') c = ';';
    return text;
  }

  void checkAsset() {
    const auto majorOf = [](const std::string& v) { return v.substr(0, v.find('.')); };
    const auto& asset = model_.asset;
    if (majorOf(asset.version) != "2")
      fail("asset version '" + asset.version + "' is not glTF 2.x");
    if (!asset.minVersion.empty() && majorOf(asset.minVersion) != "2")
      fail("asset minVersion '" + asset.minVersion + "' is not glTF 2.x");
    for (const auto& ext : model_.extensionsRequired) {
      if (ext.rfind("KHR_materials_", 0) == 0 || ext == "KHR_texture_transform") continue;
      fail("the file requires the extension " + ext + ", which SpineView does not support");
    }
    std::set<std::string> used(model_.extensionsUsed.begin(), model_.extensionsUsed.end());
    for (const auto& ext : used) {
      if (ext == "KHR_lights_punctual") continue;  // lights and cameras are not used anyway
      warn("extension " + ext + " is not supported and is ignored");
    }
  }

  // --- Index checks ---

  void describeUses() {
    auto note = [&](int accessor, std::string use) {
      accessorUse_.emplace(accessor, std::move(use));
    };
    for (size_t m = 0; m < model_.meshes.size(); ++m) {
      const auto& prims = model_.meshes[m].primitives;
      for (size_t p = 0; p < prims.size(); ++p) {
        const std::string where = " of mesh " + str(m) + " primitive " + str(p);
        if (prims[p].indices >= 0) note(prims[p].indices, "indices" + where);
        for (const auto& [name, a] : prims[p].attributes) note(a, name + where);
        for (size_t t = 0; t < prims[p].targets.size(); ++t)
          for (const auto& [name, a] : prims[p].targets[t])
            note(a, name + " of morph target " + str(t) + where);
      }
    }
    for (size_t s = 0; s < model_.skins.size(); ++s)
      note(model_.skins[s].inverseBindMatrices, "inverse bind matrices of skin " + str(s));
    for (size_t a = 0; a < model_.animations.size(); ++a)
      for (size_t s = 0; s < model_.animations[a].samplers.size(); ++s) {
        const auto& sampler = model_.animations[a].samplers[s];
        const std::string where = " of animation " + str(a) + " sampler " + str(s);
        note(sampler.input, "input" + where);
        note(sampler.output, "output" + where);
      }
  }

  std::string accessorName(int a) const {
    const auto use = accessorUse_.find(a);
    return "accessor " + str(size_t(a)) +
           (use == accessorUse_.end() ? "" : " (" + use->second + ")");
  }

  // Every reference in the document must resolve, also in parts this viewer ignores (skins,
  // animations): a file with dangling references is damaged.
  void checkReferences() const {
    auto need = [](int index, size_t count, const std::string& what, const char* kind) {
      if (index < 0 || size_t(index) >= count)
        fail(what + " refers to " + kind + " " + std::to_string(index) + ", but the file has " +
             str(count));
    };
    auto optional = [&](int index, size_t count, const std::string& what, const char* kind) {
      if (index != -1) need(index, count, what, kind);
    };
    const auto& m = model_;
    if (m.defaultScene != -1) need(m.defaultScene, m.scenes.size(), "the default scene", "scene");
    for (size_t s = 0; s < m.scenes.size(); ++s)
      for (int n : m.scenes[s].nodes) need(n, m.nodes.size(), "scene " + str(s), "node");
    for (size_t i = 0; i < m.nodes.size(); ++i) {
      const auto& node = m.nodes[i];
      const std::string what = "node " + str(i);
      for (int c : node.children) need(c, m.nodes.size(), what, "child node");
      optional(node.mesh, m.meshes.size(), what, "mesh");
      optional(node.camera, m.cameras.size(), what, "camera");
      optional(node.skin, m.skins.size(), what, "skin");
    }
    for (size_t i = 0; i < m.meshes.size(); ++i)
      for (size_t p = 0; p < m.meshes[i].primitives.size(); ++p) {
        const auto& prim = m.meshes[i].primitives[p];
        const std::string what = "mesh " + str(i) + " primitive " + str(p);
        optional(prim.indices, m.accessors.size(), what + " indices", "accessor");
        optional(prim.material, m.materials.size(), what, "material");
        for (const auto& [name, a] : prim.attributes)
          need(a, m.accessors.size(), what + " " + name, "accessor");
        for (size_t t = 0; t < prim.targets.size(); ++t)
          for (const auto& [name, a] : prim.targets[t])
            need(a, m.accessors.size(), what + " morph target " + str(t) + " " + name, "accessor");
      }
    for (size_t i = 0; i < m.materials.size(); ++i) {
      const auto& mat = m.materials[i];
      const std::string what = "material " + str(i);
      optional(mat.pbrMetallicRoughness.baseColorTexture.index, m.textures.size(), what, "texture");
      optional(mat.pbrMetallicRoughness.metallicRoughnessTexture.index, m.textures.size(), what,
               "texture");
      optional(mat.normalTexture.index, m.textures.size(), what, "texture");
      optional(mat.occlusionTexture.index, m.textures.size(), what, "texture");
      optional(mat.emissiveTexture.index, m.textures.size(), what, "texture");
    }
    for (size_t i = 0; i < m.textures.size(); ++i) {
      optional(m.textures[i].source, m.images.size(), "texture " + str(i), "image");
      optional(m.textures[i].sampler, m.samplers.size(), "texture " + str(i), "sampler");
    }
    for (size_t i = 0; i < m.images.size(); ++i)
      optional(m.images[i].bufferView, m.bufferViews.size(), "image " + str(i), "buffer view");
    for (size_t i = 0; i < m.accessors.size(); ++i) {
      const auto& acc = m.accessors[i];
      optional(acc.bufferView, m.bufferViews.size(), "accessor " + str(i), "buffer view");
      if (acc.sparse.isSparse) {
        need(acc.sparse.indices.bufferView, m.bufferViews.size(),
             "accessor " + str(i) + " sparse indices", "buffer view");
        need(acc.sparse.values.bufferView, m.bufferViews.size(),
             "accessor " + str(i) + " sparse values", "buffer view");
      }
    }
    for (size_t i = 0; i < m.bufferViews.size(); ++i)
      need(m.bufferViews[i].buffer, m.buffers.size(), "buffer view " + str(i), "buffer");
    for (size_t i = 0; i < m.skins.size(); ++i) {
      const auto& skin = m.skins[i];
      optional(skin.inverseBindMatrices, m.accessors.size(), "skin " + str(i), "accessor");
      optional(skin.skeleton, m.nodes.size(), "skin " + str(i) + " skeleton", "node");
      for (int j : skin.joints) need(j, m.nodes.size(), "skin " + str(i) + " joint", "node");
    }
    for (size_t i = 0; i < m.animations.size(); ++i) {
      const auto& anim = m.animations[i];
      const std::string what = "animation " + str(i);
      for (const auto& channel : anim.channels) {
        need(channel.sampler, anim.samplers.size(), what + " channel", "sampler");
        optional(channel.target_node, m.nodes.size(), what + " channel", "node");
      }
      for (const auto& sampler : anim.samplers) {
        need(sampler.input, m.accessors.size(), what + " sampler input", "accessor");
        need(sampler.output, m.accessors.size(), what + " sampler output", "accessor");
      }
    }
  }

  // --- Byte ranges ---

  void checkBufferViews() const {
    for (size_t i = 0; i < model_.bufferViews.size(); ++i) {
      const auto& view = model_.bufferViews[i];
      const auto dataless = dataless_.find(size_t(view.buffer));
      const std::uint64_t bufferSize = dataless != dataless_.end()
                                           ? dataless->second
                                           : model_.buffers[size_t(view.buffer)].data.size();
      std::uint64_t end;
      if (__builtin_add_overflow(std::uint64_t(view.byteOffset), std::uint64_t(view.byteLength),
                                 &end) ||
          end > bufferSize)
        fail("buffer view " + str(i) + " covers bytes " + str(view.byteOffset) + ".." +
             str(std::uint64_t(view.byteOffset) + view.byteLength) + " but buffer " +
             str(size_t(view.buffer)) + " has " + str(bufferSize) + " bytes");
    }
  }

  bool isDataless(int view) const {
    return dataless_.count(size_t(model_.bufferViews[size_t(view)].buffer)) > 0;
  }

  void requireData(int accessor) const {
    if (layouts_[size_t(accessor)].dataless)
      fail(accessorName(accessor) + " reads a buffer that has no data (no uri)");
  }

  const unsigned char* viewData(int view) const {
    const auto& v = model_.bufferViews[size_t(view)];
    return model_.buffers[size_t(v.buffer)].data.data() + v.byteOffset;
  }

  // Checks one accessor completely (formats, alignment, every byte it can read) and returns
  // where its elements are.
  AccessorLayout layoutOf(int index) const {
    const auto& acc = model_.accessors[size_t(index)];
    const std::string name = accessorName(index);
    const size_t compSize = componentSize(acc.componentType);
    if (compSize == 0)
      fail(name + " has component type " + std::to_string(acc.componentType) +
           ", which glTF 2.0 does not allow");
    const auto [rows, columns] = typeShape(acc.type);
    if (rows == 0) fail(name + " has an unknown type");
    AccessorLayout layout;
    layout.components = rows * columns;
    layout.count = acc.count;
    // Matrix columns start on 4-byte boundaries (glTF 2.0, "Data Alignment").
    const size_t columnBytes =
        columns > 1 ? (size_t(rows) * compSize + 3) / 4 * 4 : size_t(rows) * compSize;
    layout.elementSize = columnBytes * size_t(columns);
    // The last element ends after its last column's data, without that column's padding.
    const size_t lastElementSize = columnBytes * size_t(columns - 1) + size_t(rows) * compSize;
    std::uint64_t decoded;
    if (__builtin_mul_overflow(std::uint64_t(acc.count), std::uint64_t(layout.components) * 4,
                               &decoded) ||
        decoded > kMaxBytes)
      fail(name + " has " + str(acc.count) + " elements, more than this viewer accepts");

    if (acc.bufferView >= 0) {
      const auto& view = model_.bufferViews[size_t(acc.bufferView)];
      layout.stride = view.byteStride != 0 ? view.byteStride : layout.elementSize;
      if (layout.stride < layout.elementSize)
        fail(name + " has " + str(layout.elementSize) + "-byte elements but buffer view " +
             str(size_t(acc.bufferView)) + " has a byte stride of " + str(layout.stride));
      if (acc.byteOffset % compSize != 0 || (view.byteOffset + acc.byteOffset) % compSize != 0 ||
          layout.stride % compSize != 0)
        fail(name + " is not aligned to its " + str(compSize) + "-byte components (offset " +
             str(view.byteOffset + acc.byteOffset) + ", stride " + str(layout.stride) + ")");
      if (acc.count > 0) {
        std::uint64_t end;
        const bool overflow = __builtin_mul_overflow(std::uint64_t(layout.stride),
                                                     std::uint64_t(acc.count - 1), &end) ||
                              __builtin_add_overflow(end, std::uint64_t(acc.byteOffset), &end) ||
                              __builtin_add_overflow(end, std::uint64_t(lastElementSize), &end);
        if (overflow || end > view.byteLength)
          fail(name + " reads bytes " + str(acc.byteOffset) + ".." +
               (overflow ? std::string("beyond 2^64") : str(end)) + " but buffer view " +
               str(size_t(acc.bufferView)) + " has " + str(view.byteLength) + " bytes");
      }
      if (isDataless(acc.bufferView))
        layout.dataless = true;
      else
        layout.data = viewData(acc.bufferView);
    }

    if (acc.sparse.isSparse) {
      const auto& sparse = acc.sparse;
      if (sparse.count < 1 || size_t(sparse.count) > acc.count)
        fail(name + " has a sparse count of " + std::to_string(sparse.count) + ", outside 1.." +
             str(acc.count));
      const int indexType = sparse.indices.componentType;
      if (indexType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE &&
          indexType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT &&
          indexType != TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT)
        fail(name + " has sparse indices of component type " + std::to_string(indexType) +
             ", not an unsigned integer type");
      auto checkPart = [&](const char* part, int view, int offset, size_t elementBytes,
                           size_t alignment) {
        const auto& v = model_.bufferViews[size_t(view)];
        const std::uint64_t end =
            std::uint64_t(std::max(offset, 0)) + std::uint64_t(sparse.count) * elementBytes;
        if (offset < 0 || end > v.byteLength)
          fail(name + " sparse " + part + " read bytes " + std::to_string(offset) + ".." +
               str(end) + " but buffer view " + std::to_string(view) + " has " + str(v.byteLength) +
               " bytes");
        if ((v.byteOffset + size_t(offset)) % alignment != 0)
          fail(name + " sparse " + part + " are not aligned to " + str(alignment) + " bytes");
        return isDataless(view) ? nullptr : viewData(view) + offset;
      };
      if (isDataless(sparse.indices.bufferView) || isDataless(sparse.values.bufferView)) {
        checkPart("indices", sparse.indices.bufferView, sparse.indices.byteOffset,
                  componentSize(indexType), componentSize(indexType));
        checkPart("values", sparse.values.bufferView, sparse.values.byteOffset, layout.elementSize,
                  compSize);
        layout.dataless = true;
        return layout;
      }
      layout.sparseIndices =
          checkPart("indices", sparse.indices.bufferView, sparse.indices.byteOffset,
                    componentSize(indexType), componentSize(indexType));
      layout.sparseValues = checkPart("values", sparse.values.bufferView, sparse.values.byteOffset,
                                      layout.elementSize, compSize);
      layout.sparseCount = size_t(sparse.count);
      layout.sparseIndexType = indexType;
    }
    return layout;
  }

  // Checks that an accessor has one of the allowed formats; `context` names its use.
  bool hasFormat(int index, std::initializer_list<Format> allowed) const {
    const auto& acc = model_.accessors[size_t(index)];
    for (const auto& f : allowed) {
      if (acc.type != f.type || acc.componentType != f.componentType) continue;
      if (f.componentType == TINYGLTF_COMPONENT_TYPE_FLOAT || acc.normalized == f.normalized)
        return true;
    }
    return false;
  }

  std::string formatOf(int index) const {
    const auto& acc = model_.accessors[size_t(index)];
    return std::string(typeName(acc.type)) + " of " + componentName(acc.componentType) +
           (acc.normalized ? " (normalized)" : "");
  }

  // Floats of a non-matrix accessor, count * components of them, sparse values applied.
  std::vector<float> readFloats(int index) const {
    requireData(index);
    const auto& acc = model_.accessors[size_t(index)];
    const auto& layout = layouts_[size_t(index)];
    const size_t n = size_t(layout.components);
    const size_t compSize = componentSize(acc.componentType);
    std::vector<float> out(layout.count * n, 0.f);
    if (layout.data)
      for (size_t i = 0; i < layout.count; ++i)
        for (size_t c = 0; c < n; ++c)
          out[i * n + c] =
              readComponent(layout.data + acc.byteOffset + i * layout.stride + c * compSize,
                            acc.componentType, acc.normalized);
    forEachSparse(index, [&](size_t target, const unsigned char* value) {
      for (size_t c = 0; c < n; ++c)
        out[target * n + c] =
            readComponent(value + c * compSize, acc.componentType, acc.normalized);
    });
    return out;
  }

  std::vector<std::uint32_t> readIndices(int index) const {
    requireData(index);
    const auto& acc = model_.accessors[size_t(index)];
    const auto& layout = layouts_[size_t(index)];
    std::vector<std::uint32_t> out(layout.count, 0);
    if (layout.data)
      for (size_t i = 0; i < layout.count; ++i)
        out[i] = readIndex(layout.data + acc.byteOffset + i * layout.stride, acc.componentType);
    forEachSparse(index, [&](size_t target, const unsigned char* value) {
      out[target] = readIndex(value, acc.componentType);
    });
    return out;
  }

  template <typename Apply>
  void forEachSparse(int index, Apply apply) const {
    const auto& layout = layouts_[size_t(index)];
    const size_t indexSize = componentSize(layout.sparseIndexType);
    for (size_t i = 0; i < layout.sparseCount; ++i) {
      const std::uint32_t target =
          readIndex(layout.sparseIndices + i * indexSize, layout.sparseIndexType);
      if (target >= layout.count)
        fail(accessorName(index) + " has sparse index " + str(target) + " but only " +
             str(layout.count) + " elements");
      apply(target, layout.sparseValues + i * layout.elementSize);
    }
  }

  // --- Node hierarchy ---

  void buildHierarchy() {
    const size_t n = model_.nodes.size();
    // A cycle anywhere would make traversals endless: depth-first search over every child
    // link, iteratively so that deep hierarchies cannot overflow the stack.
    std::vector<char> state(n, 0);  // 0 unvisited, 1 on the current path, 2 done
    for (size_t start = 0; start < n; ++start) {
      if (state[start]) continue;
      std::vector<std::pair<size_t, size_t>> stack{{start, 0}};
      state[start] = 1;
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        const auto& children = model_.nodes[node].children;
        if (next == children.size()) {
          state[node] = 2;
          stack.pop_back();
          continue;
        }
        const size_t child = size_t(children[next++]);
        if (state[child] == 1)
          fail("the node hierarchy has a cycle: node " + str(child) +
               " is an ancestor of its parent node " + str(node));
        if (state[child] == 0) {
          state[child] = 1;
          stack.push_back({child, 0});
        }
      }
    }

    scene_.nodes.resize(n);
    parents_.assign(n, -1);
    for (size_t i = 0; i < n; ++i)
      for (int c : model_.nodes[i].children) {
        if (parents_[size_t(c)] == int(i)) continue;  // listed twice
        if (parents_[size_t(c)] != -1) {
          warn("node " + std::to_string(c) + " has several parents (nodes " +
               std::to_string(parents_[size_t(c)]) + " and " + str(i) +
               "); it is shown only under the first");
          continue;
        }
        parents_[size_t(c)] = int(i);
        scene_.nodes[i].children.push_back(c);
      }
    for (size_t i = 0; i < n; ++i) scene_.nodes[i].parent = parents_[i];

    std::vector<int> listed;
    if (!model_.scenes.empty()) {
      const int shown = model_.defaultScene >= 0 ? model_.defaultScene : 0;
      if (model_.scenes.size() > 1)
        warn("the file has " + str(model_.scenes.size()) + " scenes; scene " +
             std::to_string(shown) + " is shown");
      listed = model_.scenes[size_t(shown)].nodes;
    } else {
      for (size_t i = 0; i < n; ++i)
        if (parents_[i] == -1) listed.push_back(int(i));
    }
    std::vector<char> reachable(n, 0);
    auto markSubtree = [&](int root) {
      std::vector<int> stack{root};
      while (!stack.empty()) {
        const int node = stack.back();
        stack.pop_back();
        reachable[size_t(node)] = 1;
        for (int c : scene_.nodes[size_t(node)].children) stack.push_back(c);
      }
    };
    for (int r : listed)
      if (parents_[size_t(r)] == -1 && !reachable[size_t(r)]) {
        scene_.roots.push_back(r);
        markSubtree(r);
      }
    // A scene may list a node that is also some node's child: show it once, under its parent
    // when that parent is shown, otherwise as a root of its own.
    for (int r : listed) {
      const int parent = parents_[size_t(r)];
      if (parent == -1 || reachable[size_t(r)]) continue;
      warn("the scene lists node " + std::to_string(r) + ", a child of node " +
           std::to_string(parent) + "; it is shown as a root");
      auto& siblings = scene_.nodes[size_t(parent)].children;
      siblings.erase(std::remove(siblings.begin(), siblings.end(), r), siblings.end());
      parents_[size_t(r)] = scene_.nodes[size_t(r)].parent = -1;
      scene_.roots.push_back(r);
      markSubtree(r);
    }
    size_t hidden = 0;
    for (size_t i = 0; i < n; ++i)
      if (!reachable[i] && model_.nodes[i].mesh >= 0) ++hidden;
    if (hidden > 0)
      warn(str(hidden) + " node(s) with a mesh are not in the shown scene and are not shown");
    reachable_ = std::move(reachable);
  }
  std::vector<char> reachable_;

  // --- Textures and materials ---

  void convertTextures() {
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

  std::optional<Texture> decodeImage(int index) {
    const auto& image = model_.images[size_t(index)];
    const std::string name =
        "image " + std::to_string(index) +
        (image.uri.empty() || image.uri.size() > 80 ? "" : " (" + image.uri + ")");
    const unsigned char* bytes = nullptr;
    size_t size = 0;
    if (image.bufferView >= 0 && isDataless(image.bufferView)) {
      // no bytes: reported below
    } else if (image.bufferView >= 0) {
      bytes = viewData(image.bufferView);  // range checked in checkBufferViews
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

  static void applySampler(const tinygltf::Sampler& s, Texture& t) {
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

  TextureRef textureRef(int index, int texCoord, double scale, const std::string& what) {
    TextureRef ref;
    if (index < 0) return ref;
    ref.texture = textureMap_[size_t(index)];
    ref.texCoord = texCoord;
    ref.scale = float(scale);
    if (texCoord != 0)
      warn(what + " uses TEXCOORD_" + std::to_string(texCoord) + "; only TEXCOORD_0 is shown");
    return ref;
  }

  void convertMaterials() {
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
          textureRef(pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord, 1.0, what);
      out.metallicRoughnessTexture = textureRef(pbr.metallicRoughnessTexture.index,
                                                pbr.metallicRoughnessTexture.texCoord, 1.0, what);
      out.normalTexture =
          textureRef(m.normalTexture.index, m.normalTexture.texCoord, m.normalTexture.scale, what);
      out.occlusionTexture = textureRef(m.occlusionTexture.index, m.occlusionTexture.texCoord,
                                        m.occlusionTexture.strength, what);
      out.emissiveTexture =
          textureRef(m.emissiveTexture.index, m.emissiveTexture.texCoord, 1.0, what);
      if (m.alphaMode == "MASK")
        out.alphaMode = AlphaMode::Mask;
      else if (m.alphaMode == "BLEND")
        out.alphaMode = AlphaMode::Blend;
      else if (m.alphaMode != "OPAQUE")
        warn(what + " has an unknown alphaMode; it is shown opaque");
      out.alphaCutoff = float(m.alphaCutoff);
      out.doubleSided = m.doubleSided;
      for (const auto& [ext, value] : m.extensions) {
        (void)value;
        warn(what + " uses " + ext + ", which is ignored");
      }
      scene_.materials.push_back(std::move(out));
    }
  }

  // --- Meshes ---

  void convertMeshes() {
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

  // Reads an optional attribute of the primitive; empty (with a warning) when it is absent,
  // has a format glTF does not allow for it, or has a different count from POSITION.
  std::vector<float> optionalAttribute(const std::map<std::string, int>& attributes,
                                       const std::string& semantic, size_t vertexCount,
                                       std::initializer_list<Format> formats,
                                       const std::string& what) {
    const auto it = attributes.find(semantic);
    if (it == attributes.end()) return {};
    if (!hasFormat(it->second, formats)) {
      warn(what + " " + semantic + " is " + formatOf(it->second) +
           ", not a format glTF allows for it; it is ignored");
      return {};
    }
    if (layouts_[size_t(it->second)].dataless) {
      warn(what + " " + semantic + " reads a buffer without data; it is ignored");
      return {};
    }
    if (layouts_[size_t(it->second)].count != vertexCount) {
      warn(what + " " + semantic + " has " + str(layouts_[size_t(it->second)].count) +
           " elements but POSITION has " + str(vertexCount) + "; it is ignored");
      return {};
    }
    return readFloats(it->second);
  }

  std::optional<Primitive> convertPrimitive(const tinygltf::Primitive& prim,
                                            const std::string& what) {
    constexpr int F = TINYGLTF_COMPONENT_TYPE_FLOAT, UB = TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE,
                  US = TINYGLTF_COMPONENT_TYPE_UNSIGNED_SHORT,
                  UI = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
    constexpr int V2 = TINYGLTF_TYPE_VEC2, V3 = TINYGLTF_TYPE_VEC3, V4 = TINYGLTF_TYPE_VEC4;
    switch (prim.mode) {
      case TINYGLTF_MODE_TRIANGLES:
      case TINYGLTF_MODE_TRIANGLE_STRIP:
      case TINYGLTF_MODE_TRIANGLE_FAN:
        break;
      case TINYGLTF_MODE_POINTS:
        warn(what + " draws points, which are not shown");
        return std::nullopt;
      case TINYGLTF_MODE_LINE:
      case TINYGLTF_MODE_LINE_LOOP:
      case TINYGLTF_MODE_LINE_STRIP:
        warn(what + " draws lines, which are not shown");
        return std::nullopt;
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
      if (required >= 0 && layouts_[size_t(required)].dataless) {
        warn(what +
             " reads a buffer without data (no uri, perhaps filled by an unsupported "
             "extension) and is not shown");
        return std::nullopt;
      }
    if (!hasFormat(pos->second, {{V3, F, false}}))
      fail(accessorName(pos->second) + " is " + formatOf(pos->second) +
           ", but POSITION must be VEC3 of FLOAT");

    Primitive out;
    const auto positions = readFloats(pos->second);
    const size_t vertexCount = layouts_[size_t(pos->second)].count;
    for (float v : positions)
      if (!std::isfinite(v)) {
        warn(what + " has positions that are not finite numbers and is not shown");
        return std::nullopt;
      }
    out.positions = vectors<glm::vec3>(positions);

    // Indices of the drawn vertices in file order, then as a triangle list.
    std::vector<std::uint32_t> order;
    if (prim.indices >= 0) {
      if (!hasFormat(prim.indices, {{TINYGLTF_TYPE_SCALAR, UB, false},
                                    {TINYGLTF_TYPE_SCALAR, US, false},
                                    {TINYGLTF_TYPE_SCALAR, UI, false}}))
        fail(accessorName(prim.indices) + " is " + formatOf(prim.indices) +
             ", but indices must be SCALAR of an unsigned integer type");
      order = readIndices(prim.indices);
      for (size_t i = 0; i < order.size(); ++i)
        if (order[i] >= vertexCount)
          fail(accessorName(prim.indices) + " has index " + str(order[i]) + " at position " +
               str(i) + " but the primitive has only " + str(vertexCount) + " vertices");
    } else {
      order.resize(vertexCount);
      for (size_t i = 0; i < vertexCount; ++i) order[i] = std::uint32_t(i);
    }
    out.indices = triangleList(order, prim.mode, what);
    if (out.indices.empty()) {
      warn(what + " has no complete triangle and is not shown");
      return std::nullopt;
    }

    const auto normals =
        optionalAttribute(prim.attributes, "NORMAL", vertexCount, {{V3, F, false}}, what);
    const auto uv = optionalAttribute(prim.attributes, "TEXCOORD_0", vertexCount,
                                      {{V2, F, false}, {V2, UB, true}, {V2, US, true}}, what);
    const auto tangents =
        optionalAttribute(prim.attributes, "TANGENT", vertexCount, {{V4, F, false}}, what);
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
    out.uv0 = vectors<glm::vec2>(uv);
    out.colors.resize(colors.size() / (rgb ? 3 : 4));
    for (size_t i = 0; i < out.colors.size(); ++i)
      out.colors[i] =
          rgb ? glm::vec4(colors[3 * i], colors[3 * i + 1], colors[3 * i + 2], 1.f)
              : glm::vec4(colors[4 * i], colors[4 * i + 1], colors[4 * i + 2], colors[4 * i + 3]);

    for (size_t t = 0; t < prim.targets.size(); ++t) {
      const std::string targetWhat = what + " morph target " + str(t);
      const auto dp =
          optionalAttribute(prim.targets[t], "POSITION", vertexCount, {{V3, F, false}}, targetWhat);
      const auto dn =
          optionalAttribute(prim.targets[t], "NORMAL", vertexCount, {{V3, F, false}}, targetWhat);
      out.morphPositions.push_back(vectors<glm::vec3>(dp));
      // Normal deltas need base normals; without them flat normals are generated instead.
      out.morphNormals.push_back(normals.empty() ? std::vector<glm::vec3>{}
                                                 : vectors<glm::vec3>(dn));
    }

    if (!normals.empty()) {
      out.normals = vectors<glm::vec3>(normals);
      out.tangents = vectors<glm::vec4>(tangents);
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

  std::vector<std::uint32_t> triangleList(const std::vector<std::uint32_t>& v, int mode,
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

  static void unweld(Primitive& p) {
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

  glm::mat4 localTransform(const tinygltf::Node& node, const std::string& what) {
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

  static NodeInfo readInfo(const tinygltf::Value& extras) {
    NodeInfo info;
    if (!extras.IsObject()) return info;
    auto text = [&](const char* key, std::string& out) {
      const auto& v = extras.Get(key);
      if (v.IsString()) out = v.Get<std::string>();
    };
    text("layer", info.layer);
    text("level", info.level);
    text("displayName", info.displayName);
    text("description", info.description);
    text("clinical", info.clinical);
    const auto& hidden = extras.Get("initiallyHidden");
    if (hidden.IsBool()) info.initiallyHidden = hidden.Get<bool>();
    info.section = readSection(extras.Get("section"));
    info.path = readPath(extras.Get("path"));
    return info;
  }

  static bool readVec3(const tinygltf::Value& a, glm::vec3& out) {
    if (!a.IsArray() || a.ArrayLen() != 3) return false;
    for (int i = 0; i < 3; ++i) {
      if (!a.Get(i).IsNumber()) return false;
      out[i] = static_cast<float>(a.Get(i).GetNumberAsDouble());
      if (!std::isfinite(out[i])) return false;
    }
    return true;
  }

  // extras.path of a needle; anything malformed leaves it invalid (the needle then stays put).
  static NeedlePath readPath(const tinygltf::Value& v) {
    NeedlePath path;
    if (!v.IsObject() || !readVec3(v.Get("tip"), path.tip) ||
        !readVec3(v.Get("direction"), path.direction) || glm::length(path.direction) < 1e-6f)
      return {};
    path.direction = glm::normalize(path.direction);
    path.valid = true;
    return path;
  }

  // extras.section of an annulus; anything malformed leaves it invalid (caps then fall back
  // to a plain cut surface), since it only refines how a cut looks.
  static AnnulusSection readSection(const tinygltf::Value& v) {
    AnnulusSection section;
    if (!v.IsObject()) return section;
    auto number = [](const tinygltf::Value& x, float& out) {
      if (!x.IsNumber()) return false;
      out = static_cast<float>(x.GetNumberAsDouble());
      return std::isfinite(out);
    };
    auto vec3 = [&](const char* key, glm::vec3& out) { return readVec3(v.Get(key), out); };
    auto radii = [&](const char* key, std::vector<float>& out) {
      const auto& a = v.Get(key);
      if (!a.IsArray() || a.ArrayLen() != 72) return false;
      out.resize(72);
      for (int i = 0; i < 72; ++i)
        if (!number(a.Get(i), out[size_t(i)]) || out[size_t(i)] < 0.f) return false;
      return true;
    };
    float lamellae = 0.f;
    AnnulusSection s;
    const bool ok = number(v.Get("lamellae"), lamellae) && lamellae >= 1.f && lamellae <= 100.f &&
                    number(v.Get("fibreAngleDeg"), s.fibreAngleDeg) && vec3("centre", s.centre) &&
                    vec3("normal", s.normal) && vec3("anteriorAxis", s.anteriorAxis) &&
                    vec3("leftAxis", s.leftAxis) && radii("outerRadius", s.outerRadius) &&
                    radii("innerRadius", s.innerRadius);
    if (!ok) return section;
    s.lamellae = static_cast<int>(lamellae);
    return s;
  }

  void convertNodes() {
    const size_t n = model_.nodes.size();
    for (size_t i = 0; i < n; ++i) {
      const auto& src = model_.nodes[i];
      auto& node = scene_.nodes[i];
      const std::string what = "node " + str(i);
      node.name = src.name;
      node.local = localTransform(src, what);
      // Nodes outside the shown scene keep their place (indices stay those of the file) but
      // draw nothing, so that every consumer of the scene agrees on what is visible.
      node.mesh = reachable_[i] ? src.mesh : -1;
      node.info = readInfo(src.extras);
      if (node.info.displayName.empty()) {
        if (!src.name.empty())
          node.info.displayName = src.name;
        else if (src.mesh >= 0 && !model_.meshes[size_t(src.mesh)].name.empty())
          node.info.displayName = model_.meshes[size_t(src.mesh)].name;
        else
          node.info.displayName = what;
      }
    }
    // layer and level inherit top-down; parents are set and acyclic by now.
    std::vector<size_t> stack;
    for (size_t i = 0; i < n; ++i)
      if (parents_[i] == -1) stack.push_back(i);
    while (!stack.empty()) {
      const size_t i = stack.back();
      stack.pop_back();
      for (int c : scene_.nodes[i].children) {
        auto& child = scene_.nodes[size_t(c)].info;
        if (child.layer.empty()) child.layer = scene_.nodes[i].info.layer;
        if (child.level.empty()) child.level = scene_.nodes[i].info.level;
        stack.push_back(size_t(c));
      }
    }
  }

  void reportIgnored() {
    if (!model_.skins.empty()) warn("skins are ignored; meshes are shown in their bind pose");
    if (!model_.animations.empty()) warn("animations are ignored");
  }
};

}  // namespace

Result<Scene> importGltf(const std::string& path) {
  try {
    return Importer(path).run();
  } catch (const Failure& f) {
    return Error{path + ": " + f.reason};
  } catch (const std::bad_alloc&) {
    return Error{path + ": not enough memory to load the file"};
  } catch (const std::exception& e) {
    return Error{path + ": " + e.what()};
  } catch (...) {
    return Error{path + ": unexpected failure while loading"};
  }
}

}  // namespace spineview
