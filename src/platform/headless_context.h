// An OpenGL 3.3 core context without any display: EGL on Mesa's surfaceless platform.
// Used by --render, the tests and the benchmark. Rendering goes into framebuffer objects.
#pragma once
#include <memory>
#include <string>

#include "core/result.h"

namespace spineview {

class HeadlessContext {
 public:
  // Fails with a clear message when EGL or an OpenGL 3.3 core context is unavailable.
  static Result<std::unique_ptr<HeadlessContext>> create();
  ~HeadlessContext();
  std::string rendererName() const;  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

 private:
  HeadlessContext() = default;
  void* display_ = nullptr;
  void* context_ = nullptr;
};

}  // namespace spineview
