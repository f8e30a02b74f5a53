// The PNG writer: exact round trips (opaque renders go out as RGB, anything with alpha as
// RGBA), and an atomic write that never leaves half a file or its temporary behind.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "core/image.h"
#include "test_paths.h"

namespace fs = std::filesystem;
using namespace spineview;

namespace {

Image gradient(int width, int height, bool withAlpha) {
  Image image{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 4)};
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      std::uint8_t* p = image.pixel(x, y);
      p[0] = std::uint8_t(x * 7);
      p[1] = std::uint8_t(y * 13);
      p[2] = std::uint8_t((x ^ y) * 3);
      p[3] = withAlpha ? std::uint8_t(x + y) : 255;
    }
  return image;
}

fs::path freshFolder(const std::string& name) {
  const fs::path folder = fs::path(spineview::test::outputDir()) / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  return folder;
}

std::size_t entriesIn(const fs::path& folder) {
  return std::size_t(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("png: opaque and translucent images read back exactly", "[png]") {
  const fs::path folder = freshFolder("png_round_trip");
  for (bool withAlpha : {false, true}) {
    const Image image = gradient(37, 23, withAlpha);
    const std::string path = (folder / (withAlpha ? "rgba.png" : "rgb.png")).string();
    REQUIRE_FALSE(writePng(image, path));
    auto back = readPng(path);
    REQUIRE(back);
    CHECK(back.value().width == image.width);
    CHECK(back.value().height == image.height);
    CHECK(back.value().rgba == image.rgba);
  }
  // Opaque is written without the alpha channel: PNG colour type 2 (RGB) at byte 25.
  std::ifstream rgb(folder / "rgb.png", std::ios::binary);
  std::vector<char> header(26);
  rgb.read(header.data(), 26);
  CHECK(header[25] == 2);
  CHECK(entriesIn(folder) == 2);  // no temporary left beside them
}

TEST_CASE("png: a failed write names the file and leaves the old one whole", "[png]") {
  const fs::path folder = freshFolder("png_atomic");
  const std::string path = (folder / "render.png").string();
  REQUIRE_FALSE(writePng(gradient(8, 8, false), path));
  const auto before = fs::file_size(path);

  const auto empty = writePng(Image{}, path);
  REQUIRE(empty);
  CHECK(empty->message.find(path) != std::string::npos);

  // Where the temporary file would go is taken by a folder: the write fails before the
  // rename, and the PNG already there is untouched.
  const fs::path blocker = path + ".partial-" + std::to_string(getpid());
  fs::create_directory(blocker);
  const auto blocked = writePng(gradient(64, 64, false), path);
  REQUIRE(blocked);
  CHECK(blocked->message.find("cannot write " + path) == 0);
  CHECK(fs::file_size(path) == before);
  REQUIRE(readPng(path));
  fs::remove(blocker);

  const auto missing = writePng(gradient(8, 8, false), (folder / "absent" / "x.png").string());
  REQUIRE(missing);
  CHECK(missing->message.find("No such file or directory") != std::string::npos);
}
