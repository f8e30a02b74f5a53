#include "app/case_panel.h"

#include <imgui.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "app/ui_widgets.h"
#include "case/case_notes.h"

namespace spineview::app {

namespace {

namespace fs = std::filesystem;
using spinegen::Leak;
using spinegen::TearType;

constexpr const char* kSaveAsPopup = "Save the case as###case save as";

void dimText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// A row of equal touch buttons, one per word; true when another one was tapped.
template <typename T>
bool choiceRow(const char* id, const std::vector<std::pair<T, const char*>>& choices, T& value) {
  bool changed = false;
  ImGui::PushID(id);
  const float width = columnWidth(int(choices.size()));
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    if (stateButton(choices[i].second, value == choices[i].first, width, touchButtonHeight()) &&
        !(value == choices[i].first)) {
      value = choices[i].first;
      changed = true;
    }
  }
  ImGui::PopID();
  return changed;
}

void copyPath(char* into, size_t size, const std::string& path) {
  std::strncpy(into, path.c_str(), size - 1);
  into[size - 1] = '\0';
}

bool anatomyControls(spinegen::Options& o) {
  bool changed = false;
  ImGui::TextUnformatted("Treated level");
  changed |= choiceRow<std::string>("level", {{"L3-L4", "L3-L4"}, {"L4-L5", "L4-L5"}, {"L5-S1", "L5-S1"}}, o.level);

  ImGui::Spacing();
  ImGui::TextUnformatted("Tear");
  changed |= choiceRow<TearType>(
      "tear", {{TearType::Radial, "Radial"}, {TearType::Circumferential, "Around"}, {TearType::Rim, "Rim"}}, o.tear);
  ImGui::TextUnformatted("How deep (modified Dallas grade)");
  changed |= choiceRow<int>("grade", {{0, "0"}, {1, "1"}, {2, "2"}, {3, "3"}, {4, "4"}, {5, "5"}}, o.grade);
  ImGui::SetNextItemWidth(-1.f);
  float clock = o.clockHours;
  if (ImGui::SliderFloat("##clock", &clock, 0.f, 12.f, "at %.1f o'clock")) {
    // Half hours: finer than an MRI report gives, and each step shows as a change.
    clock = std::round(clock * 2.f) / 2.f;
    if (clock != o.clockHours) {
      o.clockHours = clock;
      changed = true;
    }
  }
  dimText("Seen from above: 12 is the front, 3 the patient's right, 6 the back, 9 the left.");
  changed |= ImGui::Checkbox("High-intensity zone on MRI", &o.hiz);

  ImGui::Spacing();
  ImGui::TextUnformatted("Leaked disc material");
  changed |= choiceRow<Leak>("leak", {{Leak::None, "None"}, {Leak::Bulge, "Bulge"}, {Leak::Central, "Central"}}, o.leak);
  changed |= choiceRow<Leak>("leak2", {{Leak::Paracentral, "Paracentral"}, {Leak::Foraminal, "Foraminal"}}, o.leak);
  const bool sided = o.leak == Leak::Paracentral || o.leak == Leak::Foraminal;
  const bool sized = o.leak != Leak::None;
  if (!sided) ImGui::BeginDisabled();
  changed |= choiceRow<int>("side", {{0, "Left"}, {1, "Right"}}, o.leakSide);
  if (!sided) ImGui::EndDisabled();
  if (!sized) ImGui::BeginDisabled();
  ImGui::SetNextItemWidth(-1.f);
  float size = o.leakSizeMm;
  if (ImGui::SliderFloat("##leak size", &size, spinegen::kLeakSizeMinMm, spinegen::kLeakSizeMaxMm, "size %.1f mm")) {
    size = std::round(size * 2.f) / 2.f;
    if (size != o.leakSizeMm) {
      o.leakSizeMm = size;
      changed = true;
    }
  }
  if (!sized) ImGui::EndDisabled();
  return changed;
}

// The pins (their texts, each removable) and the ink: what the toolbar's Pin and Ink add.
void notesControls(CaseUi& ui, CaseActions& actions) {
  Notes& notes = ui.edited.notes;
  ImGui::TextUnformatted("Pins and ink");
  if (notes.empty()) dimText("None yet: Pin or Ink on the toolbar, then tap or drag on the model.");
  else ImGui::Checkbox("Show them", &ui.showNotes);
  int removed = -1;
  for (size_t i = 0; i < notes.pins.size(); ++i) {
    ImGui::PushID(int(i));
    ImGui::Text("%zu.", i + 1);
    ImGui::SameLine();
    char text[kMaxPinTextBytes + 1];
    copyPath(text, sizeof text, notes.pins[i].text);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Remove").x -
                            3.f * ImGui::GetStyle().FramePadding.x);
    if (ImGui::InputTextWithHint("##pin text", "a short note", text, sizeof text)) {
      bool printable = true;
      for (const char* c = text; *c; ++c) printable = printable && static_cast<unsigned char>(*c) >= 0x20;
      if (printable) {
        notes.pins[i].text = text;
        actions.notesChanged = true;
      }
    }
    ImGui::SameLine();
    if (ImGui::Button("Remove")) removed = int(i);
    ImGui::PopID();
  }
  if (removed >= 0) {
    notes.pins.erase(notes.pins.begin() + removed);
    actions.notesChanged = true;
  }
  if (!notes.strokes.empty()) ImGui::Text("%zu ink stroke%s", notes.strokes.size(), notes.strokes.size() == 1 ? "" : "s");
  if (notes.empty()) return;
  const float half = columnWidth(2);
  if (ImGui::Button("Undo", ImVec2(half, touchButtonHeight()))) actions.undoNote = true;
  ImGui::SameLine();
  if (ImGui::Button("Remove all", ImVec2(half, touchButtonHeight()))) {
    notes = Notes{};
    actions.notesChanged = true;
  }
}

