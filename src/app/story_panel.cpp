#include "app/story_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/ui_widgets.h"
#include "story/summary.h"

namespace spineview::app {

namespace {

constexpr const char* kEvidencePopup = "Evidence and sources###story evidence";
constexpr const char* kSummaryPopup = "Side by side: what is published###story summary";
constexpr const char* kNotMedicalAdvice =
    "Educational use only. Not medical advice: talk with a qualified clinician about your own "
    "health and options.";

const ImVec4 kTimeScaleColor{1.f, 0.80f, 0.40f, 1.f};

std::string fileStem(const std::string& path) {
  return std::filesystem::path(path).stem().string();
}

bool isOpen(const StoryPlayer& player, const std::string& name) {
  return player.active() && !player.split() && fileStem(player.lead().file) == name;
}

void dimText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

// A full-width button whose label wraps (story titles are sentences).
bool wrappedButton(const char* id, const std::string& text, bool on) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::GetContentRegionAvail().x;
  const float wrap = width - 2.f * style.FramePadding.x;
  const float height = std::max(touchButtonHeight(),
                                ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y +
                                    2.f * style.FramePadding.y);
  const ImVec2 start = ImGui::GetCursorPos();
  const bool pressed = stateButton(id, on, width, height);
  const ImVec2 after = ImGui::GetCursorPos();
  ImGui::SetCursorPos(ImVec2(start.x + style.FramePadding.x, start.y + style.FramePadding.y));
  ImGui::PushTextWrapPos(start.x + style.FramePadding.x + wrap);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::SetCursorPos(after);
  return pressed;
}

std::string speedText(double speed) {
  char text[16];
  std::snprintf(text, sizeof text, "%gx", speed);
  return text;
}

// The scrub bar: drag or tap anywhere on it to go to that moment; chapter starts are ticks.
void scrubBar(StoryPlayer& player, float width, float height) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##scrub", ImVec2(std::max(width, 1.f), height));
  const double duration = player.duration();
  const float knob = height * 0.28f;
  const float x0 = p0.x + knob, x1 = p0.x + std::max(width, 1.f) - knob;
  auto timeAtX = [&](float x) {
    return duration * std::clamp((x - x0) / std::max(x1 - x0, 1.f), 0.f, 1.f);
  };
  auto xAt = [&](double t) {
    return x0 + (x1 - x0) * static_cast<float>(duration > 0.0 ? t / duration : 0.0);
  };
  if (ImGui::IsItemActive()) {
    const double t = timeAtX(ImGui::GetIO().MousePos.x);
    if (std::abs(t - player.time()) > 1e-3) player.seek(t);
  }
  if (ImGui::IsItemHovered()) {
    const double t = timeAtX(ImGui::GetIO().MousePos.x);
    const Story& lead = player.lead();
    const int chapter = chapterAt(lead, t);
    ImGui::SetTooltip("%s  %s", clockText(t).c_str(),
                      lead.chapters.empty() ? "" : lead.chapters[size_t(chapter)].text.c_str());
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float y = p0.y + height * 0.5f;
  const float track = std::max(3.f, height * 0.14f);
  const ImU32 trackColor = ImGui::GetColorU32(ImGuiCol_FrameBg);
  const ImU32 playedColor = ImGui::GetColorU32(ImGuiCol_SliderGrabActive);
  const ImU32 tickColor = ImGui::GetColorU32(ImGuiCol_Text);
  draw->AddRectFilled(ImVec2(x0, y - track * 0.5f), ImVec2(x1, y + track * 0.5f), trackColor,
                      track * 0.5f);
  const float now = xAt(player.time());
  draw->AddRectFilled(ImVec2(x0, y - track * 0.5f), ImVec2(now, y + track * 0.5f), playedColor,
                      track * 0.5f);
  for (const TimedText& chapter : player.lead().chapters) {
    if (chapter.at <= 0.0) continue;
    const float x = std::round(xAt(chapter.at)) + 0.5f;
    draw->AddLine(ImVec2(x, y - height * 0.32f), ImVec2(x, y + height * 0.32f), tickColor,
                  std::max(1.f, track * 0.4f));
  }
  draw->AddCircleFilled(ImVec2(now, y), knob, playedColor);
  draw->AddCircle(ImVec2(now, y), knob, tickColor, 0, 1.5f);
}

}  // namespace

