#include "scene/gltf/image_checks.h"

namespace spineview::gltf {
namespace {

constexpr unsigned kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kDht = 0xC4, kTem = 0x01;

bool isRestart(unsigned marker) { return marker >= 0xD0 && marker <= 0xD7; }

// stb reads zeros past the end of a memory buffer; so does this walk.
struct Bytes {
  const unsigned char* data;
  std::size_t size;
  unsigned operator[](std::size_t i) const { return i < size ? data[i] : 0u; }
};

// The tables of one DHT segment whose payload (after the length) starts at `at` and has
// `length` bytes: stb reads table after table while bytes remain.
std::optional<std::string> checkHuffmanTables(const Bytes& b, std::size_t at, long length) {
  for (int table = 0; length > 0; ++table) {
    const unsigned classAndId = b[at];
    if ((classAndId >> 4) > 1 || (classAndId & 15) > 3) return std::nullopt;  // stb refuses it
    unsigned codes = 0;
    for (std::size_t i = 1; i <= 16; ++i) codes += b[at + i];
    if (codes > 256)
      return "Huffman table " + std::to_string(table) + " declares " + std::to_string(codes) +
             " codes, more than the 256 a JPEG allows";
    at += 17 + codes;
    length -= 17 + long(codes);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> jpegHuffmanProblem(const unsigned char* data, std::size_t size) {
  const Bytes b{data, size};
  std::size_t pos = 0;
  if (b[pos] != 0xFF) return std::nullopt;
  while (pos < size && b[pos] == 0xFF) ++pos;
  if (b[pos] != kSoi) return std::nullopt;  // not a JPEG
  ++pos;
  while (pos < size) {
    if (b[pos] != 0xFF) {  // junk between segments: stb skips it while looking for a marker
      ++pos;
      continue;
    }
    while (pos < size && b[pos] == 0xFF) ++pos;
    if (pos >= size) break;
    const unsigned marker = b[pos++];
    if (marker == kEoi) break;
    if (marker == kSoi || marker == kTem || isRestart(marker) || marker == 0) continue;
    const std::size_t length = b[pos] << 8 | b[pos + 1];
    if (length < 2) return std::nullopt;  // stb refuses the segment
    if (marker == kDht)
      if (auto problem = checkHuffmanTables(b, pos + 2, long(length) - 2)) return problem;
    pos += length;
    if (marker != kSos) continue;
    // Entropy-coded data: the next marker is the first 0xFF not followed by a stuffed 0 or a
    // restart marker (stb decodes restarts within the scan).
    while (pos < size) {
      if (b[pos] == 0xFF && b[pos + 1] != 0 && !isRestart(b[pos + 1]) && pos + 1 < size) break;
      ++pos;
    }
  }
  return std::nullopt;
}

}  // namespace spineview::gltf
