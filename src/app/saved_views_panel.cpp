// Sizes follow the panels' touch style: every tap target is touchButtonHeight() tall, and a
// destructive tap (Delete, Replace) always asks first, inline, so no modal stacks on a notice.
#include "app/saved_views_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "app/ui_widgets.h"

namespace spineview::app {

namespace {

template <std::size_t N>
void copyName(std::array<char, N>& to, const std::string& from) {
  const std::size_t n = std::min(from.size(), N - 1);
  std::memcpy(to.data(), from.data(), n);
  to[n] = '\0';
}

ImVec2 halfSize() {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  return ImVec2((ImGui::GetContentRegionAvail().x - spacing) * 0.5f, touchButtonHeight());
}

// A text field as tall as the buttons, so it is as easy to tap. A tap selects the whole
// name, so typing replaces the offered default (no Ctrl+A on a tablet).
bool touchNameField(const char* id, char* buffer, std::size_t size) {
  const float padY = std::max(0.f, (touchButtonHeight() - ImGui::GetFontSize()) * 0.5f);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, padY));
  ImGui::SetNextItemWidth(-1.f);
  const bool changed = ImGui::InputTextWithHint(id, "Name of the view", buffer, size,
                                                ImGuiInputTextFlags_AutoSelectAll);
  ImGui::PopStyleVar();
  return changed;
}

// The user's text as a label: "##" would end it early in ImGui, so it is split up.
std::string buttonText(const std::string& name) {
  std::string text = name;
  for (auto at = text.find("##"); at != std::string::npos; at = text.find("##", at + 2))
    text.insert(at + 1, " ");
  return text;
}

void saveControls(SavedViewsUi& ui, std::optional<SavedViewEdit>& edit) {
  if (!ui.confirmReplace.empty()) {
    ImGui::TextWrapped("A view named \"%s\" is already saved. Replace it with this view?",
                       ui.confirmReplace.c_str());
    const ImVec2 half = halfSize();  // measured before SameLine shrinks the room
    if (ImGui::Button("Replace", half)) {
      edit = SavedViewEdit{SavedViewEdit::Kind::Save, ui.confirmReplace, "", true};
      ui.confirmReplace.clear();
      ui.saveNameTyped = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel##replace", half)) ui.confirmReplace.clear();
    return;
  }
  if (!ui.saveNameTyped) copyName(ui.saveName, ui.views.defaultName());
  if (touchNameField("##save name", ui.saveName.data(), ui.saveName.size()))
    ui.saveNameTyped = true;
  const auto name = cleanViewName(ui.saveName.data());
  ImGui::BeginDisabled(!name);  // a blank name: nothing to save under
  if (wideButton("Save current view") && name) {
    if (ui.views.find(name.value())) {
      ui.confirmReplace = name.value();
    } else {
      edit = SavedViewEdit{SavedViewEdit::Kind::Save, name.value(), "", false};
      ui.saveNameTyped = false;  // the field offers the next default name
    }
  }
  ImGui::EndDisabled();
}

// The open row under a view: a name field with Rename and Delete, or the Delete question.
void editControls(SavedViewsUi& ui, const SavedView& view, std::optional<SavedViewEdit>& edit) {
  if (ui.confirmDelete) {
    ImGui::TextWrapped("Delete the view \"%s\"? This cannot be undone.", view.name.c_str());
    const ImVec2 half = halfSize();
    if (ImGui::Button("Delete", half)) {
      edit = SavedViewEdit{SavedViewEdit::Kind::Delete, view.name, "", false};
      ui.editing.clear();
    }
    ImGui::SameLine();
    if (ImGui::Button("Keep", half)) ui.confirmDelete = false;
    return;
  }
  touchNameField("##new name", ui.newName.data(), ui.newName.size());
  const ImVec2 half = halfSize();
  if (ImGui::Button("Rename", half)) {
    edit = SavedViewEdit{SavedViewEdit::Kind::Rename, view.name, ui.newName.data(), false};
    ui.editing.clear();
  }
  ImGui::SameLine();
  if (ImGui::Button("Delete...", half)) ui.confirmDelete = true;
}

void viewRow(SavedViewsUi& ui, const SavedView& view, bool otherModel,
             std::optional<CameraPose>& goTo, std::optional<SavedViewEdit>& edit) {
  ImGui::PushID(view.name.c_str());
  const ImGuiStyle& style = ImGui::GetStyle();
  const float editWidth =
      std::max(touchButtonHeight(), ImGui::CalcTextSize("Edit").x + 2.f * style.FramePadding.x);
  const float goWidth = ImGui::GetContentRegionAvail().x - editWidth - style.ItemSpacing.x;
  std::string label = buttonText(view.name);
  if (otherModel) label += "  (" + (view.model.empty() ? "no model" : buttonText(view.model)) + ")";
  // Names read as a list: left-aligned, like the layer names.
  ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, ImVec2(0.f, 0.5f));
  if (otherModel) ImGui::PushStyleColor(ImGuiCol_Text, style.Colors[ImGuiCol_TextDisabled]);
  if (ImGui::Button((label + "###go").c_str(), ImVec2(goWidth, touchButtonHeight())))
    goTo = view.pose;
  if (otherModel) ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        otherModel ? "%s\nSaved on %s; it may not fit this model." : "%s\nSaved on %s",
        view.name.c_str(), view.model.empty() ? "no model" : view.model.c_str());
  ImGui::SameLine();
  const bool open = ui.editing == view.name;
  if (open) ImGui::PushStyleColor(ImGuiCol_Button, style.Colors[ImGuiCol_ButtonActive]);
  const bool toggled = ImGui::Button("Edit", ImVec2(editWidth, touchButtonHeight()));
  if (open) ImGui::PopStyleColor();
  if (toggled) {
    ui.editing = open ? "" : view.name;
    ui.confirmDelete = false;
    copyName(ui.newName, view.name);
  }
  if (ui.editing == view.name) editControls(ui, view, edit);
  ImGui::PopID();
}

}  // namespace

void savedViewsSection(SavedViewsUi& ui, const std::string& modelPath,
                       std::optional<CameraPose>& goTo, std::optional<SavedViewEdit>& edit) {
  ImGui::TextDisabled("Saved views");
  saveControls(ui, edit);
  const auto& views = ui.views.views();
  if (views.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("None yet. Turn the model to a view worth keeping, then tap Save.");
    ImGui::PopStyleColor();
    return;
  }
  // This model's views first; the others are still offered, marked, after their own heading.
  const std::string model = viewModelName(modelPath);
  for (const auto& v : views)
    if (v.model == model) viewRow(ui, v, false, goTo, edit);
  const bool anyOther =
      std::any_of(views.begin(), views.end(), [&](const SavedView& v) { return v.model != model; });
  if (!anyOther) return;
  ImGui::TextDisabled("Saved on other models");
  for (const auto& v : views)
    if (v.model != model) viewRow(ui, v, true, goTo, edit);
}

}  // namespace spineview::app