float drawCaptionBox(const Story& story, const StoryState& state, int side, int sides,
                 float paneWidth, float bottom, ImFont* captionFont) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float width = std::min(paneWidth - 2.f * pad, ImGui::GetFontSize() * 34.f);
  if (width <= 0.f) return bottom;
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + paneWidth * (static_cast<float>(side) + 0.5f),
                                 vp->WorkPos.y + bottom - pad),
                          ImGuiCond_Always, ImVec2(0.5f, 1.f));
  ImGui::SetNextWindowSize(ImVec2(width, 0.f));
  ImGui::SetNextWindowBgAlpha(0.8f);
  float top = bottom;
  const std::string id = "##story caption " + std::to_string(side);
  if (ImGui::Begin(id.c_str(), nullptr,
                   overlayWindowFlags() & ~ImGuiWindowFlags_AlwaysAutoResize)) {
    if (sides > 1) dimText(story.title);
    const int chapters = static_cast<int>(story.chapters.size());
    char heading[256];
    std::snprintf(heading, sizeof heading, "%d/%d  %s", state.chapter + 1, std::max(chapters, 1),
                  state.chapterTitle.c_str());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width * 0.62f);
    ImGui::TextUnformatted(heading);
    ImGui::PopTextWrapPos();
    if (!state.timeScale.empty()) {
      // The calendar time a compressed stretch stands for, where the eye finds it.
      if (captionFont) ImGui::PushFont(captionFont);
      const float w = ImGui::CalcTextSize(state.timeScale.c_str()).x;
      ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMax().x - w, 0.f));
      ImGui::TextColored(kTimeScaleColor, "%s", state.timeScale.c_str());
      if (captionFont) ImGui::PopFont();
    }
    ImGui::Separator();
    if (captionFont) ImGui::PushFont(captionFont);
    ImGui::TextWrapped("%s", state.caption.empty() ? " " : state.caption.c_str());
    if (captionFont) ImGui::PopFont();
    top = ImGui::GetWindowPos().y - vp->WorkPos.y;
  }
  ImGui::End();
  return top;
}

namespace {

// A card's body scrolls once it is taller than what the screen leaves for it.
bool beginCardBody(const char* id, float contentHeight) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float reserve = 2.f * touchButtonHeight() + 4.f * style.ItemSpacing.y +
                        2.f * style.WindowPadding.y + ImGui::GetCursorPosY();
  const float room = ImGui::GetMainViewport()->WorkSize.y - reserve;
  return ImGui::BeginChild(id, ImVec2(0.f, std::clamp(contentHeight, ImGui::GetFontSize() * 3.f,
                                                      std::max(room, ImGui::GetFontSize() * 3.f))));
}

