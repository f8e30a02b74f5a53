#include "app/record_panel.h"

#include <imgui.h>

#include <array>
#include <cstdio>

#include "app/story_panel.h"
#include "app/ui_widgets.h"

namespace spineview::app {
namespace {

constexpr std::array<int, 3> kTurntableSeconds{10, 20, 40};
const ImVec4 kRecordRed{0.92f, 0.25f, 0.22f, 1.f};

void ask(RecordUi& ui, RecordUi::Asking what) {
  ui.asking = what;
  ui.askedAt = ui.elapsed;  // the caption belongs to the moment the button was pressed
  ui.text[0] = '\0';
}

// The buttons a recording offers, in the bar (one row) and on the page (Stop below).
void recordingButtons(RecordUi& ui, RecordActions& actions, float width, bool oneRow) {
  const float h = touchButtonHeight();
  if (ImGui::Button("Caption here", ImVec2(width, h))) ask(ui, RecordUi::Asking::Caption);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a caption at this moment of the recording");
  ImGui::SameLine();
  if (ImGui::Button("Chapter here", ImVec2(width, h))) ask(ui, RecordUi::Asking::Chapter);
  if (oneRow) ImGui::SameLine();
  if (ImGui::Button("Stop", ImVec2(oneRow ? width : -1.f, h))) actions.stop = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stop and save it as a story");
}

std::string recordingReadout(const RecordUi& ui) { return "REC  " + clockText(ui.elapsed); }

}  // namespace

void recordSection(RecordUi& ui, RecordActions& actions, bool storyOpen) {
  ImGui::Separator();
  ImGui::TextDisabled("Record a walkthrough");
  const float h = touchButtonHeight();
  if (ui.recording) {
    ImGui::TextColored(kRecordRed, "%s", recordingReadout(ui).c_str());
    ImGui::TextWrapped("Turn the model, change layers, x-ray and cuts: all of it is recorded.");
    recordingButtons(ui, actions, columnWidth(2), false);
    if (ImGui::Button("Discard the recording", ImVec2(-1.f, h))) actions.discard = true;
    return;
  }
  if (ui.unsaved) {
    ImGui::TextWrapped("The last recording is not saved yet.");
    const float half = columnWidth(2);
    if (ImGui::Button("Save again", ImVec2(half, h))) actions.saveAgain = true;
    ImGui::SameLine();
    if (ImGui::Button("Discard it", ImVec2(half, h))) actions.discard = true;
    return;
  }
  if (storyOpen) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Close the story to record or to start a turntable.");
    ImGui::PopStyleColor();
    return;
  }
  ImGui::SetNextItemWidth(-1.f);
  ImGui::InputTextWithHint("##record title", "Title", ui.title, sizeof ui.title);
  if (ImGui::Button("Record", ImVec2(-1.f, h))) actions.start = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Records the camera, layers, x-ray and cuts into a new story");
  ImGui::TextDisabled("Turntable: one slow turn around the model");
  const float third = columnWidth(3);
  for (size_t i = 0; i < kTurntableSeconds.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    char label[48];
    std::snprintf(label, sizeof label, "%d s", kTurntableSeconds[i]);
    if (ImGui::Button(label, ImVec2(third, h))) actions.turntable = kTurntableSeconds[i];
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Plays it now; it is saved as a story to export as a video");
  }
}

void drawRecordBar(RecordUi& ui, RecordActions& actions, float sceneWidth) {
  if (!ui.recording) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + sceneWidth - pad, vp->WorkPos.y + pad),
                          ImGuiCond_Always, ImVec2(1.f, 0.f));
  ImGui::SetNextWindowBgAlpha(0.75f);
  if (ImGui::Begin("##record bar", nullptr, overlayWindowFlags())) {
    ImGui::TextColored(kRecordRed, "%s", recordingReadout(ui).c_str());
    const float width = ImGui::CalcTextSize("Chapter here").x + 2.f * ImGui::GetStyle().FramePadding.x;
    recordingButtons(ui, actions, width, true);
  }
  ImGui::End();
}

void recordTextWindow(RecordUi& ui, RecordActions& actions, bool dismiss) {
  if (ui.asking == RecordUi::Asking::None) return;
  const bool caption = ui.asking == RecordUi::Asking::Caption;
  const std::string title = std::string(caption ? "Caption at " : "Chapter at ") +
                            clockText(ui.askedAt) + "###record text";
  if (!ImGui::IsPopupOpen("###record text")) ImGui::OpenPopup(title.c_str());
  placeNextWindowCentred(ImGui::GetFontSize() * 26.f);
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::TextUnformatted(caption ? "What the caption says from this moment on:"
                                 : "The chapter's title:");
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24.f);
  const bool entered =
      ImGui::InputText("##record words", ui.text, sizeof ui.text, ImGuiInputTextFlags_EnterReturnsTrue);
  const float half = columnWidth(2);
  bool add = entered, close = dismiss;
  if (ImGui::Button("Add", ImVec2(half, touchButtonHeight()))) add = true;
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(half, touchButtonHeight()))) close = true;
  if (add && ui.text[0]) {
    (caption ? actions.caption : actions.chapter) = std::pair{ui.askedAt, std::string(ui.text)};
    close = true;
  }
  if (close) {
    ui.asking = RecordUi::Asking::None;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace spineview::app
