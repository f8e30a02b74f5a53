// GLFW window, GL context and input for the viewer. ImGui's GLFW backend is initialised
// without its own callbacks: ours forward every event to it first, then decide from
// WantCaptureMouse/WantCaptureKeyboard whether the 3D view gets it too.
#include "app/viewer_window.h"

#include <glad/gl.h>
// glad must come first; GLFW then skips its own GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace spineview::app {

namespace {

constexpr double kDoubleClickSeconds = 0.35;
constexpr double kDoubleClickPixels = 6.0;
// A press that moves less than this before its release is a tap (a finger wobbles a little).
constexpr double kTapPixels = 8.0;

std::string g_lastGlfwError;

void onGlfwError(int code, const char* description) {
  g_lastGlfwError = description ? description : ("GLFW error " + std::to_string(code));
}

}  // namespace

Result<std::unique_ptr<ViewerWindow>> ViewerWindow::create(const std::string& title, Size size) {
  glfwSetErrorCallback(onGlfwError);
  if (!glfwInit())
    return Error{"cannot open a window (" + g_lastGlfwError +
                 "); use --render OUT.png to render without a display"};
  std::unique_ptr<ViewerWindow> self(new ViewerWindow());

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, 0);  // the renderer resolves its own MSAA target into this one
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);

  // Keep the window on the screen's work area when asked for more than fits. The size is
  // given at scale 1: GLFW_SCALE_TO_MONITOR multiplies it by the monitor's content scale.
  if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
    int x = 0, y = 0, w = 0, h = 0;
    float xs = 1.f, ys = 1.f;
    glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
    glfwGetMonitorContentScale(monitor, &xs, &ys);
    if (w > 0 && h > 0) {
      size.width = std::min(size.width, static_cast<int>(static_cast<float>(w) / std::max(xs, 1.f)));
      size.height = std::min(size.height, static_cast<int>(static_cast<float>(h) / std::max(ys, 1.f)));
    }
  }
  self->window_ = glfwCreateWindow(size.width, size.height, title.c_str(), nullptr, nullptr);
  if (!self->window_)
    return Error{"cannot create an OpenGL 3.3 core window (" + g_lastGlfwError + ")"};
  glfwMakeContextCurrent(self->window_);
  const int version = gladLoadGL(glfwGetProcAddress);
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33)
    return Error{"the window's OpenGL context is older than 3.3 or could not be loaded"};
  glfwSwapInterval(1);

  GLFWwindow* w = self->window_;
  glfwSetWindowUserPointer(w, self.get());
  glfwSetMouseButtonCallback(w, onMouseButton);
  glfwSetCursorPosCallback(w, onCursorPos);
  glfwSetScrollCallback(w, onScroll);
  glfwSetKeyCallback(w, onKey);
  glfwSetCharCallback(w, onChar);
  glfwSetWindowFocusCallback(w, onFocus);
  glfwSetCursorEnterCallback(w, onCursorEnter);
  glfwSetDropCallback(w, onDrop);
  glfwSetWindowContentScaleCallback(w, onContentScale);
  glfwSetWindowRefreshCallback(w, onRefresh);
  glfwSetFramebufferSizeCallback(w, [](GLFWwindow* win, int, int) { from(win)->events_.any = true; });
  glfwSetWindowIconifyCallback(w, [](GLFWwindow* win, int) { from(win)->events_.any = true; });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written to the working directory; panels are fixed
  ImGui_ImplGlfw_InitForOpenGL(w, /*install_callbacks=*/false);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  // Init creates no GL objects in ImGui 1.86; the first NewFrame would create them, fonts
  // texture included, without deleting the one applyUiStyle made before it (a leak). Made
  // now, applyUiStyle's destroy-then-create of the fonts texture always pairs up.
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  self->imguiReady_ = true;
  glfwGetCursorPos(w, &self->lastCursor_.x, &self->lastCursor_.y);
  self->cursorInside_ = glfwGetWindowAttrib(w, GLFW_HOVERED) != 0;
  self->events_.any = true;  // the first frame
  return self;
}

