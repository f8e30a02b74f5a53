// The ImGui font and style for a given screen: a TTF font rasterised at the real pixel size
// and a style with touch-sized padding, both scaled with the monitor's content scale.
// Needs the ImGui OpenGL3 backend initialised (it re-creates the font texture).
#pragma once
#include <string>

struct ImFont;

namespace spineview::app {

// Story captions' size against the body text.
inline constexpr float kCaptionFontScale = 1.45f;

struct UiScale {
  float style = 1.f;   // factor applied to sizes in ImGui (window) coordinates
  ImFont* caption = nullptr;  // the same face, larger: story captions read across a room
  std::string warning;  // non-empty when the font file could not be used
};

// contentScale: glfwGetWindowContentScale. framebufferRatio: framebuffer pixels per window
// unit (1 on X11 and Windows, 2 on a Retina Mac), so text is sharp on either kind of screen.
UiScale applyUiStyle(float basePixels, float contentScale, float framebufferRatio,
                     const std::string& fontFile);

}  // namespace spineview::app
