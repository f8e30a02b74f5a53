// The Open dialog's listing: folders first, only glTF files, hidden entries left out.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "app/file_dialog.h"
#include "test_paths.h"

using namespace spineview::app;
namespace fs = std::filesystem;

TEST_CASE("isModelFile recognises .gltf and .glb in any case", "[dialog]") {
  CHECK(isModelFile("a.gltf"));
  CHECK(isModelFile("/x/y/B.GLB"));
  CHECK_FALSE(isModelFile("a.gltf.txt"));
  CHECK_FALSE(isModelFile("glb"));
  CHECK_FALSE(isModelFile("model.obj"));
}

TEST_CASE("listModelDirectory lists folders, then model files, sorted", "[dialog]") {
  const fs::path dir = spineview::test::outputDir() / "file_dialog_listing";
  fs::remove_all(dir);
  for (const char* d : {"b_models", "A_models", ".hidden_dir"}) fs::create_directories(dir / d);
  for (const char* f : {"z.GLB", "a.gltf", "notes.txt", ".hidden.glb", "scene.bin"})
    std::ofstream(dir / f) << "x";

  auto listing = listModelDirectory(dir);
  REQUIRE(listing.ok());
  const auto& e = listing.value();
  REQUIRE(e.size() == 4);
  CHECK((e[0].name == "A_models" && e[0].directory));
  CHECK((e[1].name == "b_models" && e[1].directory));
  CHECK((e[2].name == "a.gltf" && !e[2].directory));
  CHECK((e[3].name == "z.GLB" && !e[3].directory));
}

TEST_CASE("listing a missing folder is an error naming it", "[dialog]") {
  const fs::path missing = spineview::test::outputDir() / "no_such_folder_here";
  auto listing = listModelDirectory(missing);
  REQUIRE_FALSE(listing.ok());
  CHECK(listing.error().find("no_such_folder_here") != std::string::npos);
}

TEST_CASE("typed paths resolve against the shown folder, with ~ as home", "[dialog]") {
  const fs::path shown = "/data/models";
  const fs::path home = "/home/clinic";
  CHECK(resolveTypedPath("spine.glb", shown, home) == fs::path("/data/models/spine.glb"));
  CHECK(resolveTypedPath("sub/a.gltf", shown, home) == fs::path("/data/models/sub/a.gltf"));
  CHECK(resolveTypedPath("../other/b.glb", shown, home) == fs::path("/data/other/b.glb"));
  CHECK(resolveTypedPath("./c.glb", shown, home) == fs::path("/data/models/c.glb"));
  CHECK(resolveTypedPath("/abs/d.glb", shown, home) == fs::path("/abs/d.glb"));
  CHECK(resolveTypedPath("~", shown, home) == fs::path("/home/clinic"));
  CHECK(resolveTypedPath("~/m/e.glb", shown, home) == fs::path("/home/clinic/m/e.glb"));
  // Only the user's own home is expanded; "~name" is an ordinary relative name.
  CHECK(resolveTypedPath("~bob/f.glb", shown, home) == fs::path("/data/models/~bob/f.glb"));
  CHECK(resolveTypedPath("", shown, home) == shown);
}
