// 8-bit RGBA images for headless renders, baselines and diffs (PNG written with libpng,
// read with stb).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace spineview {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;  // rows top to bottom
  std::uint8_t* pixel(int x, int y) { return &rgba[(static_cast<size_t>(y) * width + x) * 4]; }
  const std::uint8_t* pixel(int x, int y) const {
    return &rgba[(static_cast<size_t>(y) * width + x) * 4];
  }
};

// Atomic: the file is either the whole new PNG or left as it was.
Status writePng(const Image& image, const std::string& path);
Result<Image> readPng(const std::string& path);

}  // namespace spineview
