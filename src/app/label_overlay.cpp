#include "app/label_overlay.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>

#include "app/headless_imgui.h"

namespace spineview::app {
namespace {

// Light text on a dark translucent box reads over bone, gel and background alike; the leader
// is a light line inside a dark outline for the same reason.
constexpr ImU32 kBoxFill = IM_COL32(14, 16, 20, 215);
constexpr ImU32 kBoxBorder = IM_COL32(255, 255, 255, 70);
constexpr ImU32 kText = IM_COL32(245, 245, 240, 255);
constexpr ImU32 kLineOutline = IM_COL32(0, 0, 0, 190);
constexpr ImU32 kLine = IM_COL32(240, 240, 232, 255);

ImVec2 toImVec(glm::vec2 v) {
  return ImVec2(v.x, v.y);
}
// Thin lines on pixel centres stay crisp instead of smearing over two rows.
ImVec2 onPixelCentre(glm::vec2 v) {
  return ImVec2(std::floor(v.x) + 0.5f, std::floor(v.y) + 0.5f);
}

}  // namespace

std::vector<glm::vec2> measureLabelTexts(const std::vector<ScreenAnchor>& anchors) {
  std::vector<glm::vec2> sizes;
  for (const ScreenAnchor& anchor : anchors) {
    const ImVec2 size = ImGui::CalcTextSize(anchor.text.c_str());
    sizes.emplace_back(size.x, size.y);
  }
  return sizes;
}

void drawLabels(ImDrawList* drawList, const LabelLayout& layout, float uiScale, glm::vec2 origin) {
  const float lineWidth = 2.f * uiScale, outlineWidth = 4.5f * uiScale;
  for (const PlacedLabel& label : layout.labels) {
    std::vector<ImVec2> points;
    for (glm::vec2 p : label.leader) points.push_back(onPixelCentre(p + origin));
    drawList->AddPolyline(points.data(), static_cast<int>(points.size()), kLineOutline, 0,
                          outlineWidth);
    drawList->AddPolyline(points.data(), static_cast<int>(points.size()), kLine, 0, lineWidth);
  }
  for (const PlacedLabel& label : layout.labels) {
    drawList->AddCircleFilled(onPixelCentre(label.anchor + origin), 5.f * uiScale, kLineOutline);
    drawList->AddCircleFilled(onPixelCentre(label.anchor + origin), 3.f * uiScale, kLine);
  }
  const float rounding = 5.f * uiScale;
  for (const PlacedLabel& label : layout.labels) {
    drawList->AddRectFilled(toImVec(label.rect.min + origin), toImVec(label.rect.max + origin), kBoxFill, rounding);
    drawList->AddRect(toImVec(label.rect.min + origin), toImVec(label.rect.max + origin), kBoxBorder, rounding, 0,
                      uiScale);
    const ImVec2 text = ImGui::CalcTextSize(label.text.c_str());
    const glm::vec2 centre = 0.5f * (label.rect.min + label.rect.max) + origin;
    drawList->AddText(
        ImVec2(std::round(centre.x - 0.5f * text.x), std::round(centre.y - 0.5f * text.y)), kText,
        label.text.c_str());
  }
}

void LabelOverlay::setScene(const Scene& scene, const Anatomy& anatomy) {
  targets_ = labelTargets(scene, anatomy.parts);
  occluders_ = std::make_shared<const LabelOccluders>(LabelOccluders::build(scene));
  anchorSkins_ = anchorSkins(targets_, anatomy.parts, anatomy.rig);
  resetHistory();
}

void LabelOverlay::resetHistory() {
  anchors_.clear();
  layout_ = LabelLayout();
  haveHistory_ = false;
}

const LabelLayout& LabelOverlay::update(const FrameState& frame, glm::vec2 viewportSize,
                                        const LabelRect& area, float uiScale) {
  const PosedTargets posed = poseTargets(targets_, anchorSkins_, frame);
  AnchorOptions options;
  options.occluders = occluders_.get();
  options.previous = haveHistory_ ? &anchors_ : nullptr;
  options.toRestPose = &posed.toRest;
  anchors_ = projectAnchors(posed.targets, frame, viewportSize, options);
  const LabelLayout previous = std::move(layout_);
  layout_ = layoutLabels(anchors_, measureLabelTexts(anchors_), area, LabelStyle{}.scaled(uiScale),
                         haveHistory_ ? &previous : nullptr);
  haveHistory_ = true;
  return layout_;
}

Result<LabelLayout> drawLabelsOnTarget(RenderTarget& target, const Scene& scene,
                                       const Anatomy& anatomy, const FrameState& frame,
                                       const HeadlessLabelOptions& options) {
  if (!target.complete() || target.width() <= 0 || target.height() <= 0)
    return Error{"cannot draw labels: the render target is incomplete"};
  auto ui = HeadlessImGui::create(target.width(), target.height(), options.uiScale, options.fontFile);
  if (!ui) return Error{"cannot draw labels: " + ui.error()};
  LabelOverlay overlay;
  overlay.setScene(scene, anatomy);
  const glm::vec2 size(static_cast<float>(target.width()), static_cast<float>(target.height()));
  LabelLayout layout;
  ui.value()->draw(target, [&] {
    layout = overlay.update(frame, size, LabelRect{{0.f, 0.f}, size}, options.uiScale);
    drawLabels(ImGui::GetForegroundDrawList(), layout, options.uiScale);
  });
  return layout;
}

}  // namespace spineview::app
