#include "app/notes_overlay.h"

#include <imgui.h>

#include <string>

namespace spineview::app {

namespace {
const ImU32 kInk = IM_COL32(255, 170, 40, 255);
const ImU32 kPin = IM_COL32(235, 70, 60, 255);
const ImU32 kOutline = IM_COL32(255, 255, 255, 255);
const ImU32 kTextBack = IM_COL32(20, 22, 26, 210);
}  // namespace

void NotesOverlay::update(const Scene& scene, const Anatomy& anatomy, const Notes& notes) {
  // The occluders are the costly part (about 60 ms): built once a scene has a note to hide.
  if (!occluders_ && !notes.empty())
    occluders_ = std::make_shared<const LabelOccluders>(LabelOccluders::build(scene));
  inScene_ = NotesInScene(scene, anatomy, notes);
}

void NotesOverlay::draw(ImDrawList* drawList, const Notes& notes, const FrameState& frame,
                        glm::vec2 viewport, glm::vec2 origin, float uiScale) const {
  if (notes.empty()) return;
  std::optional<LabelOccluders::InFrame> inFrame;
  if (occluders_) inFrame = occluders_->inFrame(frame);
  shown_ = inScene_.show(frame, viewport, inFrame ? &*inFrame : nullptr);
  auto at = [&](const ShownPoint& p) { return ImVec2(origin.x + p.pixel.x, origin.y + p.pixel.y); };
  for (const auto& stroke : shown_.strokes)
    for (size_t k = 1; k < stroke.size(); ++k)
      if (stroke[k - 1].visible && stroke[k].visible)
        drawList->AddLine(at(stroke[k - 1]), at(stroke[k]), kInk, 3.f * uiScale);
  const float radius = 7.f * uiScale;
  for (size_t i = 0; i < shown_.pins.size() && i < notes.pins.size(); ++i) {
    if (!shown_.pins[i].visible) continue;
    const ImVec2 c = at(shown_.pins[i]);
    // A head on a short needle above the point, so the point itself stays visible.
    const ImVec2 head(c.x, c.y - 3.f * radius);
    drawList->AddLine(c, head, kOutline, 2.f * uiScale);
    drawList->AddCircleFilled(head, radius, kPin);
    drawList->AddCircle(head, radius, kOutline, 0, 1.5f * uiScale);
    const std::string number = std::to_string(i + 1);
    const ImVec2 size = ImGui::CalcTextSize(number.c_str());
    drawList->AddText(ImVec2(head.x - size.x * 0.5f, head.y - size.y * 0.5f), kOutline, number.c_str());
    const std::string& text = notes.pins[i].text;
    if (text.empty()) continue;
    const ImVec2 textSize = ImGui::CalcTextSize(text.c_str());
    const ImVec2 from(head.x + radius + 4.f * uiScale, head.y - textSize.y * 0.5f - 2.f * uiScale);
    drawList->AddRectFilled(from, ImVec2(from.x + textSize.x + 8.f * uiScale, from.y + textSize.y + 4.f * uiScale),
                            kTextBack, 4.f * uiScale);
    drawList->AddText(ImVec2(from.x + 4.f * uiScale, from.y + 2.f * uiScale), kOutline, text.c_str());
  }
}

}  // namespace spineview::app
