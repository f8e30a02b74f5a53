// ImGui drawing into a RenderTarget without a window: labels on a headless render, captions
// burnt into exported video frames. A context of its own with the OpenGL3 backend and the
// window's font and style, so what it draws matches the window; an ImGui context that was
// current before stays current afterwards. Needs the GL context current.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "app/ui_style.h"
#include "core/result.h"
#include "render/renderer.h"

struct ImGuiContext;

namespace spineview::app {

class HeadlessImGui {
 public:
  // width x height: the target's size in pixels. uiScale: the window's UI scale (font
  // 18 px * uiScale). fontFile empty: the app's font; a missing file falls back to ImGui's
  // built-in font, scaled up.
  static Result<std::unique_ptr<HeadlessImGui>> create(int width, int height, float uiScale,
                                                       const std::string& fontFile = {});
  ~HeadlessImGui();
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  const UiScale& scale() const { return scale_; }
  // Runs `content` (ImGui calls, as in the window) and draws the result over the target's
  // finished image (after Renderer::render). layoutPasses: frames run first and thrown away,
  // so that windows sized to their content (a caption box) have their size in the drawn one;
  // ImGui otherwise sizes a new or changed window a frame late.
  void draw(RenderTarget& target, const std::function<void()>& content, int layoutPasses = 0);
  // Runs `content` in a frame that draws nothing: for measuring text and sizes.
  void measure(const std::function<void()>& content);

 private:
  HeadlessImGui() = default;
  ImGuiContext* previous_ = nullptr;
  ImGuiContext* own_ = nullptr;
  bool backend_ = false;
  UiScale scale_;
};

}  // namespace spineview::app
