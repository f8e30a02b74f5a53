// Font atlas and style scaling for ImGui 1.86, which has no DPI handling of its own: the font
// is rebuilt at the new pixel size and a fresh style is scaled (scaling the old one twice
// would compound rounding).
#include "app/ui_style.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace spineview::app {

namespace {

void touchFriendlyStyle(ImGuiStyle& style) {
  ImGui::StyleColorsDark(&style);
  style.WindowPadding = ImVec2(12.f, 12.f);
  style.FramePadding = ImVec2(10.f, 7.f);
  style.ItemSpacing = ImVec2(8.f, 8.f);
  style.ItemInnerSpacing = ImVec2(8.f, 6.f);
  style.ScrollbarSize = 20.f;
  style.GrabMinSize = 18.f;
  style.WindowRounding = 4.f;
  style.FrameRounding = 4.f;
  style.GrabRounding = 4.f;
  style.WindowBorderSize = 0.f;
  style.Colors[ImGuiCol_WindowBg].w = 0.92f;  // the model stays faintly visible behind panels
}

}  // namespace

namespace {

// The characters the atlas holds: Latin with its European extensions, Greek, Cyrillic and
// typographic punctuation, so that a story translated by a clinic shows its own letters
// (DejaVu Sans has all of them). Each extra block costs atlas space at two sizes.
const ImWchar* storyGlyphRanges() {
  static const ImWchar ranges[] = {
      0x0020, 0x00FF,  // Basic Latin, Latin-1 (degree sign, accented letters)
      0x0100, 0x024F,  // Latin Extended-A and -B
      0x0370, 0x03FF,  // Greek
      0x0400, 0x04FF,  // Cyrillic
      0x2010, 0x205E,  // dashes, quotes, bullets, primes
      0,
  };
  return ranges;
}

}  // namespace

UiScale applyUiStyle(float basePixels, float contentScale, float framebufferRatio,
                     const std::string& fontFile) {
  UiScale result;
  framebufferRatio = std::max(framebufferRatio, 1.f);
  contentScale = std::max(contentScale, 0.5f);
  // Where window units are already scaled (Retina), sizes stay in window units and only the
  // font raster is larger.
  result.style = contentScale / framebufferRatio;

  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFont* font = nullptr;
  std::error_code ec;
  if (!fontFile.empty() && std::filesystem::is_regular_file(fontFile, ec)) {
    font = io.Fonts->AddFontFromFileTTF(fontFile.c_str(), basePixels * contentScale, nullptr,
                                        storyGlyphRanges());
    if (!font) result.warning = "could not read the font " + fontFile + "; using ImGui's default font";
    // Rasterised at its own size rather than scaled up, so large captions stay sharp.
    else result.caption = io.Fonts->AddFontFromFileTTF(
        fontFile.c_str(), basePixels * contentScale * kCaptionFontScale, nullptr, storyGlyphRanges());
  } else {
    result.warning = "font " + fontFile + " not found; using ImGui's default font";
  }
  if (!font) {
    // The built-in bitmap font is 13 px; scale it up rather than leave tablet text tiny.
    ImFontConfig config;
    config.SizePixels = 13.f * std::max(1.f, std::round(basePixels * contentScale / 13.f));
    io.Fonts->AddFontDefault(&config);
    config.SizePixels *= 2.f;  // the bitmap font only scales by whole steps
    result.caption = io.Fonts->AddFontDefault(&config);
  }
  io.FontGlobalScale = 1.f / framebufferRatio;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  // The pixels live on in the texture; the CPU copies (alpha and RGBA, several MiB with the
  // Greek and Cyrillic blocks at two sizes) are not needed again.
  io.Fonts->ClearTexData();

  ImGuiStyle style;
  touchFriendlyStyle(style);
  style.ScaleAllSizes(result.style);
  ImGui::GetStyle() = style;
  return result;
}

}  // namespace spineview::app
