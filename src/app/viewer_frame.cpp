// One frame of the window: the panels and the overlays over the 3D view, the story's camera,
// each pane's frame from the composer, labels, the panes drawn (or re-presented when only the UI
// changed), and the outline of the inspected structure.
#include <glad/gl.h>

#include <imgui.h>

#include <algorithm>

#include "app/view_inputs.h"
#include "app/viewer_app.h"
#include "frame/compose.h"
#include "frame/framing.h"

namespace spineview::app {

// What, when it changes during a frame, means ImGui needs more frames to show the change.
struct UiSnapshot {
  bool panel, help, about, dialog;
  std::size_t notices;
  std::string model;
  int editPin;  // the pin text window: it takes the keyboard a frame after it opens
  bool operator==(const UiSnapshot& o) const {
    return panel == o.panel && help == o.help && about == o.about && dialog == o.dialog &&
           notices == o.notices && model == o.model && editPin == o.editPin;
  }
};

bool Viewer::drawFrame(const InputEvents& events, float dt) {
  auto snapshot = [this] {
    return UiSnapshot{settings_.ui.showSidePanel, settings_.ui.showHelp, settings_.ui.showAbout,
                      ui_.fileDialog.isOpen(),    ui_.notices.size(),    model_.path,
                      ui_.caseUi.editPin};
  };
  const UiSnapshot before = snapshot();
  // Compared every frame rather than on the event alone, so a change while minimised counts.
  if (window_->contentScale() != appliedContentScale_) updateUiScale();
  handleInput(events);
  camera_.update(dt);
  story_.advance(dt);

  window_->beginImGuiFrame();
  applyActions(drawPanels(anatomy_.layers, model_, settings_, ui_, story_, uiScale_));
  const OverlayEdges edges = drawSceneOverlays();
  // After the widgets, which may have scrubbed or stepped the story.
  followStoryCamera();
  sampleRecording();  // what this frame shows, after every change the widgets made

  fitPanes();
  std::array<FrameState, 2> frames;
  for (int p = 0; p < paneCount(); ++p) frames[size_t(p)] = paneFrame(p);
  std::array<std::vector<LabelRect>, 2> labelBoxes;  // where the labels are: pins keep clear
  if (settings_.inside.labels && scene_) drawSceneLabels(frames, edges, labelBoxes);
  if (ui_.caseUi.showNotes && scene_) {
    Notes shown = ui_.caseUi.edited.notes;
    if (inking_) shown.strokes.push_back(*inking_);
    const float paneWidth = sceneWidthUi() / static_cast<float>(paneCount());
    const float windowHeight = static_cast<float>(window_->windowSize().height);
    for (int p = 0; p < paneCount(); ++p)
      notesOverlay_.draw(ImGui::GetBackgroundDrawList(), shown, frames[size_t(p)], {paneWidth, windowHeight},
                         {paneWidth * static_cast<float>(p), 0.f}, uiScale_, labelBoxes[size_t(p)]);
  }
  const float height = static_cast<float>(window_->windowSize().height);
  const float paneWidthUi = sceneWidthUi() / static_cast<float>(paneCount());
  if (paneCount() > 1)
    ImGui::GetBackgroundDrawList()->AddLine(ImVec2(paneWidthUi, 0.f), ImVec2(paneWidthUi, height),
                                            IM_COL32(10, 10, 12, 255), 3.f * uiScale_);
  window_->clear(settings_.render.backgroundBottom);
  // The first frame of a model is a quick one, refined by a still frame right after.
  bool interactive = camera_.moving() || events.any || story_.playing();
  for (int p = 0; p < paneCount(); ++p) interactive = interactive || !panes_[size_t(p)].last;
  drawPanes(frames, interactive);
  window_->renderImGui();
  window_->swapBuffers();
  return !(snapshot() == before);
}

Viewer::OverlayEdges Viewer::drawSceneOverlays() {
  const float sceneWidth = sceneWidthUi();
  RecordUi& record = ui_.story.record;
  SceneOverlayActions overlay =
      drawSceneToolbar(settings_, anatomy_.layers, sceneWidth, record.recording);
  RecordActions recordBar;
  if (overlay.toggleRecording) (record.recording ? recordBar.stop : recordBar.start) = true;
  drawRecordBar(record, recordBar, sceneWidth);
  applyRecordActions(recordBar);
  OverlayEdges edges;
  edges.storyTop = std::min(static_cast<float>(window_->windowSize().height),
                            drawStoryOverlay(story_, sceneWidth, captionFont_));
  const int node = inspectedNode();
  if (scene_ && node >= 0 && node < static_cast<int>(scene_->nodes.size())) {
    const PartInfo& part = anatomy_.part(node);
    // In the split view, under the structure's own pane.
    const float paneWidthUi = sceneWidth / static_cast<float>(paneCount());
    const int pane = std::min(picks_.pane(), paneCount() - 1);
    drawInfoCard({part.displayName, part.description, part.clinical, pinnedNode_ >= 0},
                 paneWidthUi * static_cast<float>(pane), paneWidthUi, edges.storyTop, overlay);
  }
  if (overlay.closeInfoCard) pinnedNode_ = -1;
  if (overlay.zoomSteps != 0.f) camera_.zoom(overlay.zoomSteps);
  if (overlay.frameAll) frameAll(true);
  if (overlay.freeCutFromView) {
    const CameraMatrices m = camera_.matrices(aspect());
    settings_.inside.cut.freeNormal = -glm::vec3(glm::transpose(m.view)[2]);  // view direction
  }
  edges.toolbarBottom = overlay.toolbarBottom;
  edges.cardTop = overlay.cardTop;
  return edges;
}

void Viewer::followStoryCamera() {
  if (!story_.active() || !scene_) return;
  const StoryState lead = story_.state(0);
  std::string key = lead.fromView + ">" + lead.view + " " + std::to_string(lead.viewProgress) +
                    " " + std::to_string(lead.zoom);
  if (const auto& p = lead.pose)
    for (float v : {p->yawDeg, p->pitchDeg, p->distance, p->target.x, p->target.y, p->target.z})
      key += " " + std::to_string(v);
  if (story_.seeks() == storyCameraSeeks_ && key == storyCameraKey_) return;
  storyCameraSeeks_ = story_.seeks();
  storyCameraKey_ = key;
  auto pose = storyCameraPose(lead, *scene_, anatomy_, aspect());
  if (!pose) return;
  // The captions and the story bar cover the bottom of the view.
  const float height = static_cast<float>(std::max(1, window_->windowSize().height));
  const float covered = std::clamp(storyOverlayHeight(story_, captionFont_) / height, 0.f, 0.45f);
  placeStoryCamera(camera_, lead, *pose, covered, height);
}

FrameState Viewer::paneFrame(int pane) const {
  const ViewInputs in = windowViewInputs(settings_, camera_.matrices(aspect()), story_, pane);
  static const Scene kNoScene;
  return composeFrame(scene_ ? *scene_ : kNoScene, anatomy_, in);
}

void Viewer::fitPanes() {
  // The panes cover the framebuffer left of the side panel, side by side; the renderer's blit
  // puts each at the bottom of its column, and the clear fills the strip under the panel.
  const Size pane = paneSize();
  for (int p = 0; p < paneCount(); ++p) {
    ScenePane& sp = panes_[size_t(p)];
    for (RenderTarget* target : {sp.interactive.get(), sp.stillTarget()}) {
      if (pane.width != target->width() || pane.height != target->height()) {
        target->resize(pane.width, pane.height);
        sp.last.reset();
      }
      target->setWindowOriginX(p * pane.width);
    }
  }
  for (int p = paneCount(); p < static_cast<int>(panes_.size()); ++p) {
    ScenePane& unused = panes_[size_t(p)];  // the split view closed: give its buffers back
    for (RenderTarget* target : {unused.interactive.get(), unused.stillTarget()})
      if (target->width() != 0) target->resize(0, 0);
    unused.last.reset();
  }
}

void Viewer::drawSceneLabels(const std::array<FrameState, 2>& frames, const OverlayEdges& edges,
                             std::array<std::vector<LabelRect>, 2>& labelBoxes) {
  // Placed in window units over each pane, clear of the toolbar, the captions and the card
  // (in the pane it is in).
  const float height = static_cast<float>(window_->windowSize().height);
  const float paneWidthUi = sceneWidthUi() / static_cast<float>(paneCount());
  const int cardPane = std::min(picks_.pane(), paneCount() - 1);
  for (int p = 0; p < paneCount(); ++p) {
    const float bottom = std::min(edges.storyTop, p == cardPane ? edges.cardTop : height);
    const LabelRect area{{0.f, edges.toolbarBottom}, {paneWidthUi, std::min(height, bottom)}};
    const LabelLayout& layout =
        labels_[size_t(p)].update(frames[size_t(p)], {paneWidthUi, height}, area, uiScale_);
    drawLabels(ImGui::GetBackgroundDrawList(), layout, uiScale_, {paneWidthUi * static_cast<float>(p), 0.f});
    for (const PlacedLabel& label : layout.labels) labelBoxes[size_t(p)].push_back(label.rect);
  }
}

void Viewer::drawPanes(const std::array<FrameState, 2>& frames, bool interactive) {
  const Size pane = paneSize();
  if (pane.width <= 0 || pane.height <= 0) return;
  for (int p = 0; p < paneCount(); ++p) {
    ScenePane& sp = panes_[size_t(p)];
    const FrameState& frame = frames[size_t(p)];
    RenderTarget* target = interactive ? sp.interactive.get() : sp.stillTarget();
    // sp.last holds what was drawn, not how: a still frame also serves an interactive one.
    if (sp.last && *sp.last == frame && (interactive || sp.lastTarget == target)) {
      sp.lastTarget->presentToWindow();  // only the UI changed
    } else {
      sp.last = frame;
      FrameState drawn = frame;
      drawn.settings.interactiveLod = interactive;  // full detail until the LOD is built
      drawn.settings.halfResolutionTransparency = interactive && softwareRenderer_;
      renderer_->render(drawn, *target);
      if (!target->complete()) sp.last.reset();  // out of memory: not drawn, so not kept
      // Between still frames a still target keeps only its picture (RenderTarget docs).
      if (target == sp.still.get()) target->releaseDrawBuffers();
      sp.lastTarget = target;
    }
  }
  // Once still, the inspected structure is outlined again in the new picture.
  const int pickPane = std::min(picks_.pane(), paneCount() - 1);
  const std::optional<FrameState>& picked = panes_[size_t(pickPane)].last;
  if (!interactive && inspectedNode() >= 0 && picked)
    picks_.update(pickPane, *picked, pane.width, pane.height);
  drawOutline(pane);
}

void Viewer::drawOutline(const Size& pane) {
  const int node = inspectedNode();
  const int pickPane = picks_.pane();
  if (node < 0 || pickPane >= paneCount()) return;
  const std::optional<FrameState>& last = panes_[size_t(pickPane)].last;
  if (!last || !picks_.holds(pickPane, *last)) return;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(pickPane * pane.width, 0, pane.width, pane.height);
  renderer_->drawOutline(node, kOutlineColor, kOutlineWidth * std::max(1.f, uiScale_));
}

}  // namespace spineview::app
