// Checks the importer tests share: a file that must load, one that must fail with a message
// naming it, and a warning that must be there.
#pragma once
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scene/gltf/import.h"

namespace spineview::test {

inline Scene loadOk(const std::filesystem::path& path) {
  auto result = importGltf(path.string());
  INFO(path.string() << ": " << (result.ok() ? "" : result.error()));
  REQUIRE(result.ok());
  return std::move(result).value();
}

inline std::string loadError(const std::filesystem::path& path) {
  auto result = importGltf(path.string());
  REQUIRE_FALSE(result.ok());
  // Every message starts with the file it is about.
  CHECK_THAT(result.error(), Catch::Matchers::StartsWith(path.string() + ": "));
  return result.error();
}

// stb_image_write's output callback: appends to the std::vector<std::uint8_t> in `context`.
inline void appendTo(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  out->insert(out->end(), static_cast<std::uint8_t*>(data),
              static_cast<std::uint8_t*>(data) + size);
}

inline bool hasWarning(const Scene& s, const std::string& part) {
  for (const auto& w : s.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace spineview::test
