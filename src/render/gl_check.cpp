#include "render/gl_check.h"

#include <glad/gl.h>

#include <atomic>
#include <cstdio>

namespace spineview {
namespace {

std::atomic<int> reported{0};

const char* errorName(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM:
      return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE:
      return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION:
      return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION:
      return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY:
      return "GL_OUT_OF_MEMORY";
    default:
      return "an unknown GL error";
  }
}

// Prints (debug builds) and clears what GL reports; counts what was not expected.
void drain(const char* where, bool expected) {
  // A lost context reports errors for ever: the loop is bounded.
  for (int i = 0; i < 32; ++i) {
    const GLenum error = glGetError();
    if (error == GL_NO_ERROR) return;
    std::fprintf(stderr, "spineview: %s %s (0x%04x) in %s\n",
                 expected ? "note: expected GL error" : "GL error", errorName(error), error, where);
    if (!expected) ++reported;
  }
}

#ifdef NDEBUG
constexpr bool kDebug = false;
#else
constexpr bool kDebug = true;
#endif

}  // namespace

void reportGlErrors(const char* pass) {
  if (kDebug) drain(pass, false);
}

void clearGlErrors(const char* where) {
  if (kDebug) {
    drain(where, true);
    return;
  }
  for (int i = 0; i < 32 && glGetError() != GL_NO_ERROR; ++i) {
  }
}

int reportedGlErrorCount() {
  return reported;
}

}  // namespace spineview