void fileControls(CaseUi& ui, CaseActions& actions) {
  ImGui::TextUnformatted("Case file");
  ImGui::SetNextItemWidth(-1.f);
  ImGui::InputText("##case path", ui.path, sizeof ui.path);
  const float third = columnWidth(4);
  if (ImGui::Button("New", ImVec2(third, touchButtonHeight()))) actions.newCase = true;
  ImGui::SameLine();
  if (ImGui::Button("Open", ImVec2(third, touchButtonHeight())) && *ui.path) actions.open = ui.path;
  ImGui::SameLine();
  if (ImGui::Button("Save", ImVec2(third, touchButtonHeight())) && *ui.path) actions.save = ui.path;
  ImGui::SameLine();
  char* saveAs = ui.saveAsPath;
  const size_t saveAsSize = sizeof ui.saveAsPath;
  if (ImGui::Button("Save as", ImVec2(third, touchButtonHeight()))) {
    copyPath(saveAs, saveAsSize, *ui.path ? ui.path : defaultCasePath());
    ImGui::OpenPopup(kSaveAsPopup);
  }
  placeNextWindowCentred(ImGui::GetFontSize() * 32.f);
  if (ImGui::BeginPopupModal(kSaveAsPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted("Where to save this case (a .json file):");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30.f);
    ImGui::InputText("##save as path", saveAs, saveAsSize);
    const float half = columnWidth(2);
    if (ImGui::Button("Save", ImVec2(half, touchButtonHeight())) && *saveAs) {
      copyPath(ui.path, sizeof ui.path, saveAs);
      actions.save = saveAs;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(half, touchButtonHeight()))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  if (!ui.recent.empty()) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Recent cases");
    for (size_t i = 0; i < ui.recent.size(); ++i) {
      ImGui::PushID(int(i));
      const std::string name = ui.recent[i].filename().string();
      if (ImGui::Button(name.c_str(), ImVec2(-1.f, 0.f))) {
        copyPath(ui.path, sizeof ui.path, ui.recent[i].string());
        actions.open = ui.recent[i].string();
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui.recent[i].string().c_str());
      ImGui::PopID();
    }
  }
}

}  // namespace

void pinTextWindow(CaseUi& ui, CaseActions& actions, bool dismiss) {
  Notes& notes = ui.edited.notes;
  if (ui.editPin < 0 || size_t(ui.editPin) >= notes.pins.size()) {
    ui.editPin = -1;
    return;
  }
  const std::string title = "Pin " + std::to_string(ui.editPin + 1) + "###pin text";
  if (!ImGui::IsPopupOpen("###pin text")) ImGui::OpenPopup(title.c_str());
  placeNextWindowCentred(ImGui::GetFontSize() * 24.f);
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  Pin& pin = notes.pins[size_t(ui.editPin)];
  ImGui::TextUnformatted("A short note on this pin (shown beside it; no names):");
  char text[kMaxPinTextBytes + 1];
  copyPath(text, sizeof text, pin.text);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22.f);
  const bool entered = ImGui::InputText("##pin note", text, sizeof text, ImGuiInputTextFlags_EnterReturnsTrue);
  bool printable = true;
  for (const char* c = text; *c; ++c) printable = printable && static_cast<unsigned char>(*c) >= 0x20;
  if (printable && pin.text != text) {
    pin.text = text;
    actions.notesChanged = true;
  }
  const float half = columnWidth(2);
  bool close = entered || dismiss;
  if (ImGui::Button("Done", ImVec2(half, touchButtonHeight()))) close = true;
  ImGui::SameLine();
  if (ImGui::Button("Remove pin", ImVec2(half, touchButtonHeight()))) {
    notes.pins.erase(notes.pins.begin() + ui.editPin);
    actions.notesChanged = true;
    close = true;
  }
  if (close) {
    ui.editPin = -1;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

std::string defaultCasePath() {
  const char* home = std::getenv("HOME");
  const fs::path base = home && *home ? fs::path(home) : fs::current_path();
  std::error_code ec;
  const fs::path docs = base / "Documents";
  return ((fs::is_directory(docs, ec) ? docs : base) / "SpineView cases" / "case.json").string();
}

void casePage(CaseUi& ui, CaseActions& actions) {
  if (!ui.available) {
    dimText("A case sets the treated level, the tear and any leaked material on SpineView's own "
            "model. This model was not made by SpineView, so it has no case.");
    return;
  }
  ImGui::TextUnformatted("Label (never a name)");
  char label[kMaxCaseLabelBytes + 1];
  copyPath(label, sizeof label, ui.edited.label);
  ImGui::SetNextItemWidth(-1.f);
  if (ImGui::InputText("##case label", label, sizeof label) && caseLabelProblem(label).empty())
    ui.edited.label = label;
  // The summary and the status keep a fixed height, so that no control moves under a finger
  // when the sentence grows or shrinks.
  const float lines = ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("##case summary", ImVec2(0.f, lines * 7.5f), false);
  ImGui::TextWrapped("%s", caseSummary(ui.edited).c_str());
  ImGui::Spacing();
  if (ui.building) dimText("Rebuilding the model for this case; the previous one stays until it is ready.");
  else if (!ui.status.empty()) {
    if (ui.statusIsError) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.55f, 0.45f, 1.f));
    else ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", ui.status.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::EndChild();
  ImGui::Separator();
  actions.changed = anatomyControls(ui.edited.anatomy);
  ImGui::Separator();
  fileControls(ui, actions);  // before the notes, whose list grows: the buttons stay put
  ImGui::Separator();
  notesControls(ui, actions);
}

}  // namespace spineview::app
