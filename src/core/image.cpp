#include "core/image.h"

#include <stb_image.h>
#include <stb_image_write.h>

namespace spineview {

Status writePng(const Image& image, const std::string& path) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgba.size() != static_cast<size_t>(image.width) * image.height * 4)
    return Error{"cannot write " + path + ": the image is empty"};
  // stb's adaptive filtering tries five predictors per row; writing rows unfiltered is about
  // twice as fast (1280x800 render: 93 vs 168 ms) for files about a quarter larger.
  stbi_write_force_png_filter = 0;
  if (!stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(),
                      image.width * 4))
    return Error{"cannot write " + path + " (is the folder there and writable?)"};
  return std::nullopt;
}

Result<Image> readPng(const std::string& path) {
  int w = 0, h = 0, channels = 0;
  stbi_uc* data = stbi_load(path.c_str(), &w, &h, &channels, 4);
  if (!data) {
    const char* reason = stbi_failure_reason();
    return Error{"cannot read " + path + ": " + (reason ? reason : "unknown error")};
  }
  Image image;
  image.width = w;
  image.height = h;
  image.rgba.assign(data, data + static_cast<size_t>(w) * h * 4);
  stbi_image_free(data);
  return image;
}

}  // namespace spineview