ViewerWindow::~ViewerWindow() {
  if (imguiReady_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

ViewerWindow* ViewerWindow::from(GLFWwindow* w) {
  return static_cast<ViewerWindow*>(glfwGetWindowUserPointer(w));
}

bool ViewerWindow::shouldClose() const { return glfwWindowShouldClose(window_); }

void ViewerWindow::waitEvents(std::optional<double> timeoutSeconds) {
  if (!timeoutSeconds) glfwWaitEvents();
  else if (*timeoutSeconds <= 0.0) glfwPollEvents();
  else glfwWaitEventsTimeout(*timeoutSeconds);
}

InputEvents ViewerWindow::takeEvents() {
  // The pointer's state is read now, not accumulated: hover follows where the cursor is.
  events_.pointer = glm::vec2(lastCursor_);
  events_.pointerInWindow = cursorInside_;
  events_.pointerOverUi = imguiReady_ && ImGui::GetIO().WantCaptureMouse;
  events_.dragging = drag_ != Drag::None;
  return std::exchange(events_, InputEvents{});
}

Size ViewerWindow::framebufferSize() const {
  Size s;
  glfwGetFramebufferSize(window_, &s.width, &s.height);
  return s;
}

Size ViewerWindow::windowSize() const {
  Size s;
  glfwGetWindowSize(window_, &s.width, &s.height);
  return s;
}

float ViewerWindow::contentScale() const {
  float x = 1.f, y = 1.f;
  glfwGetWindowContentScale(window_, &x, &y);
  return std::max(0.5f, std::max(x, y));  // guards against 0 from unusual platforms
}

void ViewerWindow::clear(const glm::vec3& linearRgb) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  const Size fb = framebufferSize();
  glViewport(0, 0, fb.width, fb.height);
  // The default framebuffer is not sRGB: encode with the sRGB transfer function, as the
  // renderer's composite pass does, so the strip under the panel matches the background.
  auto encode = [](float v) {
    v = glm::clamp(v, 0.f, 1.f);
    return v <= 0.0031308f ? 12.92f * v : 1.055f * std::pow(v, 1.f / 2.4f) - 0.055f;
  };
  const glm::vec3 c(encode(linearRgb.r), encode(linearRgb.g), encode(linearRgb.b));
  glClearColor(c.r, c.g, c.b, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
}

void ViewerWindow::beginImGuiFrame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void ViewerWindow::renderImGui() {
  ImGui::Render();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void ViewerWindow::swapBuffers() { glfwSwapBuffers(window_); }

void ViewerWindow::onMouseButton(GLFWwindow* w, int button, int action, int mods) {
  ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
  ViewerWindow* self = from(w);
  self->events_.any = true;
  if (action == GLFW_RELEASE) {
    if (button == self->dragButton_) {
      self->drag_ = Drag::None;
      self->dragButton_ = -1;
    }
    if (button == GLFW_MOUSE_BUTTON_LEFT && self->pressTravel_ >= 0.0 &&
        self->pressTravel_ < kTapPixels)
      self->events_.tap = glm::vec2(self->pressPos_);
    if (button == GLFW_MOUSE_BUTTON_LEFT) self->pressTravel_ = -1.0;
    return;
  }
  if (action != GLFW_PRESS || ImGui::GetIO().WantCaptureMouse) return;

  // Where the press happened is the last cursor event's position. Asking GLFW now would give
  // where the cursor is after the whole batch of events, losing the start of a quick drag.
  const glm::dvec2 pos = self->lastCursor_;
  if (self->drag_ == Drag::None) {
    if (button == GLFW_MOUSE_BUTTON_LEFT)
      self->drag_ = (mods & GLFW_MOD_SHIFT)     ? Drag::Pan
                    : (mods & GLFW_MOD_CONTROL) ? Drag::Cut
                                                : Drag::Orbit;
    else if (button == GLFW_MOUSE_BUTTON_RIGHT || button == GLFW_MOUSE_BUTTON_MIDDLE)
      self->drag_ = Drag::Pan;
    if (self->drag_ != Drag::None) self->dragButton_ = button;
  }
  if (button == GLFW_MOUSE_BUTTON_LEFT) {
    self->pressPos_ = pos;
    self->pressTravel_ = 0.0;
    const double now = glfwGetTime();
    if (self->lastClickTime_ >= 0.0 && now - self->lastClickTime_ < kDoubleClickSeconds &&
        glm::length(pos - self->lastClickPos_) < kDoubleClickPixels) {
      self->events_.doubleClick = true;
      self->events_.doubleClickAt = glm::vec2(pos);
      self->lastClickTime_ = -1.0;  // a third click starts a new pair
    } else {
      self->lastClickTime_ = now;
      self->lastClickPos_ = pos;
    }
  }
}

void ViewerWindow::onCursorPos(GLFWwindow* w, double x, double y) {
  ViewerWindow* self = from(w);
  self->events_.any = true;  // hover highlights in the panels need a frame
  const glm::dvec2 pos{x, y};
  const glm::vec2 delta = glm::vec2(pos - self->lastCursor_);
  self->lastCursor_ = pos;
  if (self->pressTravel_ >= 0.0) self->pressTravel_ += glm::length(glm::dvec2(delta));
  if (self->drag_ == Drag::Orbit) self->events_.orbit += delta;
  else if (self->drag_ == Drag::Pan) self->events_.pan += delta;
  else if (self->drag_ == Drag::Cut) self->events_.cutDrag += delta;
}

void ViewerWindow::onScroll(GLFWwindow* w, double dx, double dy) {
  ImGui_ImplGlfw_ScrollCallback(w, dx, dy);
  ViewerWindow* self = from(w);
  self->events_.any = true;
  if (!ImGui::GetIO().WantCaptureMouse) self->events_.scroll += static_cast<float>(dy);
}

void ViewerWindow::onKey(GLFWwindow* w, int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
  ViewerWindow* self = from(w);
  self->events_.any = true;
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantCaptureKeyboard) {
    self->events_.keys.push_back(key);
    if (action == GLFW_PRESS) self->events_.keyPresses.push_back(key);
  }
  if (action == GLFW_PRESS && !io.WantTextInput &&
      (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER || key == GLFW_KEY_ESCAPE))
    self->events_.dialogKeys.push_back(key);
}

void ViewerWindow::onChar(GLFWwindow* w, unsigned int c) {
  ImGui_ImplGlfw_CharCallback(w, c);
  ViewerWindow* self = from(w);
  self->events_.any = true;
  if (!ImGui::GetIO().WantCaptureKeyboard) self->events_.chars.push_back(c);
}

void ViewerWindow::onFocus(GLFWwindow* w, int focused) {
  ImGui_ImplGlfw_WindowFocusCallback(w, focused);
  ViewerWindow* self = from(w);
  self->events_.any = true;
  if (!focused) {  // a release outside the window never arrives: end any drag
    self->drag_ = Drag::None;
    self->dragButton_ = -1;
  }
}

void ViewerWindow::onCursorEnter(GLFWwindow* w, int entered) {
  ImGui_ImplGlfw_CursorEnterCallback(w, entered);
  from(w)->events_.any = true;
  from(w)->cursorInside_ = entered != 0;
}

void ViewerWindow::onDrop(GLFWwindow* w, int count, const char** paths) {
  ViewerWindow* self = from(w);
  self->events_.any = true;
  for (int i = 0; i < count; ++i) self->events_.droppedFiles.emplace_back(paths[i]);
}

void ViewerWindow::onContentScale(GLFWwindow* w, float, float) {
  ViewerWindow* self = from(w);
  self->events_.any = true;
  self->events_.contentScaleChanged = true;
}

void ViewerWindow::onRefresh(GLFWwindow* w) { from(w)->events_.any = true; }

}  // namespace spineview::app
