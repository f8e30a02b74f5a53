// What the user asks for: pointer and keys, the panels' actions, and where they move the
// camera, the cut and the story.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/file_dialog.h"
#include "app/viewer_app.h"
#include "frame/cut_drag.h"
#include "frame/framing.h"
#include "story/story_list.h"

namespace spineview::app {

void Viewer::handleStoryKeys(const InputEvents& events) {
  if (!story_.active()) return;
  for (int key : events.keyPresses)
    if (key == GLFW_KEY_SPACE) story_.togglePlay();  // a held key must not flicker
  for (int key : events.keys) {
    switch (key) {
      case GLFW_KEY_PAGE_UP:
        story_.previousChapter();
        break;
      case GLFW_KEY_PAGE_DOWN:
        story_.nextChapter();
        break;
      case GLFW_KEY_HOME:
        story_.seek(0.0);
        break;
      default:
        break;
    }
  }
  // By character, as for zoom: these sit on different keys in different layouts.
  for (unsigned c : events.chars) {
    if (c == '[')
      story_.previousChapter();
    else if (c == ']')
      story_.nextChapter();
    else if (c == '<' || c == ',')
      story_.slower();
    else if (c == '>' || c == '.')
      story_.faster();
  }
}

void Viewer::frameAll(bool animate) {
  // The shown layers only: hidden procedure parts must not leave the spine small and off-centre.
  if (scene_) camera_.frame(visibleBounds(*scene_, anatomy_, settings_.layers), aspect(), animate);
}

int Viewer::pickAt(glm::vec2 windowPos) {
  const int paneIndex = paneAt(windowPos);
  const std::optional<FrameState>& last = panes_[size_t(paneIndex)].last;
  if (!scene_ || !last) return -1;
  const Size pane = paneSize();
  const Size fb = window_->framebufferSize();
  const Size win = window_->windowSize();
  if (pane.width <= 0 || pane.height <= 0 || win.width <= 0 || win.height <= 0) return -1;
  const glm::vec2 ratio(static_cast<float>(fb.width) / static_cast<float>(win.width),
                        static_cast<float>(fb.height) / static_cast<float>(win.height));
  const glm::ivec2 pixel(windowPos * ratio);
  // The panes fill the framebuffer's top-left side by side; rows of the image run from the top.
  return picks_.nodeAt(paneIndex, *last, pane.width, pane.height, pixel.x - paneIndex * pane.width,
                       pixel.y);
}

void Viewer::focusOn(int node) {
  if (!scene_ || node < 0) return;
  const Bounds bounds = focusBounds(*scene_, node);
  if (bounds.valid()) camera_.frame(bounds, aspect(), true);
}

void Viewer::moveCut(glm::vec2 dragPixels) {
  if (settings_.inside.cut.mode == CutMode::Off || !scene_) return;
  const Size win = window_->windowSize();
  settings_.inside.cut.offsetMm =
      draggedCutOffset(settings_.inside.cut, anatomy_.cutFrame, camera_.matrices(aspect()),
                       glm::vec2(win.width, win.height), dragPixels);
}

void Viewer::handlePointer(const InputEvents& events) {
  if (events.tap) {
    if (settings_.inside.noteTool == NoteTool::Pin) placePin(*events.tap);
    else pinnedNode_ = pickAt(*events.tap);
  }
  if (events.doubleClick) {
    const int node = pickAt(events.doubleClickAt);
    if (node >= 0)
      focusOn(node);
    else
      frameAll(true);
  }
  // Hover with a mouse: only while nothing moves, so picking never slows a drag or playback,
  // and, while a structure is pinned, only in its pane (one picking image serves both).
  const bool overScene = events.pointerInWindow && !events.pointerOverUi && !events.dragging &&
                         events.pointer.x < sceneWidthUi() &&
                         (pinnedNode_ < 0 || paneAt(events.pointer) == picks_.pane());
  if (!overScene || story_.playing())
    hoveredNode_ = -1;
  else if (!camera_.moving())
    hoveredNode_ = pickAt(events.pointer);
}

void Viewer::showView(const NamedView& view, bool animate) {
  // Direction first, then framing from it (as --render does): a named view is centred and
  // fitted, whatever pan and zoom came before.
  camera_.setView(view, animate);
  frameAll(animate);
}

NamedView Viewer::homeView() const {
  if (startView_) return *startView_;
  return findNamedView(anatomy_.openingViewName()).value_or(NamedView{"anterior", 0.f, 0.f});
}

void Viewer::resetView() { showView(homeView(), true); }

void Viewer::handleInput(const InputEvents& events) {
  const float height = static_cast<float>(std::max(1, window_->windowSize().height));
  glm::vec2 orbit = events.orbit, pan = events.pan, cutDrag = events.cutDrag;
  if (settings_.inside.dragMovesCut && settings_.inside.cut.mode != CutMode::Off) {
    cutDrag += orbit;  // the Drag moves cut toggle, for one-finger touch
    orbit = glm::vec2(0.f);
  } else if (settings_.camera.leftDragPans) {  // the Pan toggle, for one-finger touch
    pan += orbit;
    orbit = glm::vec2(0.f);
  }
  if (settings_.inside.noteTool == NoteTool::Ink) {  // a left drag draws instead of turning
    drawInk(events, orbit != glm::vec2(0.f) || (events.dragging && inking_));
    orbit = glm::vec2(0.f);
  }
  if (orbit != glm::vec2(0.f)) camera_.orbit(orbit.x, orbit.y, height);
  if (pan != glm::vec2(0.f)) camera_.pan(pan.x, pan.y, height);
  if (cutDrag != glm::vec2(0.f)) moveCut(cutDrag);
  if (events.scroll != 0.f) camera_.zoom(events.scroll);
  handlePointer(events);
  handleStoryKeys(events);

  const auto& views = viewButtons();
  const float step = settings_.camera.keyOrbitPixels;
  for (int key : events.keys) {
    int index = -1;
    if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9)
      index = key - GLFW_KEY_1;
    else if (key >= GLFW_KEY_KP_1 && key <= GLFW_KEY_KP_9)
      index = key - GLFW_KEY_KP_1;
    if (index >= 0 && index < static_cast<int>(views.size()))
      showView(views[static_cast<std::size_t>(index)].view, settings_.camera.animateViews);
    switch (key) {
      case GLFW_KEY_F:
        frameAll(true);
        break;
      case GLFW_KEY_O:
        if (!ui_.fileDialog.isOpen() && ui_.notices.empty() && ui_.caseUi.editPin < 0)
          ui_.fileDialog.open(model_.path);
        break;
      case GLFW_KEY_R:
        resetView();
        break;
      case GLFW_KEY_LEFT:
        camera_.orbit(-step, 0.f, height);
        break;
      case GLFW_KEY_RIGHT:
        camera_.orbit(step, 0.f, height);
        break;
      case GLFW_KEY_UP:
        camera_.orbit(0.f, -step, height);
        break;
      case GLFW_KEY_DOWN:
        camera_.orbit(0.f, step, height);
        break;
      default:
        break;
    }
  }
  // Zoom by the character typed, not the key: '+' is on different keys in different layouts.
  // The keypad's + and - type these characters too. '=' is '+' without Shift on US keyboards.
  for (unsigned c : events.chars) {
    if (c == '+' || c == '=')
      camera_.zoom(settings_.camera.keyZoomSteps);
    else if (c == '-')
      camera_.zoom(-settings_.camera.keyZoomSteps);
  }
  for (int key : events.dialogKeys) {
    // Enter confirms a notice but must not cancel the file dialog; Escape closes either, and
    // with no modal open it closes the Controls window.
    const bool modal = ui_.fileDialog.isOpen() || !ui_.notices.empty() || settings_.ui.showAbout ||
                       ui_.caseUi.editPin >= 0 ||
                       storyCardOpen(ui_.story);
    if (key == GLFW_KEY_ESCAPE && !modal)
      settings_.ui.showHelp = false;
    else if (key == GLFW_KEY_ESCAPE || !ui_.fileDialog.isOpen())
      ui_.dismissRequested = true;
  }
  bool loaded = false;
  for (const auto& file : events.droppedFiles) {
    const std::string name = std::filesystem::path(file).filename().string();
    if (!isModelFile(file)) {
      notify("Cannot open this file", name + " is not a .gltf or .glb file.");
    } else if (!loaded) {  // one model at a time: the first one dropped
      if (auto error = loadModel(file, {}, {})) notify("Could not open the model", *error);
      loaded = true;
    }
  }
}

