// The ImGui widgets of the viewer. Sizes come from the (scaled) style so that touch targets
// grow with the font. The atlas holds Latin, Greek and Cyrillic (ui_style.cpp); the panels' own
// text is plain ASCII.
#include "app/panels.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/ui_widgets.h"

namespace spineview::app {

namespace {

constexpr const char* kAboutPopup = "About SpineView";
constexpr const char* kNoticePopup = "Notice###notice";  // fixed ID, title shows the notice

const ImVec4 kWarningColor{1.f, 0.8f, 0.4f, 1.f};
constexpr float kMinLayerOpacity = 0.05f;

// Buttons in rows of `columns`, each as wide as an equal share of the row.
void openButton(const ModelSummary& model, UiState& ui) {
  if (ImGui::Button("Open a model... (O)", ImVec2(-1.f, touchButtonHeight())))
    ui.fileDialog.open(model.path);
}

void layerRow(const LayerInfo& layer, LayerState& state) {
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
  // The minimum is above 0: a ticked but invisible layer looks like a bug; hiding is what
  // the checkbox is for.
  changed |= ImGui::SliderFloat("##opacity", &s.opacity, kMinLayerOpacity, 1.f, "%.2f",
                                ImGuiSliderFlags_AlwaysClamp);
  ImGui::EndDisabled();
  if (changed) state.settings[layer.key] = s;
  ImGui::PopID();
}

void layersPage(const std::vector<LayerInfo>& layers, const ModelSummary& model, LayerState& state,
                UiState& ui, bool storyOpen) {
  if (layers.empty()) {
    ImGui::TextDisabled("No model loaded.");
    openButton(model, ui);
    return;
  }
  if (storyOpen) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("The story shows the procedure parts it needs; unticking a layer still "
                       "hides it.");
    ImGui::PopStyleColor();
  }
  const float half = columnWidth(2);
  if (ImGui::Button("Show all", ImVec2(half, 0.f)))
    for (const auto& l : layers) state.settings[l.key].visible = true;
  ImGui::SameLine();
  if (ImGui::Button("Hide all", ImVec2(half, 0.f)))
    for (const auto& l : layers) state.settings[l.key].visible = false;
  ImGui::TextDisabled("Shown, and opacity");
  for (const auto& layer : layers)
    if (!isProcedureLayer(layer.kind)) layerRow(layer, state);  // anatomy first
  const bool anyProcedure = std::any_of(layers.begin(), layers.end(),
                                        [](const LayerInfo& l) { return isProcedureLayer(l.kind); });
  if (anyProcedure) {
    ImGui::TextDisabled("Procedure");
    for (const auto& layer : layers)
      if (isProcedureLayer(layer.kind)) layerRow(layer, state);
  }
}

void viewPage(CameraSettings& camera, const ModelSummary& model, UiState& ui,
              PanelActions& actions) {
  // One full-width button per view: long plain labels, and a big target on a tablet.
  for (std::size_t i = 0; i < viewButtons().size(); ++i) {
    const auto& b = viewButtons()[i];
    const std::string label = b.label + " (" + std::to_string(i + 1) + ")";
    if (ImGui::Button(label.c_str(), ImVec2(-1.f, touchButtonHeight()))) actions.view = b.view;
  }
  ImGui::Separator();
  // For touch screens, where there is no wheel, right button or keyboard.
  const float half = columnWidth(2);
  const ImVec2 size(half, touchButtonHeight());
  if (ImGui::Button("Zoom in (+)", size)) actions.zoomSteps += camera.buttonZoomSteps;
  ImGui::SameLine();
  if (ImGui::Button("Zoom out (-)", size)) actions.zoomSteps -= camera.buttonZoomSteps;
  if (stateButton(camera.leftDragPans ? "Pan: on###pan" : "Pan: off###pan", camera.leftDragPans,
                  size.x, size.y))
    camera.leftDragPans = !camera.leftDragPans;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("When on, a one-finger or left drag moves the model instead of turning it.");
  ImGui::SameLine();
  if (ImGui::Button("Frame all (F)", size)) actions.frameAll = true;
  if (ImGui::Button("Reset (R)", ImVec2(-1.f, touchButtonHeight()))) actions.reset = true;
  ImGui::Separator();
  savedViewsSection(ui.savedViews, model.loaded ? model.path : "", actions.goToPose,
                    actions.savedViewEdit);
}

void modelPage(const ModelSummary& model, UiState& ui) {
  if (model.loaded) {
    const auto name = std::filesystem::path(model.path).filename().string();
    ImGui::TextWrapped("%s", name.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", model.path.c_str());
    ImGui::Text("%zu triangles", model.triangles);
  } else {
    ImGui::TextDisabled("No model loaded.");
  }
  openButton(model, ui);
  if (model.loaded && !model.warnings.empty()) {
    ImGui::TextColored(kWarningColor, "%zu import warning%s", model.warnings.size(),
                       model.warnings.size() == 1 ? "" : "s");
    ImGui::PushStyleColor(ImGuiCol_Text, kWarningColor);
    for (const auto& w : model.warnings) ImGui::TextWrapped("- %s", w.c_str());
    ImGui::PopStyleColor();
  }
}

void sidePanel(const std::vector<LayerInfo>& layers, const ModelSummary& model,
               AppSettings& settings, UiState& ui, StoryPlayer& player, float uiScale,
               PanelActions& actions) {
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

    // Pages rather than stacked sections: the layer list alone fills a 1280x800 screen.
    const float fifth = columnWidth(5);
    const std::pair<PanelPage, const char*> pages[] = {{PanelPage::Layers, "Layers"},
                                                       {PanelPage::View, "View"},
                                                       {PanelPage::Story, "Story"},
                                                       {PanelPage::Case, "Case"},
                                                       {PanelPage::Model, "Model"}};
    for (const auto& [page, label] : pages) {
      if (page != PanelPage::Layers) ImGui::SameLine();
      if (stateButton(label, settings.ui.page == page, fifth, touchButtonHeight()))
        settings.ui.page = page;
    }
    ImGui::Separator();
    switch (settings.ui.page) {
      case PanelPage::Layers:
        layersPage(layers, model, settings.layers, ui, player.active());
        break;
      case PanelPage::View: viewPage(settings.camera, model, ui, actions); break;
      case PanelPage::Story: storyPage(player, ui.story, actions.story); break;
      case PanelPage::Case: casePage(ui.caseUi, actions.caseActions); break;
      case PanelPage::Model: modelPage(model, ui); break;
    }
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
  const float font = ImGui::GetFontSize();
  placeNextWindowCentred(font * 40.f);
  if (ImGui::Begin("Controls", &settings.ui.showHelp,
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
    // The table's height, measured with the same wrap widths, decides whether it must scroll
    // to keep the Close button on screen.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    const float first = std::floor(width * 0.42f);
    const float second = width - first - 2.f * style.CellPadding.x * 2.f - 1.f;
    float height = 0.f;
    for (const auto& [control, effect] : controlsHelp())
      height += std::max(ImGui::CalcTextSize(control, nullptr, false, first).y,
                         ImGui::CalcTextSize(effect, nullptr, false, second).y) +
                2.f * style.CellPadding.y;
    const float footer = touchButtonHeight() + style.ItemSpacing.y;
    const float room = ImGui::GetMainViewport()->WorkSize.y - ImGui::GetCursorPosY() - footer -
                       2.f * style.WindowPadding.y;
    const bool scroll = height + 2.f > room;
    if (scroll) ImGui::BeginChild("help", ImVec2(0.f, std::max(room, font * 3.f)));
    if (ImGui::BeginTable("controls", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableSetupColumn("control", ImGuiTableColumnFlags_WidthFixed, first);
      ImGui::TableSetupColumn("effect", ImGuiTableColumnFlags_WidthStretch);
      for (const auto& [control, effect] : controlsHelp()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", control);
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", effect);
      }
      ImGui::EndTable();
    }
    if (scroll) ImGui::EndChild();
    if (wideButton("Close")) settings.ui.showHelp = false;
  }
  ImGui::End();
}

void aboutPopup(AppSettings& settings, bool dismiss) {
  if (settings.ui.showAbout && !ImGui::IsPopupOpen(kAboutPopup)) ImGui::OpenPopup(kAboutPopup);
  placeNextWindowCentred(ImGui::GetFontSize() * 30.f);
  if (ImGui::BeginPopupModal(kAboutPopup, nullptr,
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) {
    scrollingWrappedText(
        "about",
        "SpineView is a teaching tool. It shows a simplified 3D model of the lower (lumbar) "
        "spine to help explain its parts, disc problems and ways they can be treated.\n\n"
        "It is not medical advice. It does not diagnose any condition or recommend any "
        "treatment, and the model is not an image of any person. Please talk with a qualified "
        "clinician about your own health and your options.",
        touchButtonHeight() + ImGui::GetStyle().ItemSpacing.y);
    if (wideButton("Close") || dismiss) {
      settings.ui.showAbout = false;
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

void noticePopup(UiState& ui) {
  if (ui.notices.empty()) return;
  if (!ImGui::IsPopupOpen(kNoticePopup)) ImGui::OpenPopup(kNoticePopup);
  placeNextWindowCentred(ImGui::GetFontSize() * 32.f);
  if (ImGui::BeginPopupModal(kNoticePopup, nullptr,
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) {
    const Notice& n = ui.notices.front();
    ImGui::TextUnformatted(n.title.c_str());
    ImGui::Separator();
    // A loader's message can be long; it scrolls so that OK stays on screen.
    scrollingWrappedText("message", n.message,
                         touchButtonHeight() + ImGui::GetStyle().ItemSpacing.y);
    if (wideButton("OK") || ui.dismissRequested) {
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

const std::vector<ViewButton>& viewButtons() {
  static const std::vector<ViewButton> buttons = [] {
    const std::pair<const char*, const char*> labels[] = {
        {"anterior", "Anterior"},
        {"posterior", "Posterior"},
        {"left", "Left lateral"},
        {"right", "Right lateral"},
        {"oblique", "Oblique (left posterolateral)"},
        {"axial", "Axial (superior)"},
    };
    std::vector<ViewButton> list;
    for (const auto& view : namedViews()) {
      if (view.name == "lateral") continue;  // = "left", kept for the command line
      std::string label = capitalized(view.name);
      for (const auto& [name, text] : labels)
        if (view.name == name) label = text;
      list.push_back({label, view});
    }
    return list;
  }();
  return buttons;
}

const std::vector<std::pair<const char*, const char*>>& controlsHelp() {
  static const std::vector<std::pair<const char*, const char*>> lines = {
      {"Drag with one finger, or left drag", "Turn the model"},
      {"View > Pan on, then drag", "Move the model (touch)"},
      {"Right or middle drag, Shift + left drag", "Move the model"},
      {"View > Zoom in / Zoom out, scroll wheel, + and -", "Zoom"},
      {"View > Frame all, double-tap, double-click, F", "Show the whole model"},
      {"View buttons, keys 1 to 6",
       "Anterior, posterior, left lateral, right lateral, oblique (left posterolateral), "
       "axial (from above)"},
      {"Arrow keys", "Turn the model"},
      {"View > Reset, R", "Back to the first view"},
      {"View > Save current view", "Keep this view by name; tap its name later to return"},
      {"Layers page", "Show, hide or fade each part; procedure parts are listed last"},
      {"Story page", "Play a procedure, or fibrin sealing and fusion side by side"},
      {"Space, Play / Pause", "Play or pause the story (turn the model at any time)"},
      {"[ and ], Page Up and Page Down, |< and >|", "Previous or next chapter"},
      {"Home", "Back to the start of the story"},
      {"< and >, speed buttons", "Play slower or faster"},
      {"Drag along the story bar", "Go to any moment; ticks mark the chapters"},
      {"Story > Record, or Rec on the toolbar",
       "Record what you do as a new story; Caption here and Chapter here add text; Stop saves"},
      {"Story > Turntable", "A new story of one slow turn around the model"},
      {"Story > Export video...", "Save a story as a video or as PNG frames"},
      {"Model > Open, O, or drop a file on the window", "Open a model (.gltf or .glb)"},
      {"Close, OK, Escape", "Close this window or a message"},
  };
  return lines;
}

PanelActions drawPanels(const std::vector<LayerInfo>& layers, const ModelSummary& model,
                        AppSettings& settings, UiState& ui, StoryPlayer& player, float uiScale) {
  PanelActions actions;
  if (settings.ui.showSidePanel) sidePanel(layers, model, settings, ui, player, uiScale, actions);
  else panelToggle(settings);
  helpWindow(settings);
  // Modals at the top level, one at a time: the file dialog, the export dialog, then notices,
  // then About.
  const bool dialogWasOpen = ui.fileDialog.isOpen();
  if (auto chosen = ui.fileDialog.draw(ui.dismissRequested)) actions.openFile = *chosen;
  if (dialogWasOpen) ui.dismissRequested = false;
  if (actions.story.exportVideo && model.loaded) ui.exportDialog.open(player, model.path);
  if (!ui.fileDialog.isOpen()) {
    const bool exportWasOpen = ui.exportDialog.isOpen();
    if (auto ended = ui.exportDialog.draw(ui.dismissRequested)) ui.notices.push_back({"Export video", *ended});
    if (exportWasOpen) ui.dismissRequested = false;
  }
  const bool dialogOpen = ui.fileDialog.isOpen() || ui.exportDialog.isOpen();
  if (!dialogOpen && ui.caseUi.editPin >= 0) {
    pinTextWindow(ui.caseUi, actions.caseActions, ui.dismissRequested);
    ui.dismissRequested = false;
  }
  if (!dialogOpen && ui.story.record.asking != RecordUi::Asking::None) {
    recordTextWindow(ui.story.record, actions.story.record, ui.dismissRequested);
    ui.dismissRequested = false;
  }
  if (!dialogOpen) noticePopup(ui);
  if (!dialogOpen && ui.notices.empty()) aboutPopup(settings, ui.dismissRequested);
  if (!dialogOpen && ui.notices.empty() && !settings.ui.showAbout)
    drawStoryCards(player, ui.story, ui.dismissRequested);
  ui.dismissRequested = false;
  return actions;
}

}  // namespace spineview::app
