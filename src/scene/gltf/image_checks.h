// Checks on encoded images before stb_image sees them. Debian's stb_image writes out of bounds
// on JPEG Huffman tables whose code counts add up to more than 256 (upstream stb issues #1289
// and #1291), in stbi_info as well as in stbi_load, so such a file must never reach it.
// Internal to src/scene/gltf.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace spineview::gltf {

// Why stb_image must not read these bytes, or nothing when they are not a JPEG or its Huffman
// tables are sound. Walks the markers as stb does (junk between segments skipped, entropy-coded
// data scanned for the next marker), so every table stb would build is checked.
std::optional<std::string> jpegHuffmanProblem(const unsigned char* bytes, std::size_t size);

}  // namespace spineview::gltf