void Viewer::applyActions(const PanelActions& actions) {
  if (actions.openFile) {
    if (auto error = loadModel(*actions.openFile, {}, {})) {
      std::fprintf(stderr, "spineview: Could not open the model: %s\n", error->c_str());
      // Back to the same folder, with the reason, so another file is one tap away.
      ui_.fileDialog.reopenWithError(*actions.openFile, "Could not open the model: " + *error);
    }
  }
  if (actions.zoomSteps != 0.f) camera_.zoom(actions.zoomSteps);
  if (actions.frameAll) frameAll(true);
  if (actions.reset) resetView();
  if (actions.view) showView(*actions.view, settings_.camera.animateViews);
  if (actions.goToPose) camera_.setPose(*actions.goToPose, settings_.camera.animateViews);
  applyRecordActions(actions.story.record);
  if (actions.story.open) {
    const auto& entries = ui_.story.entries;
    const auto entry = std::find_if(entries.begin(), entries.end(),
                                    [&](const StoryEntry& e) { return e.name == *actions.story.open; });
    if (entry != entries.end() && entry->recorded) openRecorded(*actions.story.open);
    else openStories({*actions.story.open});
  }
  if (actions.story.openSplit) openStories({kComparedStories.begin(), kComparedStories.end()});
  if (actions.story.close) {
    story_.close();
    frameAll(true);  // the story's framing left room for captions that are gone
  }
  applyCaseActions(actions.caseActions);
  if (actions.savedViewEdit) {
    // The goal, not the current pose: a view saved mid-animation is where the camera is going.
    const SaveOutcome done =
        applyEdit(ui_.savedViews.views, *actions.savedViewEdit, camera_.goal(), model_.path);
    if (!done.message.empty()) notify("Saved views", done.message);
  }
}

}  // namespace spineview::app
