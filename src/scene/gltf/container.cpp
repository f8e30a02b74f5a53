#include "scene/gltf/container.h"

#include <nlohmann/json.hpp>

#include "core/json_input.h"

#include "scene/gltf/checks.h"

namespace spineview::gltf {
namespace {

std::uint32_t readU32(const std::vector<unsigned char>& b, size_t at) {
  return std::uint32_t(b[at]) | std::uint32_t(b[at + 1]) << 8 | std::uint32_t(b[at + 2]) << 16 |
         std::uint32_t(b[at + 3]) << 24;
}

void appendU32(std::vector<unsigned char>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

constexpr std::uint32_t kChunkJson = 0x4E4F534A, kChunkBin = 0x004E4942;

}  // namespace

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

namespace {

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

}  // namespace

std::optional<std::string> prepareJson(const char* text, size_t size, bool glb,
                                       std::map<size_t, std::uint64_t>* dataless) {
  // Bounded before tinygltf's recursive conversion (or the walk below) touches it; strings
  // may be as long as a file (embedded buffers).
  auto parsed = parseJson<nlohmann::json>(std::string_view(text, size), "",
                                          {kMaxJsonDepth, std::size_t(kMaxBytes)});
  if (!parsed) fail("the JSON at " + parsed.error());
  nlohmann::json& doc = parsed.value();
  // tinygltf would refuse a compressed primitive for its indices accessor, which has no
  // bufferView, and name only that accessor: say what the file needs instead. (A file that
  // only uses the compression carries uncompressed data too, and loads.)
  if (doc.is_object())
    if (const auto required = doc.find("extensionsRequired");
        required != doc.end() && required->is_array())
      for (const auto& ext : *required)
        if (ext == "KHR_draco_mesh_compression" || ext == "EXT_meshopt_compression")
          fail("its meshes are compressed with " + ext.get<std::string>() +
               ", which SpineView does not decode; export the model without mesh compression");
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

}  // namespace spineview::gltf
