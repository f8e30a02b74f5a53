// What every part of the glTF importer shares: its limits and how a check fails.
// Internal to src/scene/gltf.
#pragma once
#include <cstdint>
#include <string>

namespace spineview::gltf {

// Limits against hostile or broken files: no single file, buffer or decoded array may exceed
// 1 GiB, and textures are at most 16384 pixels on a side.
inline constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 30;
inline constexpr int kMaxImageSide = 16384;
// Deeper JSON is refused before tinygltf, whose conversion recurses, sees it (node extras are
// kept to depth 64 below the document's own few levels).
inline constexpr int kMaxJsonDepth = 128;
// What one file may make the viewer hold once decoded, estimated from its declared counts and
// image headers before anything is decoded: a few hundred bytes can declare millions of
// vertices (an accessor without a buffer view is all zeros) or a 16384x16384 JPEG.
inline constexpr std::uint64_t kMaxFileMemory = std::uint64_t{1} << 30;
// The estimate per element, from the peak memory of `spineview --render` on a 1M-vertex,
// 2M-triangle grid (457 MB above the empty viewer): the scene, its BVH and the GPU copies.
inline constexpr std::uint64_t kBytesPerVertex = 96, kBytesPerIndex = 64, kBytesPerMorphVertex = 48;
inline constexpr std::uint64_t kBytesPerTexel = 8;  // decoded RGBA and its GPU copy with mipmaps

// A check failed. Thrown only inside the importer and turned into an Error by importGltf, so
// that the conversion reads top to bottom instead of threading a Result through every helper.
struct Failure {
  std::string reason;
};
[[noreturn]] inline void fail(std::string reason) {
  throw Failure{std::move(reason)};
}

inline std::string str(std::uint64_t v) {
  return std::to_string(v);
}

}  // namespace spineview::gltf
