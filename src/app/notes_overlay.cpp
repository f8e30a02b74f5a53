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
                        glm::vec2 viewport, glm::vec2 origin, float uiScale,
                        const std::vector<LabelRect>& labels) const {
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
  std::vector<LabelRect> taken = labels;  // pane coordinates
  for (size_t i = 0; i < shown_.pins.size() && i < notes.pins.size(); ++i) {
    if (!shown_.pins[i].visible) continue;
    const glm::vec2 point = shown_.pins[i].pixel;
    // A head on a short needle above the point, so the point itself stays visible.
    const glm::vec2 head(point.x, point.y - 3.f * radius);
    const ImVec2 c = at(shown_.pins[i]), headAt(origin.x + head.x, origin.y + head.y);
    drawList->AddLine(c, headAt, kOutline, 2.f * uiScale);
    drawList->AddCircleFilled(headAt, radius, kPin);
    drawList->AddCircle(headAt, radius, kOutline, 0, 1.5f * uiScale);
    const std::string number = std::to_string(i + 1);
    const ImVec2 size = ImGui::CalcTextSize(number.c_str());
    drawList->AddText(ImVec2(headAt.x - size.x * 0.5f, headAt.y - size.y * 0.5f), kOutline, number.c_str());
    const std::string& text = notes.pins[i].text;
    if (text.empty()) continue;
    const ImVec2 textSize = ImGui::CalcTextSize(text.c_str());
    const glm::vec2 box(textSize.x + 8.f * uiScale, textSize.y + 4.f * uiScale);
    const float gap = radius + 4.f * uiScale;
    for (const float side : {1.f, -1.f}) {
      const glm::vec2 min(side > 0.f ? head.x + gap : head.x - gap - box.x, head.y - box.y * 0.5f);
      const LabelRect rect{min, min + box};
      bool free = rect.min.x >= 0.f && rect.max.x <= viewport.x;
      for (const LabelRect& other : taken) free = free && !rect.overlaps(other);
      if (!free) continue;
      taken.push_back(rect);
      const ImVec2 from(origin.x + rect.min.x, origin.y + rect.min.y);
      drawList->AddRectFilled(from, ImVec2(origin.x + rect.max.x, origin.y + rect.max.y), kTextBack, 4.f * uiScale);
      drawList->AddText(ImVec2(from.x + 4.f * uiScale, from.y + 2.f * uiScale), kOutline, text.c_str());
      break;
    }
  }
}

}  // namespace spineview::app
