#include "platform/headless_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <glad/gl.h>

#include <cstdio>
#include <vector>

namespace spineview {
namespace {

std::string eglErrorText(const char* what) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s failed (EGL error 0x%04X)", what, eglGetError());
  return buf;
}

bool hasExtension(const char* list, const std::string& name) {
  if (!list) return false;
  const std::string all = std::string(" ") + list + " ";
  return all.find(" " + name + " ") != std::string::npos;
}

// Mesa's surfaceless platform needs no display server at all; where it is missing (a GPU
// driver without it), the first EGL device is the next best way to get a display-less context.
EGLDisplay openDisplay(std::string& tried) {
  const char* clientExtensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (!getPlatformDisplay) {
    tried = "eglGetPlatformDisplayEXT is unavailable";
    return EGL_NO_DISPLAY;
  }
  if (hasExtension(clientExtensions, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay d = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (d != EGL_NO_DISPLAY && eglInitialize(d, nullptr, nullptr)) return d;
    tried += "surfaceless platform: " + eglErrorText("eglInitialize") + "; ";
    if (d != EGL_NO_DISPLAY) eglTerminate(d);
  } else {
    tried += "no EGL_MESA_platform_surfaceless; ";
  }
  auto queryDevices =
      reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
  if (queryDevices && hasExtension(clientExtensions, "EGL_EXT_platform_device")) {
    EGLDeviceEXT devices[8];
    EGLint count = 0;
    if (queryDevices(8, devices, &count)) {
      for (EGLint i = 0; i < count; ++i) {
        EGLDisplay d = getPlatformDisplay(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
        if (d != EGL_NO_DISPLAY && eglInitialize(d, nullptr, nullptr)) return d;
        if (d != EGL_NO_DISPLAY) eglTerminate(d);
      }
    }
    tried += "no usable EGL device; ";
  }
  return EGL_NO_DISPLAY;
}

}  // namespace

Result<std::unique_ptr<HeadlessContext>> HeadlessContext::create() {
  const std::string prefix = "no headless OpenGL 3.3: ";
  std::string tried;
  EGLDisplay display = openDisplay(tried);
  if (display == EGL_NO_DISPLAY) return Error{prefix + tried};

  std::unique_ptr<HeadlessContext> ctx(new HeadlessContext);
  ctx->display_ = display;  // the destructor terminates it from here on

  const char* displayExtensions = eglQueryString(display, EGL_EXTENSIONS);
  if (!hasExtension(displayExtensions, "EGL_KHR_surfaceless_context"))
    return Error{prefix + "the EGL display lacks EGL_KHR_surfaceless_context"};
  if (!eglBindAPI(EGL_OPENGL_API)) return Error{prefix + eglErrorText("eglBindAPI")};
  const EGLint configAttribs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, 0,
                                  EGL_NONE};
  EGLConfig config = nullptr;
  EGLint configCount = 0;
  if (!eglChooseConfig(display, configAttribs, &config, 1, &configCount) || configCount == 0) {
    if (!hasExtension(displayExtensions, "EGL_KHR_no_config_context"))
      return Error{prefix + "no EGL config renders OpenGL on this display"};
    config = nullptr;  // EGL_KHR_no_config_context: a context without any config
  }
  const EGLint contextAttribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3,
                                   EGL_CONTEXT_MINOR_VERSION, 3,
                                   EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                   EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                   EGL_NONE};
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, contextAttribs);
  if (context == EGL_NO_CONTEXT) return Error{prefix + eglErrorText("eglCreateContext")};
  ctx->context_ = context;
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context))
    return Error{prefix + eglErrorText("eglMakeCurrent (surfaceless)")};
  const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress));
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33)
    return Error{prefix + "the driver offers no OpenGL 3.3 core functions"};
  return ctx;
}

HeadlessContext::~HeadlessContext() {
  if (!display_) return;
  eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (context_) eglDestroyContext(display_, context_);
  eglTerminate(display_);
}

std::string HeadlessContext::rendererName() const {
  const GLubyte* name = glGetString(GL_RENDERER);
  return name ? reinterpret_cast<const char*>(name) : "unknown";
}

}  // namespace spineview
