#include "render/gl_check.h"

#include <glad/gl.h>

#include <atomic>
#include <cstdio>

namespace spineview {
namespace {

std::atomic<int> reported{0};

const char* errorName(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "an unknown GL error";
  }
}

void drain(const char* where, bool print) {
  // A lost context reports errors for ever: the loop is bounded.
  for (int i = 0; i < 32; ++i) {
    const GLenum error = glGetError();
    if (error == GL_NO_ERROR) return;
    if (print) {
      std::fprintf(stderr, "spineview: GL error %s (0x%04x) in %s\n", errorName(error), error,
                   where);
      ++reported;
    }
  }
}

#ifdef NDEBUG
constexpr bool kDebug = false;
#else
constexpr bool kDebug = true;
#endif

}  // namespace

void reportGlErrors(const char* pass) {
  if (kDebug) drain(pass, true);
}

void clearGlErrors(const char* where) { drain(where, kDebug); }

int reportedGlErrorCount() { return reported; }

}  // namespace spineview
