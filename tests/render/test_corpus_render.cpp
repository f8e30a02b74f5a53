// Renders other people's valid glTF (the validator corpus assets with no errors) headlessly.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "frame/snapshot.h"
#include "render/gl_fixture.h"
#include "scene/gltf/import.h"
#include "test_paths.h"

using namespace spineview;
using namespace spineview::test;
namespace fs = std::filesystem;

TEST_CASE("valid corpus assets render without GL errors") {
  if (!haveShared("valid corpus assets render without GL errors")) return;
  const fs::path corpus = sharedDir() / "corpus" / "gltf-validator";
  REQUIRE(fs::is_directory(corpus));
  Renderer& renderer = sharedRenderer();
  int rendered = 0, empty = 0, notLoaded = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus))
    if (entry.path().extension() == ".gltf" || entry.path().extension() == ".glb")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream reportFile(file.string() + ".report.json");
    if (!reportFile) continue;
    const auto report = nlohmann::json::parse(reportFile, nullptr, false);
    if (report.is_discarded() || report["issues"]["numErrors"] != 0) continue;
    auto scene = importGltf(file.string());
    INFO(file.string());
    // Whether every valid asset loads is the loader tests' concern; here it is the drawing.
    if (!scene) {
      ++notLoaded;
      continue;
    }
    if (!scene.value().drawsAnything()) {
      ++empty;
      continue;
    }
    const Anatomy anatomy = Anatomy::of(scene.value());
    REQUIRE_FALSE(renderer.setScene(scene.value(), anatomy.drawHints(scene.value())).has_value());
    SnapshotRequest request;
    request.width = 96;
    request.height = 64;
    request.showAllLayers = true;
    auto image = renderSnapshot(renderer, scene.value(), anatomy, request);
    REQUIRE(image.ok());
    CHECK(drainGlErrors().empty());
    ++rendered;
  }
  std::cout << "corpus render: " << rendered << " valid assets rendered, " << empty
            << " valid assets with nothing to draw, " << notLoaded << " not loaded\n";
  CHECK(rendered > 0);
}
