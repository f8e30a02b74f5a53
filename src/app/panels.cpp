// The ImGui widgets of the viewer. Sizes come from the (scaled) style so that touch targets
// grow with the font; all text is plain ASCII because the font atlas holds Latin-1 only.
#include "app/panels.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace spineview::app {

namespace {

constexpr const char* kAboutPopup = "About SpineView";
constexpr const char* kNoticePopup = "Notice###notice";  // fixed ID, title shows the notice

const ImVec4 kWarningColor{1.f, 0.8f, 0.4f, 1.f};

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Buttons in rows of `columns`, each as wide as an equal share of the row.
float columnWidth(int columns) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  return (ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(columns - 1)) /
         static_cast<float>(columns);
}

void layersSection(const std::vector<LayerInfo>& layers, LayerState& state) {
  if (layers.empty()) {
    ImGui::TextDisabled("No model loaded.");
    return;
  }
  const float half = columnWidth(2);
  if (ImGui::Button("Show all", ImVec2(half, 0.f)))
    for (const auto& l : layers) state.settings[l.key].visible = true;
  ImGui::SameLine();
  if (ImGui::Button("Hide all", ImVec2(half, 0.f)))
    for (const auto& l : layers) state.settings[l.key].visible = false;

  for (const auto& layer : layers) {
    ImGui::PushID(layer.key.c_str());
    // Copy, edit, store: reading through of() keeps the map free of untouched defaults.
    LayerSetting s = state.of(layer.key);
    // Name and opacity share a row so the whole list fits on a tablet without scrolling.
    const float sliderX = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x * 0.58f;
    bool changed = ImGui::Checkbox(layer.displayName.c_str(), &s.visible);
    ImGui::SameLine();  // after a long name the slider gets narrower rather than overlap it
    if (ImGui::GetCursorPosX() < sliderX) ImGui::SetCursorPosX(sliderX);
    ImGui::BeginDisabled(!s.visible);
    ImGui::SetNextItemWidth(-1.f);
    changed |= ImGui::SliderFloat("##opacity", &s.opacity, 0.f, 1.f, "%.2f",
                                  ImGuiSliderFlags_AlwaysClamp);
    ImGui::EndDisabled();
    if (changed) state.settings[layer.key] = s;
    ImGui::PopID();
  }
}

void viewSection(PanelActions& actions) {
  const float half = columnWidth(2);
  int i = 0;
  for (const auto& view : namedViews()) {
    if (i % 2 == 1) ImGui::SameLine();
    const std::string label = capitalized(view.name) + " (" + std::to_string(i + 1) + ")";
    if (ImGui::Button(label.c_str(), ImVec2(half, 0.f))) actions.view = view;
    ++i;
  }
  if (ImGui::Button("Frame all (F)", ImVec2(half, 0.f))) actions.frameAll = true;
  ImGui::SameLine();
  if (ImGui::Button("Reset (R)", ImVec2(half, 0.f))) actions.reset = true;
}

void modelSection(const ModelSummary& model, UiState& ui) {
  if (model.loaded) {
    const auto name = std::filesystem::path(model.path).filename().string();
    ImGui::TextWrapped("%s", name.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", model.path.c_str());
    ImGui::Text("%zu triangles", model.triangles);
    if (!model.warnings.empty()) {
      ImGui::TextColored(kWarningColor, "%zu import warning%s", model.warnings.size(),
                         model.warnings.size() == 1 ? "" : "s");
      ImGui::PushStyleColor(ImGuiCol_Text, kWarningColor);
      for (const auto& w : model.warnings) ImGui::TextWrapped("- %s", w.c_str());
      ImGui::PopStyleColor();
    }
  } else {
    ImGui::TextDisabled("No model loaded.");
  }
  if (ImGui::Button("Open... (O)", ImVec2(-1.f, 0.f))) ui.fileDialog.open(model.path);
}

void sidePanel(const std::vector<LayerInfo>& layers, const ModelSummary& model,
               AppSettings& settings, UiState& ui, float uiScale, PanelActions& actions) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = sidePanelWidth(settings.ui, uiScale, vp->WorkSize.x);
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x - width, vp->WorkPos.y));
  ImGui::SetNextWindowSize(ImVec2(width, vp->WorkSize.y));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                 ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin("SpineView", nullptr, flags)) {
    ImGui::TextUnformatted("SpineView");
    // Header buttons, right-aligned: help, the always-reachable About notice, hide the panel.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons = ImGui::CalcTextSize("?").x + ImGui::CalcTextSize("About").x +
                          ImGui::CalcTextSize(">>").x + 6.f * style.FramePadding.x +
                          2.f * style.ItemSpacing.x;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons);
    if (ImGui::Button("?")) settings.ui.showHelp = !settings.ui.showHelp;
    ImGui::SameLine();
    if (ImGui::Button("About")) settings.ui.showAbout = true;
    ImGui::SameLine();
    if (ImGui::Button(">>")) settings.ui.showSidePanel = false;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Educational use only. Not medical advice.");
    ImGui::PopStyleColor();
    ImGui::Separator();

    if (ImGui::CollapsingHeader("View", ImGuiTreeNodeFlags_DefaultOpen)) viewSection(actions);
    if (ImGui::CollapsingHeader("Layers (shown, opacity)", ImGuiTreeNodeFlags_DefaultOpen))
      layersSection(layers, settings.layers);
    if (ImGui::CollapsingHeader("Model", ImGuiTreeNodeFlags_DefaultOpen)) modelSection(model, ui);
  }
  ImGui::End();
}

