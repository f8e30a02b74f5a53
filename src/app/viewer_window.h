// The GLFW platform of the viewer: one window with an OpenGL 3.3 core context (glad loaded),
// the ImGui GLFW and OpenGL3 backends, and input collected into InputEvents between frames.
// Mouse input that starts over an ImGui window, and keys while ImGui has keyboard focus, go
// to ImGui only. No scene or camera here: the viewer reads the events and decides.
#pragma once
#include <glm/glm.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "core/result.h"

struct GLFWwindow;

namespace spineview::app {

// Everything that happened since the last takeEvents(), in window coordinates.
struct InputEvents {
  glm::vec2 orbit{0.f};  // left drag
  glm::vec2 pan{0.f};    // right or middle drag, or shift + left drag
  glm::vec2 cutDrag{0.f};  // ctrl + left drag: moves the cutaway plane
  float scroll = 0.f;    // wheel steps, positive away from the user
  bool doubleClick = false;
  glm::vec2 doubleClickAt{0.f};
  // A left press and release that barely moved (a click, or a tap on a touch screen), not on
  // the UI: identifies the structure there.
  std::optional<glm::vec2> tap;
  glm::vec2 pointer{-1.f};      // where the cursor is now
  bool pointerInWindow = false;
  bool pointerOverUi = false;   // over an ImGui window: no picking under it
  bool dragging = false;        // a drag is under way: no hover picking
  std::vector<int> keys;  // GLFW key codes pressed or repeated (not while ImGui has the keyboard)
  std::vector<int> keyPresses;  // the same, first presses only: for toggles (play/pause)
  std::vector<unsigned> chars;  // characters typed (not while ImGui has the keyboard)
  // Enter and Escape while no text field is active, even over a modal (which takes the
  // keyboard in ImGui 1.86), so the viewer can confirm or close it.
  std::vector<int> dialogKeys;
  std::vector<std::string> droppedFiles;
  bool contentScaleChanged = false;
  bool any = false;  // anything at all, including moves and clicks ImGui took: redraw
};

class ViewerWindow {
 public:
  // Fails with GLFW's reason when there is no display or no OpenGL 3.3 core context.
  static Result<std::unique_ptr<ViewerWindow>> create(const std::string& title, Size size);
  ~ViewerWindow();
  ViewerWindow(const ViewerWindow&) = delete;
  ViewerWindow& operator=(const ViewerWindow&) = delete;

  bool shouldClose() const;
  // Blocks until an event arrives, or at most `timeoutSeconds` (0 polls and returns at once).
  void waitEvents(std::optional<double> timeoutSeconds);
  InputEvents takeEvents();

  Size framebufferSize() const;  // pixels: what GL draws into
  Size windowSize() const;       // window coordinates: what input and ImGui use
  float contentScale() const;    // the monitor's UI scale (1 on a standard screen)

  void clear(const glm::vec3& linearRgb);  // the whole default framebuffer
  void beginImGuiFrame();   // backends' NewFrame, then ImGui::NewFrame
  void renderImGui();       // ImGui::Render and draw into the default framebuffer
  void swapBuffers();
  GLFWwindow* handle() const { return window_; }

 private:
  ViewerWindow() = default;
  static ViewerWindow* from(GLFWwindow* w);
  static void onMouseButton(GLFWwindow* w, int button, int action, int mods);
  static void onCursorPos(GLFWwindow* w, double x, double y);
  static void onScroll(GLFWwindow* w, double dx, double dy);
  static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
  static void onChar(GLFWwindow* w, unsigned int c);
  static void onFocus(GLFWwindow* w, int focused);
  static void onCursorEnter(GLFWwindow* w, int entered);
  static void onDrop(GLFWwindow* w, int count, const char** paths);
  static void onContentScale(GLFWwindow* w, float xs, float ys);
  static void onRefresh(GLFWwindow* w);

  enum class Drag { None, Orbit, Pan, Cut };
  GLFWwindow* window_ = nullptr;
  bool imguiReady_ = false;
  InputEvents events_;
  Drag drag_ = Drag::None;
  int dragButton_ = -1;
  glm::dvec2 lastCursor_{0.0};  // from the last cursor event, the position of later presses
  double lastClickTime_ = -1.0;
  glm::dvec2 pressPos_{0.0};
  double pressTravel_ = -1.0;  // pixels moved since a left press on the scene; -1: no press
  bool cursorInside_ = false;
  glm::dvec2 lastClickPos_{0.0};
};

}  // namespace spineview::app
