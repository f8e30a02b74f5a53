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
