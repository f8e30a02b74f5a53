// The viewer's loop and the model it shows. Frame order (viewer_frame.cpp): poll -> camera
// update -> ImGui frame -> widgets -> compose each pane's frame -> render scene -> render ImGui
// -> swap. Frames are drawn only after input, while the camera eases, and for a few frames
// after input so ImGui's hover states settle; otherwise the loop blocks in glfwWaitEvents and
// the process uses no CPU. While idle after a model is opened, the draw-state warm-up runs one
// probe at a time (frame/warm_up.h).
#include "app/viewer_app.h"

#include <glad/gl.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "app/headless_render.h"
#include "app/ui_style.h"
#include "app/warm_up_record.h"
#include "frame/framing.h"
#include "scene/gltf/import.h"
#include "story/story_list.h"

namespace spineview::app {

namespace {

using Clock = std::chrono::steady_clock;

// Frames drawn after the last event or UI change: ImGui needs a couple to settle hover
// states, and a newly shown window is measured in one frame and drawn in the next.
constexpr int kSettleFrames = 3;
constexpr double kFrameBudget = 1.0 / 60.0;  // caps the rate while easing if vsync is absent
constexpr double kExportProgressInterval = 0.1;  // the panel's redraws while an export runs
constexpr double kCaseRebuildPollInterval = 0.05;  // how soon a finished case rebuild shows
constexpr double kRecordingTick = 0.25;  // the recording's clock moves on screen while idle
constexpr float kMaxDt = 0.25f;          // a stalled frame may not jump the camera further
constexpr double kIdleStartLimit = 3.0;  // measure anyway if the loop never goes idle
constexpr double kWarmUpWaitLimit = 120.0;  // the same while a warm-up runs

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

