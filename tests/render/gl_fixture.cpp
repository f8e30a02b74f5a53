#include "render/gl_fixture.h"

#include "render/gl_check.h"

#include <glad/gl.h>

#include <catch2/catch.hpp>
#include <memory>

#include "scene/gltf/import.h"
#include "test_paths.h"

namespace spineview::test {

HeadlessContext* glContext(std::string* error) {
  static std::string failure;
  static std::unique_ptr<HeadlessContext> context = [] {
    auto created = HeadlessContext::create();
    if (!created) {
      failure = created.error();
      return std::unique_ptr<HeadlessContext>();
    }
    return std::move(created.value());
  }();
  if (error) *error = failure;
  return context.get();
}

Renderer& sharedRenderer() {
  static std::unique_ptr<Renderer> renderer = [] {
    std::string error;
    if (!glContext(&error)) FAIL("no headless OpenGL context: " << error);
    auto created = Renderer::create(sourceDir() / "shaders");
    if (!created) FAIL(created.error());
    return std::move(created.value());
  }();
  return *renderer;
}

const Scene& bundledScene() {
  static Scene scene = [] {
    auto imported = importGltf(bundledModel().string());
    if (!imported) FAIL(imported.error());
    return std::move(imported.value());
  }();
  return scene;
}

const Anatomy& bundledAnatomy() {
  static const Anatomy anatomy = Anatomy::of(bundledScene());
  return anatomy;
}

const DrawHints& bundledHints() {
  static const DrawHints hints = bundledAnatomy().drawHints(bundledScene());
  return hints;
}

std::string drainGlErrors() {
  std::string errors;
  for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04X ", e);
    errors += buf;
  }
  // Debug builds report GL errors where they happen, and clear them there (render/gl_check.h).
  static int reported = 0;
  if (reportedGlErrorCount() != reported) {
    errors += std::to_string(reportedGlErrorCount() - reported) + " reported by the renderer";
    reported = reportedGlErrorCount();
  }
  return errors;
}

}  // namespace spineview::test