// With the panel hidden, a small always-visible button brings it back (and keeps About one
// tap away).
void panelToggle(AppSettings& settings) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x, vp->WorkPos.y), ImGuiCond_Always,
                          ImVec2(1.f, 0.f));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin("##panel toggle", nullptr, flags)) {
    if (ImGui::Button("<< Panel")) settings.ui.showSidePanel = true;
    ImGui::SameLine();
    if (ImGui::Button("About")) settings.ui.showAbout = true;
  }
  ImGui::End();
}

void helpWindow(AppSettings& settings) {
  if (!settings.ui.showHelp) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::Begin("Controls", &settings.ui.showHelp,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                       ImGuiWindowFlags_NoCollapse)) {
    if (ImGui::BeginTable("controls", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (const auto& [control, effect] : controlsHelp()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(control);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(effect);
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

void aboutPopup(AppSettings& settings, bool dismiss) {
  if (settings.ui.showAbout && !ImGui::IsPopupOpen(kAboutPopup)) ImGui::OpenPopup(kAboutPopup);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, ImGui::GetFontSize() * 30.f), 0.f));
  if (ImGui::BeginPopupModal(kAboutPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped(
        "SpineView is a teaching tool. It shows a simplified 3D model of the lower (lumbar) "
        "spine to help explain its parts, disc problems and ways they can be treated.");
    ImGui::Spacing();
    ImGui::TextWrapped(
        "It is not medical advice. It does not diagnose any condition or recommend any "
        "treatment, and the model is not an image of any person. Please talk with a qualified "
        "clinician about your own health and your options.");
    ImGui::Spacing();
    if (ImGui::Button("Close", ImVec2(-1.f, 0.f)) || dismiss) {
      settings.ui.showAbout = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

void noticePopup(UiState& ui) {
  if (ui.notices.empty()) return;
  if (!ImGui::IsPopupOpen(kNoticePopup)) ImGui::OpenPopup(kNoticePopup);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, ImGui::GetFontSize() * 32.f), 0.f));
  if (ImGui::BeginPopupModal(kNoticePopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    const Notice& n = ui.notices.front();
    ImGui::TextUnformatted(n.title.c_str());
    ImGui::Separator();
    ImGui::TextWrapped("%s", n.message.c_str());
    ImGui::Spacing();
    if (ImGui::Button("OK", ImVec2(-1.f, 0.f)) || ui.dismissRequested) {
      ui.dismissRequested = false;  // one key closes one notice
      ui.notices.pop_front();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

}  // namespace

float sidePanelWidth(const UiSettings& ui, float uiScale, float viewportWidth) {
  if (!ui.showSidePanel) return 0.f;
  // At most 60% of a narrow window, so some of the model always stays in view.
  return std::min(ui.sidePanelWidth * uiScale, 0.6f * viewportWidth);
}

const std::vector<std::pair<const char*, const char*>>& controlsHelp() {
  static const std::vector<std::pair<const char*, const char*>> lines = {
      {"Left drag", "Turn the model"},
      {"Right or middle drag, Shift + left drag", "Move the model"},
      {"Scroll wheel, + and -", "Zoom"},
      {"Double-click, F", "Frame the whole model"},
      {"1 to 7", "Named views (see the View section)"},
      {"Arrow keys", "Turn the model"},
      {"R", "Reset the view"},
      {"O, or drop a file on the window", "Open a model"},
  };
  return lines;
}

PanelActions drawPanels(const std::vector<LayerInfo>& layers, const ModelSummary& model,
                        AppSettings& settings, UiState& ui, float uiScale) {
  PanelActions actions;
  if (settings.ui.showSidePanel) sidePanel(layers, model, settings, ui, uiScale, actions);
  else panelToggle(settings);
  helpWindow(settings);
  // Modals at the top level, one at a time: the file dialog, then notices, then About.
  const bool dialogWasOpen = ui.fileDialog.isOpen();
  if (auto chosen = ui.fileDialog.draw(ui.dismissRequested)) actions.openFile = *chosen;
  if (dialogWasOpen) ui.dismissRequested = false;
  if (!ui.fileDialog.isOpen()) noticePopup(ui);
  if (!ui.fileDialog.isOpen() && ui.notices.empty()) aboutPopup(settings, ui.dismissRequested);
  ui.dismissRequested = false;
  return actions;
}

}  // namespace spineview::app
