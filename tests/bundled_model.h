// The bundled model and what SpineView reads from it, loaded once per test program (for the
// tests that link the engine; the render tests' gl_fixture.h adds the renderer's hints).
#pragma once
#include <catch2/catch.hpp>

#include "anatomy/anatomy.h"
#include "scene/gltf/import.h"
#include "test_paths.h"

namespace spineview::test {

struct BundledModel {
  Scene scene;
  Anatomy anatomy;
};

inline const BundledModel& bundledSpine() {
  static const BundledModel model = [] {
    auto scene = importGltf(bundledModel().string());
    if (!scene) FAIL(scene.error());
    Anatomy anatomy = Anatomy::of(scene.value());
    return BundledModel{std::move(scene.value()), std::move(anatomy)};
  }();
  return model;
}

}  // namespace spineview::test
