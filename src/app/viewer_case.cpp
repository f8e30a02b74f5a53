// The viewer's patient case (Case page, --case at start): rebuilds run on CaseBuilder's worker
// thread while the previous model stays on screen; the finished scene replaces it in one frame,
// keeping the camera, the layers, the inspected structure and the story at its time.
#include <cstdio>

#include "annotate/notes.h"
#include "app/viewer_app.h"
#include "case/case_notes.h"
#include "case/case_rebuild.h"

namespace spineview::app {

void Viewer::resetCaseUi() {
  CaseUi& ui = ui_.caseUi;
  const auto shown = scene_ ? modelOptions(*scene_) : std::nullopt;
  ui.available = shown.has_value();
  ui.building = false;
  ui.status.clear();
  ui.edited = Case{};
  if (shown) {
    ui.edited.anatomy = *shown;
    ui.edited.anatomy.cellScale = 1.f;
  }
  ui.recent = recentCases(recentCasesFile());
  noteHistory_.clear();
  inking_.reset();
  notesOverlay_.sceneChanged();
  notesChanged();
}

void Viewer::notesChanged() {
  if (!scene_) return;
  Notes shown = ui_.caseUi.edited.notes;
  if (inking_) shown.strokes.push_back(*inking_);
  notesOverlay_.update(*scene_, anatomy_, shown);
}

std::optional<SurfaceAnchor> Viewer::anchorAt(glm::vec2 windowPos) {
  const int node = pickAt(windowPos);
  const int pane = paneAt(windowPos);
  const std::optional<FrameState>& frame = panes_[size_t(pane)].last;
  if (node < 0 || !frame) return std::nullopt;
  const float paneWidth = sceneWidthUi() / static_cast<float>(paneCount());
  const glm::vec2 viewport(paneWidth, static_cast<float>(window_->windowSize().height));
  return anchorAtPixel(*scene_, anatomy_, node, *frame,
                       {windowPos.x - paneWidth * static_cast<float>(pane), windowPos.y}, viewport);
}

void Viewer::placePin(glm::vec2 windowPos) {
  if (!scene_ || !ui_.caseUi.available) return;
  auto anchor = anchorAt(windowPos);
  if (!anchor) return;
  Notes& notes = ui_.caseUi.edited.notes;
  if (notes.pins.size() >= kMaxPins) return notify("Pins", "A case holds at most 200 pins.");
  notes.pins.push_back({*anchor, ""});
  noteHistory_.push_back(NoteKind::Pin);
  ui_.caseUi.editPin = int(notes.pins.size()) - 1;  // a small window asks for its text
  notesChanged();
}

void Viewer::drawInk(const InputEvents& events, bool leftDrag) {
  constexpr float kMinStep = 3.f;  // window units between samples
  if (leftDrag && scene_ && ui_.caseUi.available) {
    if (!inking_) inking_ = Stroke{};
    if (inking_->points.size() >= kMaxStrokePoints) return;
    if (!inkLast_ || glm::distance(*inkLast_, events.pointer) >= kMinStep)
      if (auto anchor = anchorAt(events.pointer)) {
        inking_->points.push_back(*anchor);
        inkLast_ = events.pointer;
        notesChanged();
      }
    return;
  }
  if (!inking_ || events.dragging) return;
  // The drag ended: a stroke of two points or more joins the case.
  Notes& notes = ui_.caseUi.edited.notes;
  if (inking_->points.size() >= 2 && notes.strokes.size() < kMaxStrokes) {
    notes.strokes.push_back(std::move(*inking_));
    noteHistory_.push_back(NoteKind::Stroke);
  }
  inking_.reset();
  inkLast_.reset();
  notesChanged();
}

void Viewer::undoNote() {
  Notes& notes = ui_.caseUi.edited.notes;
  // The history knows the order pins and strokes were added in this session; what came from a
  // file goes last stroke first.
  const NoteKind kind = !noteHistory_.empty() ? noteHistory_.back()
                        : !notes.strokes.empty() ? NoteKind::Stroke
                                                 : NoteKind::Pin;
  if (!noteHistory_.empty()) noteHistory_.pop_back();
  if (kind == NoteKind::Stroke && !notes.strokes.empty()) notes.strokes.pop_back();
  else if (kind == NoteKind::Pin && !notes.pins.empty()) notes.pins.pop_back();
  notesChanged();
}

void Viewer::startCaseRebuild() {
  if (!scene_ || !ui_.caseUi.available) return;
  caseBuilder_.start(*scene_, ui_.caseUi.edited.anatomy);
  ui_.caseUi.building = true;
}

void Viewer::applyCaseActions(const CaseActions& actions) {
  CaseUi& ui = ui_.caseUi;
  auto remember = [&](const std::string& file) {
    if (auto error = rememberCase(recentCasesFile(), file))
      std::fprintf(stderr, "spineview: the recent cases list: %s\n", error->message.c_str());
    ui.recent = recentCases(recentCasesFile());
  };
  if (actions.newCase) {
    ui.edited = Case{};
    ui.path[0] = '\0';
    noteHistory_.clear();
    notesChanged();
    startCaseRebuild();
  }
  if (actions.open) {
    auto loaded = loadCase(*actions.open);
    if (!loaded) {
      ui.status = loaded.error();
      ui.statusIsError = true;
      notify("Could not open the case", loaded.error());
    } else {
      ui.edited = loaded.value();
      noteHistory_.clear();
      notesChanged();
      ui.status = "Opened " + *actions.open;
      ui.statusIsError = false;
      remember(*actions.open);
      startCaseRebuild();
    }
  }
  if (actions.changed) startCaseRebuild();
  if (actions.undoNote) undoNote();
  if (actions.notesChanged) {
    noteHistory_.clear();  // a pin removed from the list: the order no longer holds
    notesChanged();
  }
  if (actions.save) {
    if (auto error = saveCase(ui.edited, *actions.save)) {
      ui.status = error->message;
      ui.statusIsError = true;
      notify("Could not save the case", error->message);
    } else {
      ui.status = "Saved to " + *actions.save;
      ui.statusIsError = false;
      remember(*actions.save);
    }
  }
}

bool Viewer::pollCaseRebuild() {
  auto done = caseBuilder_.poll();
  if (!done) return false;
  CaseUi& ui = ui_.caseUi;
  ui.building = caseBuilder_.busy();
  if (!done->scene) {
    ui.status = "The model could not be rebuilt for this case: " + done->scene.error();
    ui.statusIsError = true;
    return true;
  }
  char took[64];
  std::snprintf(took, sizeof took, "Shown (rebuilt in %.1f s).", done->seconds);
  ui.status = took;
  ui.statusIsError = false;
  adoptCaseScene(std::move(done->scene.value()));
  return true;
}

void Viewer::adoptCaseScene(Scene scene) {
  const std::string pinned = pinnedNode_ >= 0 ? scene_->nodes[size_t(pinnedNode_)].name : "";
  // The warm-up is not planned again: the case's draw states are the model's.
  if (auto error = installScene(std::move(scene))) {
    ui_.caseUi.status = "The rebuilt model could not be drawn: " + *error;
    ui_.caseUi.statusIsError = true;
    return;
  }
  pinnedNode_ = pinned.empty() ? -1 : scene_->findNode(pinned);
  model_.triangles = scene_->triangleCount();
  notesOverlay_.sceneChanged();  // the notes on rebuilt parts find their surface again
  notesChanged();
  // The stories name the case's parts (story/story_case.h): read again, at the same moment.
  if (story_.active()) {
    std::vector<std::string> files;
    for (const Story& s : story_.stories()) files.push_back(s.file);
    const double t = story_.time();
    const bool playing = story_.playing();
    openStories(files);
    if (story_.active()) {
      story_.seek(t);
      if (!playing) story_.pause();
    }
  }
}

}  // namespace spineview::app