  self->shaderDir_ = options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir;
  auto renderer = Renderer::create(self->shaderDir_);
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
  self->ui_.story.entries = scanAllStories();  // before the model: its warm-up
  if (auto error = self->loadModel(options.file, options.show, options.hide))
    self->notify("Could not open the model", *error);
  if (self->scene_ && options.caseFlags.any()) {  // --case and its flags: built in the background
    auto chosen = caseFromFlags(options.caseFlags, *self->scene_);
    if (!chosen) self->notify("Could not use the case", chosen.error());
    else {
      self->ui_.caseUi.edited = *chosen.value();
      if (!options.caseFlags.file.empty())
        std::snprintf(self->ui_.caseUi.path, sizeof self->ui_.caseUi.path, "%s", options.caseFlags.file.c_str());
      self->startCaseRebuild();
    }
  }
  if (options.compare) self->openStories(options.comparedStories);
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
                                             const std::vector<std::string>& shows,
                                             const std::vector<std::string>& hides) {
  // On failure the previous model, its layers and the camera stay as they were.
  auto scene = importGltf(path);
  if (!scene) return scene.error();
  if (recorder_.recording()) stopRecording();  // saved for the model it was made on
  if (auto error = installScene(std::move(scene.value()))) return error;
  pinnedNode_ = -1;
  settings_.layers = anatomy_.defaultLayers();
  if (auto err = settings_.layers.setAllVisible(anatomy_.layers, shows, true))
    notify("Unknown layer", err->message);
  if (auto err = settings_.layers.hideAll(anatomy_.layers, hides))
    notify("Unknown layer", err->message);
  model_ = {true, path, scene_->triangleCount(), scene_->warnings};
  resetCaseUi();
  showView(homeView(), false);
  storyCameraKey_.clear();  // the story frames the new model at once
  // A story written for other parts stops rather than drive nodes that are not there.
  for (const Story& story : story_.stories())
    if (auto error = checkStoryTargets(story, *scene_, anatomy_.parts)) {
      story_.close();
      notify("The story was closed", error->message);
      break;
    }
  planWarmUp(path);
  return std::nullopt;
}

std::optional<std::string> Viewer::installScene(Scene scene) {
  Anatomy anatomy = Anatomy::of(scene);
  if (auto error = renderer_->setScene(scene, anatomy.drawHints(scene))) return error->message;
  warmUp_.reset();  // it reads the scene being replaced
  scene_ = std::move(scene);
  anatomy_ = std::move(anatomy);
  // Near and far planes keep the whole model in view, whatever part of it is framed.
  camera_.setClipBounds(scene_->worldBounds());
  // On a software rasteriser, frames drawn while the camera moves use simplified meshes.
  lodPending_ = softwareRenderer_;
  for (ScenePane& pane : panes_) pane.last.reset();  // same camera and layers, other scene
  picks_.clear();
  hoveredNode_ = -1;
  labels_[0].setScene(*scene_, anatomy_);
  labels_[1] = labels_[0];
  return std::nullopt;
}

void Viewer::planWarmUp(const std::string& modelPath) {
  const auto text = [](GLenum name) {
    const GLubyte* value = glGetString(name);
    return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
  };
  std::error_code ec;  // the same model by any path is the same key
  const std::filesystem::path model = std::filesystem::weakly_canonical(modelPath, ec);
  warmUpKey_ = warmUpKey(text(GL_RENDERER) + " / " + text(GL_VERSION),
                         ec ? modelPath : model.string(), shaderDir_, defaultStoryDir());
  if (warmedUpBefore(warmUpRecordPath(), warmUpKey_)) return;
  warmUp_ = std::make_unique<DrawStateWarmUp>(
      *scene_, anatomy_, playableStories(*scene_, anatomy_, ui_.story.entries), softwareRenderer_);
}

void Viewer::stepWarmUp() {
  // A tap probe replaced the ids the outline is drawn from: picked again when next needed.
  if (warmUp_->step(*renderer_)) picks_.clear();
  if (!warmUp_->done()) return;
  warmUp_.reset();
  if (auto error = recordWarmUp(warmUpRecordPath(), warmUpKey_))
    std::fprintf(stderr, "spineview: the warm-up will run again next time: %s\n",
                 error->message.c_str());
}

void Viewer::openStories(const std::vector<std::string>& names) {
  ui_.story.entries = scanAllStories();  // titles of stories edited meanwhile
  if (!scene_) return notify("Cannot play a story", "Open a model first.");
  std::vector<Story> stories;
  for (const std::string& name : names) {
    auto story = loadStoryFor(name, *scene_, anatomy_.parts);
    if (!story) return notify("Could not open the story", story.error());
    stories.push_back(std::move(story.value()));
  }
  story_.open(std::move(stories));
  story_.play();
  for (LabelOverlay& labels : labels_) labels.resetHistory();
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
    const bool warming = warmUp_ != nullptr;
    const bool drawing = camera_.moving() || story_.playing() || settle > 0 || needsStillFrame();
    const bool busy = drawable() && (drawing || warming);

    // The idle measurement waits for the warm-up (it steps only while nothing else draws).
    const double sinceStart = seconds(Clock::now() - runStart);
    if (measure && !idleStart &&
        (!busy || sinceStart > (warming ? kWarmUpWaitLimit : kIdleStartLimit))) {
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
    } else if (caseBuilder_.busy()) {
      // A case rebuild on the worker thread: look for its result twenty times a second.
      window_->waitEvents(kCaseRebuildPollInterval);
      lastFrame = Clock::now() - std::chrono::microseconds(16667);
    } else if (recorder_.recording()) {
      window_->waitEvents(kRecordingTick);
      lastFrame = Clock::now() - std::chrono::microseconds(16667);
    } else if (ui_.exportDialog.running()) {
      // A background export: its progress bar moves ten times a second; the 3D view is only
      // presented again, so the export keeps the processor.
      window_->waitEvents(kExportProgressInterval);
      lastFrame = Clock::now() - std::chrono::microseconds(16667);
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
    if (pollCaseRebuild()) settle = kSettleFrames;
    if (!(camera_.moving() || story_.playing() || settle > 0 || needsStillFrame() ||
          ui_.exportDialog.running() || recorder_.recording())) {
      // Idle: one warm-up probe (milliseconds; up to a second while the driver compiles),
      // then input is looked at again.
      if (warmUp_ && !lodPending_) {
        stepWarmUp();
        lastFrame = Clock::now() - std::chrono::microseconds(16667);  // not animation time
      }
      continue;
    }

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
  // Closing the window while recording keeps the recording.
  if (recorder_.recording()) {
    stopRecording();
    if (unsavedRecording_) std::fprintf(stderr, "spineview: the recording could not be saved\n");
  }
  return std::nullopt;
}

}  // namespace spineview::app