// A story card is a centred modal `widthEm` font sizes wide; false while it is not drawn.
bool beginCard(const char* popup, float widthEm) {
  if (!ImGui::IsPopupOpen(popup)) ImGui::OpenPopup(popup);
  placeNextWindowCentred(ImGui::GetFontSize() * widthEm);
  return ImGui::BeginPopupModal(popup, nullptr,
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
}

// Every card ends with the notice and a Close button (or Enter/Escape), which clears `shown`.
void endCard(bool& shown, bool dismiss) {
  dimText(kNotMedicalAdvice);
  if (wideButton("Close") || dismiss) {
    shown = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void evidenceCard(const StoryPlayer& player, StoryUi& ui, bool dismiss) {
  if (!beginCard(kEvidencePopup, 38.f)) return;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float wrap = ImGui::GetContentRegionAvail().x - style.ScrollbarSize - style.IndentSpacing;
  float height = 0.f;
  for (const Story& story : player.stories()) {
    height += 2.f * ImGui::GetTextLineHeightWithSpacing();
    for (const EvidenceItem& item : story.evidence)
      height += ImGui::CalcTextSize(item.text.c_str(), nullptr, false, wrap).y +
                ImGui::CalcTextSize(item.source.c_str(), nullptr, false, wrap).y +
                3.f * style.ItemSpacing.y;
  }
  if (beginCardBody("evidence", height)) {
    for (const Story& story : player.stories()) {
      ImGui::TextWrapped("%s", story.evidenceTitle.empty() ? story.title.c_str()
                                                           : story.evidenceTitle.c_str());
      ImGui::Separator();
      ImGui::Indent();
      for (const EvidenceItem& item : story.evidence) {
        ImGui::TextWrapped("%s", item.text.c_str());
        dimText("Source: " + item.source);
        ImGui::Spacing();
      }
      ImGui::Unindent();
    }
  }
  ImGui::EndChild();
  endCard(ui.showEvidence, dismiss);
}

// The split view's card: the figures that differ, side by side, each with its source.
void summaryCard(const StoryPlayer& player, StoryUi& ui, bool dismiss) {
  if (!beginCard(kSummaryPopup, 50.f)) return;
  const auto& stories = player.stories();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float room = ImGui::GetMainViewport()->WorkSize.y - 2.f * touchButtonHeight() -
                     6.f * style.ItemSpacing.y - 2.f * style.WindowPadding.y -
                     ImGui::GetCursorPosY();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("summary", 1 + static_cast<int>(stories.size()), flags,
                        ImVec2(0.f, std::max(room, ImGui::GetFontSize() * 6.f)))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    for (const Story& story : stories)
      ImGui::TableSetupColumn(capitalized(story.name).c_str(), ImGuiTableColumnFlags_WidthStretch,
                              1.f);
    ImGui::TableHeadersRow();
    for (const SummaryRow& row : mergeSummaries(stories)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", row.measure.c_str());
      for (const SummaryItem* item : row.items) {
        ImGui::TableNextColumn();
        if (item) {
          ImGui::TextWrapped("%s", item->value.c_str());
          dimText(item->source);
        } else {
          dimText("not in this story's summary");
        }
      }
    }
    ImGui::EndTable();
  }
  endCard(ui.showSummary, dismiss);
}

}  // namespace

std::string clockText(double seconds) {
  const int whole = static_cast<int>(std::floor(std::max(seconds, 0.0)));
  char text[16];
  std::snprintf(text, sizeof text, "%d:%02d", whole / 60, whole % 60);
  return text;
}

namespace {

void storyControls(StoryPlayer& player, StoryUi& ui, StoryActions& actions) {
  if (ui.entries.empty()) {
    ImGui::TextDisabled("No stories in the stories folder.");
    return;
  }
  ImGui::TextDisabled("Play a procedure");
  auto storyButton = [&](const StoryEntry& entry) {
    const std::string text = entry.title.empty() ? entry.name + " (cannot be read)" : entry.title;
    if (wrappedButton(("##story " + entry.name).c_str(), text, isOpen(player, entry.name)))
      actions.open = entry.name;
  };
  for (const StoryEntry& entry : ui.entries)
    if (!entry.recorded) storyButton(entry);
  if (canCompare(ui.entries) &&
      wrappedButton("##split view", "Side by side: fibrin sealing | fusion", player.split()))
    actions.openSplit = true;
  bool recordedHeading = false;
  for (const StoryEntry& entry : ui.entries) {
    if (!entry.recorded) continue;
    if (!recordedHeading) ImGui::TextDisabled("Your recordings");
    recordedHeading = true;
    storyButton(entry);
  }
  if (!player.active()) return;

  ImGui::Separator();
  const float quarter = (ImGui::GetContentRegionAvail().x - 3.f * ImGui::GetStyle().ItemSpacing.x) / 4.f;
  for (std::size_t i = 0; i < kStorySpeeds.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    if (stateButton(speedText(kStorySpeeds[i]).c_str(), player.speed() == kStorySpeeds[i], quarter,
                    0.f))
      player.setSpeed(kStorySpeeds[i]);
  }
  ImGui::TextDisabled("Chapters");
  const Story& lead = player.lead();
  const int current = chapterAt(lead, player.time());
  for (std::size_t i = 0; i < lead.chapters.size(); ++i) {
    const std::string label = std::to_string(i + 1) + "  " + lead.chapters[i].text + "##chapter" +
                              std::to_string(i);
    if (ImGui::Selectable(label.c_str(), static_cast<int>(i) == current))
      player.seek(lead.chapters[i].at);
  }
  ImGui::Separator();
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2.f;
  // A recorded walkthrough claims no outcome, so it may have no evidence card.
  if (!lead.evidence.empty() &&
      ImGui::Button("Evidence", ImVec2(player.split() ? half : -1.f, touchButtonHeight())))
    ui.showEvidence = true;
  if (player.split()) {
    ImGui::SameLine();
    if (ImGui::Button("Summary", ImVec2(half, touchButtonHeight()))) ui.showSummary = true;
  }
  if (ImGui::Button("Export video...", ImVec2(-1.f, touchButtonHeight()))) actions.exportVideo = true;
  if (ImGui::Button("Close the story", ImVec2(-1.f, touchButtonHeight()))) actions.close = true;
}

}  // namespace

void storyPage(StoryPlayer& player, StoryUi& ui, StoryActions& actions) {
  // While recording (or with a recording not yet saved) the page is the recording's.
  if (!ui.record.recording && !ui.record.unsaved) storyControls(player, ui, actions);
  recordSection(ui.record, actions.record, player.active());
}

float drawStoryOverlay(StoryPlayer& player, float sceneWidth, ImFont* captionFont) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float pad = style.WindowPadding.x;
  if (!player.active() || sceneWidth < 4.f * pad) return vp->WorkSize.y;

  // The transport bar along the bottom of the view.
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + pad, vp->WorkPos.y + vp->WorkSize.y - pad),
                          ImGuiCond_Always, ImVec2(0.f, 1.f));
  ImGui::SetNextWindowSize(ImVec2(sceneWidth - 2.f * pad, 0.f));
  ImGui::SetNextWindowBgAlpha(0.8f);
  float transportTop = vp->WorkSize.y;
  if (ImGui::Begin("##story transport", nullptr,
                   overlayWindowFlags() & ~ImGuiWindowFlags_AlwaysAutoResize)) {
    const float h = touchButtonHeight();
    if (ImGui::Button("|<", ImVec2(h, h))) player.previousChapter();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Previous chapter ( [ or Page Up )");
    ImGui::SameLine();
    const float playWidth = ImGui::CalcTextSize("Pause").x + 2.f * style.FramePadding.x + h * 0.5f;
    if (ImGui::Button(player.playing() ? "Pause###play" : "Play###play", ImVec2(playWidth, h)))
      player.togglePlay();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play or pause (Space)");
    ImGui::SameLine();
    if (ImGui::Button(">|", ImVec2(h, h))) player.nextChapter();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Next chapter ( ] or Page Down )");
    ImGui::SameLine();
    const std::string readout = clockText(player.time()) + " / " + clockText(player.duration()) +
                                "  " + speedText(player.speed());
    const float readoutWidth = ImGui::CalcTextSize(readout.c_str()).x;
    scrubBar(player, ImGui::GetContentRegionAvail().x - readoutWidth - style.ItemSpacing.x, h);
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (h - ImGui::GetTextLineHeight()) * 0.5f);
    ImGui::TextUnformatted(readout.c_str());
    transportTop = ImGui::GetWindowPos().y - vp->WorkPos.y;
  }
  ImGui::End();

  const int sides = static_cast<int>(player.stories().size());
  const float paneWidth = sceneWidth / static_cast<float>(sides);
  float top = transportTop;
  for (int side = 0; side < sides; ++side)
    top = std::min(top, drawCaptionBox(player.stories()[size_t(side)], player.state(size_t(side)),
                                   side, sides, paneWidth, transportTop, captionFont));
  return top;
}

float storyCaptionHeight(int sides, const ImFont* captionFont) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float captionLine = captionFont ? captionFont->FontSize * ImGui::GetIO().FontGlobalScale +
                                              style.ItemSpacing.y
                                        : line;
  return (sides > 1 ? 2.f : 1.f) * line + 2.f * captionLine + 2.f * style.WindowPadding.y +
         style.WindowPadding.x + style.ItemSpacing.y;
}

float storyOverlayHeight(const StoryPlayer& player, const ImFont* captionFont) {
  if (!player.active()) return 0.f;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float transport = touchButtonHeight() + 2.f * style.WindowPadding.y + style.WindowPadding.x;
  return transport + storyCaptionHeight(player.split() ? 2 : 1, captionFont);
}

bool storyCardOpen(const StoryUi& ui) { return ui.showEvidence || ui.showSummary; }

void drawStoryCards(const StoryPlayer& player, StoryUi& ui, bool dismiss) {
  if (!player.active()) {
    ui.showEvidence = ui.showSummary = false;
    return;
  }
  if (ui.showEvidence) evidenceCard(player, ui, dismiss);
  else if (ui.showSummary && player.split()) summaryCard(player, ui, dismiss);
  else ui.showSummary = false;
}

}  // namespace spineview::app
