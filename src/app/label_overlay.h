// Labels with leader lines drawn with ImGui: over the 3D view in the window, and into a
// RenderTarget for headless PNG renders (`spineview --render out.png --labels`). Placement is
// the core's (annotate/labels.h); this file measures text in the UI font and draws.
#pragma once
#include <glm/glm.hpp>
#include <memory>
#include <string>
#include <vector>

#include "anatomy/anatomy.h"
#include "annotate/labels.h"
#include "core/result.h"
#include "render/renderer.h"
#include "scene/scene.h"

struct ImDrawList;

namespace spineview::app {

// Size of each anchor's text in the current ImGui font. Needs a current ImGui frame.
std::vector<glm::vec2> measureLabelTexts(const std::vector<ScreenAnchor>& anchors);

// Draws boxes, leader lines and anchor dots in the current ImGui font. uiScale scales line
// widths, dot sizes and rounding (the font carries its own scale); `origin` is where the
// layout's (0, 0) lies (the right half of the split view starts mid-window).
void drawLabels(ImDrawList* drawList, const LabelLayout& layout, float uiScale,
                glm::vec2 origin = glm::vec2(0.f));

// The labels of one scene across frames: targets and occluders built once per scene, and last
// frame's anchors and layout, which keep labels steady while the camera moves.
class LabelOverlay {
 public:
  // About 30 ms on the bundled model (occlusion hierarchy); keeps no reference to the scene.
  // With the anatomy's rig, leader lines follow the spine as a story bends it.
  void setScene(const Scene& scene, const Anatomy& anatomy);
  // Places the labels of one frame. viewportSize: the size the scene is drawn at, in the units
  // ImGui draws in; area: the part of it labels may use (not under a side panel). Measures text
  // with the current ImGui font, so call it between ImGui::NewFrame and ImGui::Render.
  const LabelLayout& update(const FrameState& frame, glm::vec2 viewportSize, const LabelRect& area,
                            float uiScale);
  const LabelLayout& layout() const { return layout_; }
  const std::vector<LabelTarget>& targets() const { return targets_; }
  // Forgets the last frame (its columns and order no longer matter, e.g. after a new view).
  void resetHistory();

 private:
  std::vector<LabelTarget> targets_;
  AnchorSkins anchorSkins_;
  // Shared by copies (the split view's two panes): the model's triangles, read only.
  std::shared_ptr<const LabelOccluders> occluders_;
  std::vector<ScreenAnchor> anchors_;
  LabelLayout layout_;
  bool haveHistory_ = false;
};

struct HeadlessLabelOptions {
  float uiScale = 1.f;   // font 18 px * uiScale, as in the window
  std::string fontFile;  // empty: the app's font (DejaVuSans); a missing file falls back to
                         // ImGui's built-in font, scaled up
};

// Draws the labels of `frame` over the finished image in `target`, after Renderer::render drew
// `frame` into it: a temporary ImGui context with the OpenGL3 backend, removed again before
// returning (an ImGui context that was current stays current). Needs the GL context current.
// Returns the layout it drew; fails when the target is incomplete or the backend cannot start.
Result<LabelLayout> drawLabelsOnTarget(RenderTarget& target, const Scene& scene,
                                       const Anatomy& anatomy, const FrameState& frame,
                                       const HeadlessLabelOptions& options = {});

}  // namespace spineview::app
