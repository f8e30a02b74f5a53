// The viewer's patient case (Case page, --case at start): rebuilds run on CaseBuilder's worker
// thread while the previous model stays on screen; the finished scene replaces it in one frame,
// keeping the camera, the layers, the inspected structure and the story at its time.
#include <cstdio>

#include "app/viewer_app.h"
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
      ui.status = "Opened " + *actions.open;
      ui.statusIsError = false;
      remember(*actions.open);
      startCaseRebuild();
    }
  }
  if (actions.changed) startCaseRebuild();
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
  Anatomy anatomy = Anatomy::of(scene);
  if (auto error = renderer_->setScene(scene, anatomy.drawHints(scene))) {
    ui_.caseUi.status = "The rebuilt model could not be drawn: " + error->message;
    ui_.caseUi.statusIsError = true;
    return;
  }
  const std::string pinned = pinnedNode_ >= 0 ? scene_->nodes[size_t(pinnedNode_)].name : "";
  warmUp_.reset();  // it reads the scene being replaced; the case's draw states are the model's
  scene_ = std::move(scene);
  anatomy_ = std::move(anatomy);
  camera_.setClipBounds(scene_->worldBounds());
  lodPending_ = softwareRenderer_;
  for (ScenePane& pane : panes_) pane.last.reset();
  picks_.clear();
  hoveredNode_ = -1;
  pinnedNode_ = pinned.empty() ? -1 : scene_->findNode(pinned);
  labels_[0].setScene(*scene_, anatomy_);
  labels_[1] = labels_[0];
  model_.triangles = scene_->triangleCount();
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
