#include "app/inside_panel.h"

#include <imgui.h>

#include <algorithm>
#include <tuple>

#include "app/ui_widgets.h"

namespace spineview::app {

const char* cutModeLabel(CutMode mode) {
  switch (mode) {
    case CutMode::Off: return "Off";
    case CutMode::Axial: return "Axial";
    case CutMode::Sagittal: return "Sagittal";
    case CutMode::Coronal: return "Coronal";
    case CutMode::Free: return "Free";
  }
  return "Off";
}

SceneOverlayActions drawSceneToolbar(AppSettings& settings, const std::vector<LayerInfo>& layers,
                                     float sceneWidth, bool recording) {
  SceneOverlayActions actions;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + pad, vp->WorkPos.y + pad));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0.f, 0.f), ImVec2(std::max(sceneWidth - 2.f * pad, 1.f), vp->WorkSize.y));
  ImGui::SetNextWindowBgAlpha(0.6f);
  const float h = touchButtonHeight();
  if (ImGui::Begin("##scene toolbar", nullptr, overlayWindowFlags())) {
    InsideSettings& inside = settings.inside;
    const bool xray = layerPresetActive(LayerPreset::Xray, settings.layers, layers);
    if (stateButton("X-ray", xray, 0.f, h))
      applyLayerPreset(xray ? LayerPreset::Solid : LayerPreset::Xray, settings.layers, layers);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Bone 30%%, annulus 50%%: see the disc inside");
    ImGui::SameLine();
    if (stateButton("Labels", inside.labels, 0.f, h)) inside.labels = !inside.labels;
    ImGui::SameLine();
    // Cut: one tap cycles Off -> Axial -> Sagittal -> Coronal -> Free -> Off.
    const std::string cutLabel = std::string("Cut: ") + cutModeLabel(inside.cut.mode) + "###cut";
    if (stateButton(cutLabel.c_str(), inside.cut.mode != CutMode::Off, 0.f, h)) {
      inside.cut.mode = static_cast<CutMode>((static_cast<int>(inside.cut.mode) + 1) % 5);
      inside.cut.offsetMm = 0.f;
      inside.cut.flipped = false;
      actions.cutChanged = true;
      actions.freeCutFromView = inside.cut.mode == CutMode::Free;
      if (inside.cut.mode == CutMode::Off) inside.dragMovesCut = false;
    }
    ImGui::SameLine();
    if (ImGui::Button(" + ", ImVec2(0.f, h))) actions.zoomSteps += settings.camera.buttonZoomSteps;
    ImGui::SameLine();
    if (ImGui::Button(" - ", ImVec2(0.f, h))) actions.zoomSteps -= settings.camera.buttonZoomSteps;
    ImGui::SameLine();
    if (stateButton("Pan", settings.camera.leftDragPans, 0.f, h))
      settings.camera.leftDragPans = !settings.camera.leftDragPans;
    ImGui::SameLine();
    if (ImGui::Button("Frame", ImVec2(0.f, h))) actions.frameAll = true;
    // The case's notes: a tap places a pin, a drag draws ink on the surface (the Case page
    // lists, edits and removes them).
    for (const auto& [tool, label, tip] :
         {std::tuple{NoteTool::Pin, "Pin", "Tap a structure to pin a note to it"},
          std::tuple{NoteTool::Ink, "Ink", "Drag over the model to draw on its surface"}}) {
      ImGui::SameLine();
      if (stateButton(label, inside.noteTool == tool, 0.f, h))
        inside.noteTool = inside.noteTool == tool ? NoteTool::None : tool;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    }
    ImGui::SameLine();
    if (stateButton("Rec", recording, 0.f, h)) actions.toggleRecording = true;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(recording ? "Stop recording and save the walkthrough as a story"
                                  : "Record a walkthrough: camera, layers, x-ray and cuts");

    if (inside.cut.mode != CutMode::Off) {
      // Second row: where the plane is. A finger can drag the slider or the view itself.
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.f);
      if (ImGui::SliderFloat("##offset", &inside.cut.offsetMm, -40.f, 40.f, "%.1f mm"))
        actions.cutChanged = true;
      ImGui::SameLine();
      if (ImGui::Button("Centre", ImVec2(0.f, h))) {
        inside.cut.offsetMm = 0.f;
        actions.cutChanged = true;
      }
      ImGui::SameLine();
      if (ImGui::Button("Flip side", ImVec2(0.f, h))) {
        inside.cut.flipped = !inside.cut.flipped;
        actions.cutChanged = true;
      }
      ImGui::SameLine();
      if (stateButton("Drag moves cut", inside.dragMovesCut, 0.f, h))
        inside.dragMovesCut = !inside.dragMovesCut;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Or hold Ctrl and drag");
    }
    actions.toolbarBottom = ImGui::GetWindowPos().y + ImGui::GetWindowSize().y - vp->WorkPos.y;
  }
  ImGui::End();
  return actions;
}

void drawInfoCard(const InfoCard& card, float left, float width, float bottom,
                  SceneOverlayActions& actions) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float cardWidth = std::min(ImGui::GetFontSize() * 24.f, width - 2.f * pad);
  if (cardWidth <= 0.f) return;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + left + pad, vp->WorkPos.y + bottom - pad),
                          ImGuiCond_Always, ImVec2(0.f, 1.f));
  ImGui::SetNextWindowSize(ImVec2(cardWidth, 0.f));
  ImGui::SetNextWindowBgAlpha(0.85f);
  // A hovered card lets the mouse through: over the model (above a story's captions) it would
  // otherwise take the pointer from the structure it describes, and vanish.
  const int flags = (overlayWindowFlags() & ~ImGuiWindowFlags_AlwaysAutoResize) |
                    (card.pinned ? 0 : ImGuiWindowFlags_NoInputs);
  if (ImGui::Begin("##info card", nullptr, flags)) {
    ImGui::SetWindowFontScale(1.25f);
    ImGui::TextWrapped("%s", card.title.c_str());
    ImGui::SetWindowFontScale(1.f);
    ImGui::Separator();
    if (!card.description.empty()) ImGui::TextWrapped("%s", card.description.c_str());
    if (!card.clinical.empty()) {
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextUnformatted("Clinical");
      ImGui::PopStyleColor();
      ImGui::TextWrapped("%s", card.clinical.c_str());
    }
    if (card.description.empty() && card.clinical.empty())
      ImGui::TextWrapped("This model has no description for this part.");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Educational use only. Not medical advice.");
    ImGui::PopStyleColor();
    if (card.pinned && ImGui::Button("Close", ImVec2(-1.f, touchButtonHeight())))
      actions.closeInfoCard = true;
    actions.cardTop = ImGui::GetWindowPos().y - vp->WorkPos.y;
  }
  ImGui::End();
}

}  // namespace spineview::app
