#include "app/ui_widgets.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>

namespace spineview::app {

float touchButtonHeight() {
  return ImGui::GetFrameHeight() * 1.5f;
}

void placeNextWindowCentred(float width) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 centre(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f);
  ImGui::SetNextWindowPos(centre, ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (width > 0.f) ImGui::SetNextWindowSize(ImVec2(std::min(width, vp->WorkSize.x), 0.f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0.f, 0.f), vp->WorkSize);
}

void scrollingWrappedText(const char* id, const std::string& text, float reserveBelow) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x;
  const float textHeight = ImGui::CalcTextSize(text.c_str(), nullptr, false, width).y;
  // What is left of the screen below this point once the buttons and padding are placed.
  const float room = ImGui::GetMainViewport()->WorkSize.y - ImGui::GetCursorPosY() - reserveBelow -
                     2.f * style.WindowPadding.y;
  const float maxHeight = std::max(room, 2.f * ImGui::GetTextLineHeightWithSpacing());
  if (textHeight <= maxHeight) {
    ImGui::TextWrapped("%s", text.c_str());
    return;
  }
  ImGui::BeginChild(id, ImVec2(0.f, maxHeight), false);
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::EndChild();
}

int overlayWindowFlags() {
  return ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
         ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
         ImGuiWindowFlags_NoFocusOnAppearing;
}

bool stateButton(const char* label, bool on, float width, float height) {
  if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool pressed = ImGui::Button(label, ImVec2(width, height));
  if (on) ImGui::PopStyleColor();
  return pressed;
}

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

bool wideButton(const char* label) {
  return ImGui::Button(label, ImVec2(-1.f, touchButtonHeight()));
}

float columnWidth(int columns) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  return (ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(columns - 1)) /
         static_cast<float>(columns);
}

}  // namespace spineview::app
