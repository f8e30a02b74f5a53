// The viewer's loop. Frame order: poll -> camera update -> ImGui frame -> widgets -> apply
// settings -> render scene -> render ImGui -> swap. Frames are drawn only after input, while
// the camera eases, and for a few frames after input so ImGui's hover states settle; otherwise
// the loop blocks in glfwWaitEvents and the process uses no CPU.
#include "app/viewer_app.h"

#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/file_dialog.h"
#include "app/headless_render.h"
#include "app/inside_panel.h"
#include <imgui.h>
#include "app/ui_style.h"
#include "scene/gltf_import.h"
#include "story/story_frame.h"

namespace spineview::app {

namespace {

using Clock = std::chrono::steady_clock;

// Frames drawn after the last event or UI change: ImGui needs a couple to settle hover
// states, and a newly shown window is measured in one frame and drawn in the next.
constexpr int kSettleFrames = 3;
constexpr double kFrameBudget = 1.0 / 60.0;  // caps the rate while easing if vsync is absent
constexpr float kMaxDt = 0.25f;          // a stalled frame may not jump the camera further
constexpr double kIdleStartLimit = 3.0;  // measure anyway if the loop never goes idle

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return sec(usage.ru_utime) + sec(usage.ru_stime);
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

Result<std::unique_ptr<Viewer>> Viewer::create(const CliOptions& options) {
  std::unique_ptr<Viewer> self(new Viewer());
  auto view = resolveView(options.view);
  if (!view) return Error{view.error()};
  self->startView_ = view.value();

  auto window = ViewerWindow::create("SpineView", options.size);
  if (!window) return Error{window.error()};
  self->window_ = std::move(window.value());

  auto renderer =
      Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!renderer) return Error{renderer.error()};
  self->renderer_ = std::move(renderer.value());
  const int stillSamples = self->settings_.render.msaaSamples;
  self->softwareRenderer_ = isSoftwareRenderer();
  const int interactiveSamples = self->softwareRenderer_ ? 0 : stillSamples;
  // Sized by the first frame; the second pane's are used only by the split view.
  for (ScenePane& pane : self->panes_) {
    pane.interactive =
        std::make_unique<RenderTarget>(RenderTarget::Kind::Window, 0, 0, interactiveSamples);
    if (interactiveSamples != stillSamples)
      pane.still = std::make_unique<RenderTarget>(RenderTarget::Kind::Window, 0, 0, stillSamples);
  }
  self->updateUiScale();
  // Once, before the model: a broken file is a notice, and the views that were valid stay.
  if (auto error = self->ui_.savedViews.views.load())
    self->notify("Some saved views could not be read", *error);
  if (auto error = self->loadModel(options.file, options.hide))
    self->notify("Could not open the model", *error);
  self->ui_.story.entries = scanStories(defaultStoryDir());
  if (options.compare) self->openStories({kSplitLeft, kSplitRight});
  else if (!options.story.empty()) self->openStories({options.story});
  if (self->story_.active()) {  // from the command line: paused at --at, ready to present
    self->story_.pause();
    self->story_.seek(options.at);
  }
  return self;
}

Size Viewer::sceneSize() const {
  Size fb = window_->framebufferSize();
  const Size win = window_->windowSize();
  if (win.width <= 0) return fb;
  const float pixelsPerUnit = static_cast<float>(fb.width) / static_cast<float>(win.width);
  const float panel = sidePanelWidth(settings_.ui, uiScale_, static_cast<float>(win.width));
  fb.width = std::max(0, fb.width - static_cast<int>(std::lround(panel * pixelsPerUnit)));
  return fb;
}

float Viewer::sceneWidthUi() const {
  const float width = static_cast<float>(window_->windowSize().width);
  return width - sidePanelWidth(settings_.ui, uiScale_, width);
}

Size Viewer::paneSize() const {
  const Size scene = sceneSize();
  return {scene.width / paneCount(), scene.height};
}

int Viewer::paneAt(glm::vec2 windowPos) const {
  return paneCount() > 1 && windowPos.x >= sceneWidthUi() * 0.5f ? 1 : 0;
}

float Viewer::aspect() const {
  const Size s = paneSize();
  return s.width > 0 && s.height > 0 ? static_cast<float>(s.width) / static_cast<float>(s.height)
                                     : 1.f;
}

void Viewer::notify(const std::string& title, const std::string& message) {
  std::fprintf(stderr, "spineview: %s: %s\n", title.c_str(), message.c_str());
  ui_.notices.push_back({title, message});
}

std::optional<std::string> Viewer::loadModel(const std::string& path,
                                             const std::vector<std::string>& hides) {
  // On failure the previous model, its layers and the camera stay as they were.
  auto scene = importGltf(path);
  if (!scene) return scene.error();
  if (auto error = renderer_->setScene(scene.value())) return error->message;
  scene_ = std::move(scene.value());
  // Near and far planes keep the whole model in view, whatever part of it is framed.
  camera_.setClipBounds(scene_->worldBounds());
  // On a software rasteriser, frames drawn while the camera moves use simplified meshes.
  lodPending_ = softwareRenderer_;
  for (ScenePane& pane : panes_) pane.last.reset();  // same camera and layers, other model
  nodeIds_.reset();
  nodeIdsFrame_.reset();
  hoveredNode_ = pinnedNode_ = -1;
  layers_ = findLayers(*scene_);
  rig_ = buildSpineRig(*scene_);
  labels_[0].setScene(*scene_, rig_);
  labels_[1] = labels_[0];
  cutFrame_ = cutFrame(*scene_);
  settings_.layers = LayerState::defaultsFor(*scene_, layers_);
  if (auto err = applyHides(layers_, settings_.layers, hides))
    notify("Unknown layer", err->message);
  model_ = {true, path, scene_->triangleCount(), scene_->warnings};
  if (startView_) showView(*startView_, false);
  else frameAll(false);
  storyCameraKey_.clear();  // the story frames the new model at once
  // A story written for other parts stops rather than drive nodes that are not there.
  for (const Story& story : story_.stories())
    if (auto error = checkStoryTargets(story, *scene_)) {
      story_.close();
      notify("The story was closed", error->message);
      break;
    }
  return std::nullopt;
}

void Viewer::openStories(const std::vector<std::string>& names) {
  ui_.story.entries = scanStories(defaultStoryDir());  // titles of stories edited meanwhile
  if (!scene_) return notify("Cannot play a story", "Open a model first.");
  std::vector<Story> stories;
  for (const std::string& name : names) {
    auto story = loadStoryFor(name, *scene_);
    if (!story) return notify("Could not open the story", story.error());
    stories.push_back(std::move(story.value()));
  }
  story_.open(std::move(stories));
  story_.play();
  for (LabelOverlay& labels : labels_) labels.resetHistory();
}

void Viewer::followStoryCamera() {
  if (!story_.active() || !scene_) return;
  const StoryState lead = story_.state(0);
  const std::string key = lead.fromView + ">" + lead.view + " " + std::to_string(lead.viewProgress) +
                          " " + std::to_string(lead.zoom);
  if (story_.seeks() == storyCameraSeeks_ && key == storyCameraKey_) return;
  storyCameraSeeks_ = story_.seeks();
  storyCameraKey_ = key;
  auto pose = storyCameraPose(lead, *scene_, aspect());
  if (!pose) return;
  // The captions and the story bar cover the bottom of the view: the story's framing goes
  // into the part above them, a little further away and raised.
  const float height = static_cast<float>(std::max(1, window_->windowSize().height));
  const float covered = std::clamp(storyOverlayHeight(story_, captionFont_) / height, 0.f, 0.45f);
  pose->distance /= 1.f - covered;
  // The story eases its own moves, so the camera takes each pose as it comes.
  camera_.setPose(*pose, false);
  camera_.pan(0.f, -0.5f * covered * height, height);
  camera_.setPose(camera_.goal(), false);
}

FrameState Viewer::paneFrame(int pane, const FrameState& base) const {
  if (!story_.active() || !scene_) return base;
  FrameState frame = base;
  const StoryState state = story_.state(size_t(pane));
  applyStoryState(state, {*scene_, rig_, layers_}, frame);
  if (state.cut == "off") frame.cut = base.cut;  // the user's own cut stays available
  return frame;
}

void Viewer::handleStoryKeys(const InputEvents& events) {
  if (!story_.active()) return;
  for (int key : events.keyPresses)
    if (key == GLFW_KEY_SPACE) story_.togglePlay();  // a held key must not flicker
  for (int key : events.keys) {
    switch (key) {
      case GLFW_KEY_PAGE_UP: story_.previousChapter(); break;
      case GLFW_KEY_PAGE_DOWN: story_.nextChapter(); break;
      case GLFW_KEY_HOME: story_.seek(0.0); break;
      default: break;
    }
  }
  // By character, as for zoom: these sit on different keys in different layouts.
  for (unsigned c : events.chars) {
    if (c == '[') story_.previousChapter();
    else if (c == ']') story_.nextChapter();
    else if (c == '<' || c == ',') story_.slower();
    else if (c == '>' || c == '.') story_.faster();
  }
}

void Viewer::updateUiScale() {
  const Size fb = window_->framebufferSize();
  const Size win = window_->windowSize();
  const float ratio =
      win.width > 0 ? static_cast<float>(fb.width) / static_cast<float>(win.width) : 1.f;
  appliedContentScale_ = window_->contentScale();
  const UiScale scale = applyUiStyle(settings_.ui.baseFontPixels, appliedContentScale_, ratio,
                                     SPINEVIEW_FONT_FILE);
  uiScale_ = scale.style;
  captionFont_ = scale.caption;
  if (!scale.warning.empty()) std::fprintf(stderr, "spineview: warning: %s\n", scale.warning.c_str());
}

void Viewer::frameAll(bool animate) {
  // The shown layers only: hidden procedure parts must not leave the spine small and off-centre.
  if (scene_) camera_.frame(visibleBounds(*scene_, settings_.layers), aspect(), animate);
}

int Viewer::pickAt(glm::vec2 windowPos) {
  const int paneIndex = paneAt(windowPos);
  const std::optional<FrameState>& last = panes_[size_t(paneIndex)].last;
  if (!scene_ || !last) return -1;
  const Size pane = paneSize();
  const Size fb = window_->framebufferSize();
  const Size win = window_->windowSize();
  if (pane.width <= 0 || pane.height <= 0 || win.width <= 0 || win.height <= 0) return -1;
  if (!nodeIds_ || !nodeIdsFrame_ || pickPane_ != paneIndex || !(*nodeIdsFrame_ == *last) ||
      nodeIds_->width != pane.width || nodeIds_->height != pane.height) {
    nodeIds_ = renderer_->renderNodeIds(*last, pane.width, pane.height);
    nodeIdsFrame_ = last;
    pickPane_ = paneIndex;
  }
  const glm::vec2 ratio(static_cast<float>(fb.width) / static_cast<float>(win.width),
                        static_cast<float>(fb.height) / static_cast<float>(win.height));
  const glm::ivec2 pixel(windowPos * ratio);
  // The panes fill the framebuffer's top-left side by side; rows of the image run from the top.
  return nodeIds_->nodeAt(pixel.x - paneIndex * pane.width, pixel.y);
}

void Viewer::focusOn(int node) {
  if (!scene_ || node < 0) return;
  Bounds bounds = scene_->nodeWorldBounds(node);
  if (!bounds.valid()) return;
  // Small parts (a marker, a nerve root's tip) are framed with some of their surroundings.
  const float minimumSize = 0.02f * scene_->worldBounds().radius() / 0.1f;
  const glm::vec3 half = glm::max(bounds.size() * 0.5f, glm::vec3(minimumSize * 0.5f));
  bounds.min = bounds.center() - half;
  bounds.max = bounds.center() + half;
  camera_.frame(bounds, aspect(), true);
}

glm::vec3 Viewer::cutAxis() const {
  const InsideSettings& in = settings_.inside;
  if (in.cut == CutMode::Free || !scene_) return in.freeNormal;
  const CutFrame& f = cutFrame_;
  return in.cut == CutMode::Axial ? f.up : in.cut == CutMode::Sagittal ? f.left : f.anterior;
}

CutPlane Viewer::cutPlane() const {
  const InsideSettings& in = settings_.inside;
  if (in.cut == CutMode::Off || !scene_) return {};
  CutPlane plane;
  if (in.cut == CutMode::Free) {
    // Keeps the half beyond the plane as seen when Free was chosen.
    plane = CutPlane::through(cutFrame_.centre + in.freeNormal * (in.cutOffsetMm * 0.001f),
                              in.freeNormal);
  } else {
    const CutAxis axis = in.cut == CutMode::Axial      ? CutAxis::Axial
                         : in.cut == CutMode::Sagittal ? CutAxis::Sagittal
                                                       : CutAxis::Coronal;
    plane = makeCut(cutFrame_, CutSpec{axis, in.cutOffsetMm});
  }
  if (in.cutFlipped) {
    plane.normal = -plane.normal;
    plane.offset = -plane.offset;
  }
  return plane;
}

void Viewer::moveCut(glm::vec2 dragPixels) {
  if (settings_.inside.cut == CutMode::Off || !scene_) return;
  // The plane follows the finger: the drag is measured along the axis as drawn on screen.
  const CameraMatrices m = camera_.matrices(aspect());
  const Size win = window_->windowSize();
  auto toScreen = [&](const glm::vec3& p) {
    const glm::vec4 c = m.projection * m.view * glm::vec4(p, 1.f);
    return glm::vec2(c.x / c.w, -c.y / c.w) * 0.5f * glm::vec2(win.width, win.height);
  };
  const glm::vec3 centre = cutFrame_.centre;
  const glm::vec2 tenMm = toScreen(centre + cutAxis() * 0.01f) - toScreen(centre);
  float mm = 0.f;
  if (glm::length(tenMm) > 8.f)
    mm = glm::dot(dragPixels, glm::normalize(tenMm)) * 10.f / glm::length(tenMm);
  else  // the axis points at the camera: dragging up moves the plane toward the viewer
    mm = -dragPixels.y * 10.f / std::max(8.f, glm::length(tenMm) + 8.f);
  settings_.inside.cutOffsetMm = std::clamp(settings_.inside.cutOffsetMm + mm, -40.f, 40.f);
}

void Viewer::handlePointer(const InputEvents& events) {
  if (events.tap) pinnedNode_ = pickAt(*events.tap);
  if (events.doubleClick) {
    const int node = pickAt(events.doubleClickAt);
    if (node >= 0) focusOn(node);
    else frameAll(true);
  }
  // Hover with a mouse: only while nothing moves, so picking never slows a drag or playback,
  // and, while a structure is pinned, only in its pane (one picking image serves both).
  const bool overScene = events.pointerInWindow && !events.pointerOverUi && !events.dragging &&
                         events.pointer.x < sceneWidthUi() &&
                         (pinnedNode_ < 0 || paneAt(events.pointer) == pickPane_);
  if (!overScene || story_.playing()) hoveredNode_ = -1;
  else if (!camera_.moving()) hoveredNode_ = pickAt(events.pointer);
}

void Viewer::drawOutline(const Size& pane) {
  const int node = inspectedNode();
  const std::optional<FrameState>& last = panes_[size_t(pickPane_)].last;
  if (node < 0 || pickPane_ >= paneCount() || !nodeIds_ || !nodeIdsFrame_ || !last ||
      !(*nodeIdsFrame_ == *last))
    return;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(pickPane_ * pane.width, 0, pane.width, pane.height);
  renderer_->drawOutline(node, kOutlineColor, kOutlineWidth * std::max(1.f, uiScale_));
}

void Viewer::showView(const NamedView& view, bool animate) {
  // Direction first, then framing from it (as --render does): a named view is centred and
  // fitted, whatever pan and zoom came before.
  camera_.setView(view, animate);
  frameAll(animate);
}

void Viewer::resetView() {
  if (startView_) showView(*startView_, true);
  else frameAll(true);
}

void Viewer::handleInput(const InputEvents& events) {
  const float height = static_cast<float>(std::max(1, window_->windowSize().height));
  glm::vec2 orbit = events.orbit, pan = events.pan, cutDrag = events.cutDrag;
  if (settings_.inside.dragMovesCut && settings_.inside.cut != CutMode::Off) {
    cutDrag += orbit;  // the Drag moves cut toggle, for one-finger touch
    orbit = glm::vec2(0.f);
  } else if (settings_.camera.leftDragPans) {  // the Pan toggle, for one-finger touch
    pan += orbit;
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
    if (key >= GLFW_KEY_1 && key <= GLFW_KEY_9) index = key - GLFW_KEY_1;
    else if (key >= GLFW_KEY_KP_1 && key <= GLFW_KEY_KP_9) index = key - GLFW_KEY_KP_1;
    if (index >= 0 && index < static_cast<int>(views.size()))
      showView(views[static_cast<std::size_t>(index)].view, settings_.camera.animateViews);
    switch (key) {
      case GLFW_KEY_F: frameAll(true); break;
      case GLFW_KEY_O:
        if (!ui_.fileDialog.isOpen() && ui_.notices.empty()) ui_.fileDialog.open(model_.path);
        break;
      case GLFW_KEY_R: resetView(); break;
      case GLFW_KEY_LEFT: camera_.orbit(-step, 0.f, height); break;
      case GLFW_KEY_RIGHT: camera_.orbit(step, 0.f, height); break;
      case GLFW_KEY_UP: camera_.orbit(0.f, -step, height); break;
      case GLFW_KEY_DOWN: camera_.orbit(0.f, step, height); break;
      default: break;
    }
  }
  // Zoom by the character typed, not the key: '+' is on different keys in different layouts.
  // The keypad's + and - type these characters too. '=' is '+' without Shift on US keyboards.
  for (unsigned c : events.chars) {
    if (c == '+' || c == '=') camera_.zoom(settings_.camera.keyZoomSteps);
    else if (c == '-') camera_.zoom(-settings_.camera.keyZoomSteps);
  }
  for (int key : events.dialogKeys) {
    // Enter confirms a notice but must not cancel the file dialog; Escape closes either, and
    // with no modal open it closes the Controls window.
    const bool modal = ui_.fileDialog.isOpen() || !ui_.notices.empty() || settings_.ui.showAbout ||
                       storyCardOpen(ui_.story);
    if (key == GLFW_KEY_ESCAPE && !modal) settings_.ui.showHelp = false;
    else if (key == GLFW_KEY_ESCAPE || !ui_.fileDialog.isOpen()) ui_.dismissRequested = true;
  }
  bool loaded = false;
  for (const auto& file : events.droppedFiles) {
    const std::string name = std::filesystem::path(file).filename().string();
    if (!isModelFile(file)) {
      notify("Cannot open this file", name + " is not a .gltf or .glb file.");
    } else if (!loaded) {  // one model at a time: the first one dropped
      if (auto error = loadModel(file, {})) notify("Could not open the model", *error);
      loaded = true;
    }
  }
}

void Viewer::applyActions(const PanelActions& actions) {
  if (actions.openFile) {
    if (auto error = loadModel(*actions.openFile, {})) {
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
  if (actions.story.open) openStories({*actions.story.open});
  if (actions.story.openSplit) openStories({kSplitLeft, kSplitRight});
  if (actions.story.close) {
    story_.close();
    frameAll(true);  // the story's framing left room for captions that are gone
  }
  if (actions.savedViewEdit) {
    // The goal, not the current pose: a view saved mid-animation is where the camera is going.
    const SaveOutcome done =
        applyEdit(ui_.savedViews.views, *actions.savedViewEdit, camera_.goal(), model_.path);
    if (!done.message.empty()) notify("Saved views", done.message);
  }
}

// What, when it changes during a frame, means ImGui needs more frames to show the change.
struct UiSnapshot {
  bool panel, help, about, dialog;
  std::size_t notices;
  std::string model;
  bool operator==(const UiSnapshot& o) const {
    return panel == o.panel && help == o.help && about == o.about && dialog == o.dialog &&
           notices == o.notices && model == o.model;
  }
};

bool Viewer::drawFrame(const InputEvents& events, float dt) {
  auto snapshot = [this] {
    return UiSnapshot{settings_.ui.showSidePanel, settings_.ui.showHelp, settings_.ui.showAbout,
                      ui_.fileDialog.isOpen(), ui_.notices.size(), model_.path};
  };
  const UiSnapshot before = snapshot();
  // Compared every frame rather than on the event alone, so a change while minimised counts.
  if (window_->contentScale() != appliedContentScale_) updateUiScale();
  handleInput(events);
  camera_.update(dt);

  story_.advance(dt);

  window_->beginImGuiFrame();
  const PanelActions actions = drawPanels(layers_, model_, settings_, ui_, story_, uiScale_);
  applyActions(actions);
  SceneOverlayActions overlay;
  const float sceneWidth = sceneWidthUi();
  const float height = static_cast<float>(window_->windowSize().height);
  float storyTop = height;  // where the story's captions begin
  {
    overlay = drawSceneToolbar(settings_, layers_, sceneWidth);
    storyTop = std::min(storyTop, drawStoryOverlay(story_, sceneWidth, captionFont_));
    const int node = inspectedNode();
    if (scene_ && node >= 0 && node < static_cast<int>(scene_->nodes.size())) {
      const NodeInfo& info = scene_->nodes[static_cast<size_t>(node)].info;
      // In the split view, under the structure's own pane.
      const float paneWidthUi = sceneWidth / static_cast<float>(paneCount());
      const int pane = std::min(pickPane_, paneCount() - 1);
      drawInfoCard({info.displayName, info.description, info.clinical, pinnedNode_ >= 0},
                   paneWidthUi * static_cast<float>(pane), paneWidthUi, storyTop, overlay);
    }
    if (overlay.closeInfoCard) pinnedNode_ = -1;
    if (overlay.zoomSteps != 0.f) camera_.zoom(overlay.zoomSteps);
    if (overlay.frameAll) frameAll(true);
    if (overlay.freeCutFromView) {
      const CameraMatrices m = camera_.matrices(aspect());
      settings_.inside.freeNormal = -glm::vec3(glm::transpose(m.view)[2]);  // view direction
    }
  }
  // After the widgets, which may have scrubbed or stepped the story.
  followStoryCamera();

  // Apply settings: the one place where the edited structs become the frame's state.
  // The panes cover the framebuffer left of the side panel, side by side; the renderer's blit
  // puts each at the bottom of its column, and the clear fills the strip under the panel.
  const int panes = paneCount();
  const Size pane = paneSize();
  for (int p = 0; p < panes; ++p) {
    ScenePane& sp = panes_[size_t(p)];
    for (RenderTarget* target : {sp.interactive.get(), sp.stillTarget()}) {
      if (pane.width != target->width() || pane.height != target->height()) {
        target->resize(pane.width, pane.height);
        sp.last.reset();
      }
      target->setWindowOriginX(p * pane.width);
    }
  }
  for (int p = panes; p < static_cast<int>(panes_.size()); ++p) {
    ScenePane& unused = panes_[size_t(p)];  // the split view closed: give its buffers back
    for (RenderTarget* target : {unused.interactive.get(), unused.stillTarget()})
      if (target->width() != 0) target->resize(0, 0);
    unused.last.reset();
  }
  FrameState base;
  base.camera = camera_.matrices(aspect());
  base.layers = settings_.layers;
  base.settings = settings_.render;
  base.cut = cutPlane();
  std::array<FrameState, 2> frames;
  for (int p = 0; p < panes; ++p) frames[size_t(p)] = paneFrame(p, base);
  const float paneWidthUi = sceneWidth / static_cast<float>(panes);
  if (settings_.inside.labels && scene_) {
    // Placed in window units over each pane, clear of the toolbar, the captions and the card
    // (in the pane it is in).
    const int cardPane = std::min(pickPane_, panes - 1);
    for (int p = 0; p < panes; ++p) {
      const float bottom = std::min(storyTop, p == cardPane ? overlay.cardTop : height);
      const LabelRect area{{0.f, overlay.toolbarBottom}, {paneWidthUi, std::min(height, bottom)}};
      drawLabels(ImGui::GetBackgroundDrawList(),
                 labels_[size_t(p)].update(frames[size_t(p)], {paneWidthUi, height}, area, uiScale_),
                 uiScale_, {paneWidthUi * static_cast<float>(p), 0.f});
    }
  }
  if (panes > 1)
    ImGui::GetBackgroundDrawList()->AddLine(ImVec2(paneWidthUi, 0.f), ImVec2(paneWidthUi, height),
                                            IM_COL32(10, 10, 12, 255), 3.f * uiScale_);
  window_->clear(settings_.render.backgroundBottom);
  if (pane.width > 0 && pane.height > 0) {
    // The first frame of a model is a quick one, refined by a still frame right after.
    bool interactive = camera_.moving() || events.any || story_.playing();
    for (int p = 0; p < panes; ++p) interactive = interactive || !panes_[size_t(p)].last;
    for (int p = 0; p < panes; ++p) {
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
        sp.lastTarget = target;
      }
    }
    // Once still, the inspected structure is outlined again in the new picture.
    const std::optional<FrameState>& picked = panes_[size_t(std::min(pickPane_, panes - 1))].last;
    if (!interactive && inspectedNode() >= 0 && picked &&
        !(nodeIdsFrame_ && *nodeIdsFrame_ == *picked)) {
      pickPane_ = std::min(pickPane_, panes - 1);
      nodeIds_ = renderer_->renderNodeIds(*picked, pane.width, pane.height);
      nodeIdsFrame_ = picked;
    }
    drawOutline(pane);
  }
  window_->renderImGui();
  window_->swapBuffers();
  return !(snapshot() == before);
}

std::optional<IdleReport> Viewer::run(double idleSeconds) {
  const bool measure = idleSeconds > 0.0;
  const auto runStart = Clock::now();
  std::optional<Clock::time_point> idleStart;
  double idleCpuStart = 0.0;
  int framesWhileIdle = 0;

  int settle = kSettleFrames;
  auto lastFrame = Clock::now();
  // Zero while minimised: nothing can be drawn.
  auto drawable = [this] {
    const Size fb = window_->framebufferSize();
    return fb.width > 0 && fb.height > 0;
  };
  while (!window_->shouldClose()) {
    const bool busy = drawable() && (camera_.moving() || story_.playing() || settle > 0 ||
                                     needsStillFrame());

    if (measure && !idleStart && (!busy || seconds(Clock::now() - runStart) > kIdleStartLimit)) {
      idleStart = Clock::now();
      idleCpuStart = cpuSeconds();
    }
    if (measure && idleStart) {
      const double left = idleSeconds - seconds(Clock::now() - *idleStart);
      if (left <= 0.0)
        return IdleReport{seconds(Clock::now() - *idleStart), cpuSeconds() - idleCpuStart,
                          framesWhileIdle};
      window_->waitEvents(busy ? std::min(left, kFrameBudget) : left);
    } else if (busy) {
      // Easing: wake for input at once, otherwise draw at most kFrameBudget apart.
      window_->waitEvents(std::max(0.0, kFrameBudget - seconds(Clock::now() - lastFrame)));
    } else {
      window_->waitEvents(std::nullopt);
      // Time spent waiting is not animation time: the next frame steps as if it followed on.
      lastFrame = Clock::now() - std::chrono::microseconds(16667);
    }

    // Asked again after the wait, which may have minimised or restored the window. While
    // nothing can be drawn the events stay queued in the window (a key pressed or a file
    // dropped meanwhile is handled on restore), and the next wait blocks.
    if (!drawable()) continue;
    const InputEvents events = window_->takeEvents();
    if (events.any) settle = kSettleFrames;
    if (!(camera_.moving() || story_.playing() || settle > 0 || needsStillFrame())) continue;

    const auto now = Clock::now();
    const float dt = std::min(kMaxDt, static_cast<float>(seconds(now - lastFrame)));
    lastFrame = now;
    if (drawFrame(events, dt)) settle = kSettleFrames;
    else --settle;
    if (lodPending_ && scene_) {
      // After the first frame is on screen: the simplified meshes for motion frames.
      renderer_->buildInteractiveLod(*scene_);
      lodPending_ = false;
    }
    if (idleStart) ++framesWhileIdle;
  }
  return std::nullopt;
}

}  // namespace spineview::app
