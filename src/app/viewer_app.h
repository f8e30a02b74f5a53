// The interactive viewer: owns the window, the renderer, the loaded scene, the camera and the
// settings, and runs the redraw-on-demand loop. A file that fails to load becomes an in-app
// notice and the previous model stays; only a missing window or renderer is fatal.
#pragma once
#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/anatomy.h"
#include "app/app_settings.h"
#include "app/cli.h"
#include "app/inside_panel.h"
#include "app/label_overlay.h"
#include "app/notes_overlay.h"
#include "app/panels.h"
#include "app/viewer_window.h"
#include "camera/orbit_camera.h"
#include "case/case_rebuild.h"
#include "core/result.h"
#include "frame/pick_cache.h"
#include "frame/warm_up.h"
#include "render/renderer.h"
#include "scene/scene.h"
#include "story/recorder.h"
#include "story/story_player.h"

struct ImFont;

namespace spineview::app {

// What the loop measured while nothing happened (for --bench-idle).
struct IdleReport {
  double seconds = 0.0;
  double cpuSeconds = 0.0;  // user + system, all threads (the GL driver's included)
  int framesDrawn = 0;      // should be 0: nothing changed, so nothing is drawn
};

// viewer_app.cpp has the loop and the model; viewer_input.cpp what input and the panels ask
// for; viewer_frame.cpp what one frame draws.
class Viewer {
 public:
  // The pick cache and the panes refer to this viewer: it stays where it was made.
  Viewer(const Viewer&) = delete;
  Viewer& operator=(const Viewer&) = delete;

  // Opens the window and the renderer and loads options.file (a bad file gives a notice).
  static Result<std::unique_ptr<Viewer>> create(const CliOptions& options);

  // Runs until the window is closed. With idleSeconds > 0 it instead returns after the loop
  // has been idle that long, with the CPU time spent meanwhile.
  std::optional<IdleReport> run(double idleSeconds = 0.0);

 private:
  Viewer() = default;
  // Loads a model; on failure the previous one stays and the message comes back for the
  // caller to show (a notice, or the file dialog that chose the file).
  // `shows` and `hides` name layers to turn on or off after the defaults.
  std::optional<std::string> loadModel(const std::string& path,
                                       const std::vector<std::string>& shows,
                                       const std::vector<std::string>& hides);
  // The scene on screen from now on (a model opened, a case rebuilt): uploaded, with its
  // anatomy, labels and picking reset; camera, layers and story stay. An upload failure leaves
  // the previous scene and comes back as the message.
  std::optional<std::string> installScene(Scene scene);
  void notify(const std::string& title, const std::string& message);
  void handleInput(const InputEvents& events);
  void applyActions(const PanelActions& actions);
  void updateUiScale();
  void frameAll(bool animate);
  // The node under a window position in the last frame drawn (-1: none), from the picking
  // buffer, rendered again only when the frame changed since the last pick.
  int pickAt(glm::vec2 windowPos);
  void focusOn(int node);  // eases the camera to frame one structure
  void moveCut(glm::vec2 dragPixels);  // along the plane's axis as it appears on screen
  void handlePointer(const InputEvents& events);
  void showView(const NamedView& view, bool animate);  // also re-frames the shown layers
  void resetView();  // the start view, framed
  NamedView homeView() const;  // --view, else the model's opening view

  // One frame (viewer_frame.cpp); true when the UI changed state.
  bool drawFrame(const InputEvents& events, float dt);
  // Where the overlays over the 3D view end (ImGui units from the top), for labels.
  struct OverlayEdges {
    float toolbarBottom = 0.f, cardTop = 1e9f, storyTop = 1e9f;
  };
  OverlayEdges drawSceneOverlays();  // toolbar, story bar and captions, info card
  void fitPanes();                   // the panes' targets to the view's size
  // Also where it put each pane's label boxes (pane coordinates), for the pins to keep clear of.
  void drawSceneLabels(const std::array<FrameState, 2>& frames, const OverlayEdges& edges,
                       std::array<std::vector<LabelRect>, 2>& labelBoxes);
  void drawPanes(const std::array<FrameState, 2>& frames, bool interactive);
  void drawOutline(const Size& pane);  // around the inspected node, in the pane it was picked in
  Size sceneSize() const;  // framebuffer pixels left of the side panel
  float sceneWidthUi() const;  // the same width in window (ImGui) units
  int paneCount() const { return story_.split() ? 2 : 1; }
  Size paneSize() const;   // one picture: the scene, or half of it in the split view
  float aspect() const;    // of one pane
  int paneAt(glm::vec2 windowPos) const;  // the pane under a window position

  // Stories: plays one by name or path, or two side by side; a broken file is a notice and
  // what was playing stays.
  void openStories(const std::vector<std::string>& names);

  // The patient's case (viewer_case.cpp): the Case page's requests, a rebuild on the worker
  // thread, and its finished scene taking the place of the one on screen.
  void resetCaseUi();  // for a newly opened model
  void startCaseRebuild();
  void applyCaseActions(const CaseActions& actions);
  bool pollCaseRebuild();  // true when a rebuild finished (the panel and the view change)
  void adoptCaseScene(Scene scene);
  CaseBuilder caseBuilder_;
  // The case's pins and ink: the toolbar's Pin and Ink tools add them, NotesOverlay draws them.
  void notesChanged();  // the overlay follows the case's notes (and the stroke being drawn)
  std::optional<SurfaceAnchor> anchorAt(glm::vec2 windowPos);  // on the structure there
  void placePin(glm::vec2 windowPos);
  void drawInk(const InputEvents& events, bool leftDrag);
  void undoNote();
  enum class NoteKind { Pin, Stroke };
  std::vector<NoteKind> noteHistory_;  // what was added this session, for Undo
  std::optional<Stroke> inking_;       // the stroke a drag is drawing
  std::optional<glm::vec2> inkLast_;   // where it was last sampled (window units)
  NotesOverlay notesOverlay_;
  // Recording a walkthrough (viewer_record.cpp): every drawn frame is a sample; Stop saves a
  // story in the user's folder (a failed save keeps it for Save again).
  void applyRecordActions(const RecordActions& actions);
  void openRecorded(const std::string& nameOrPath);  // over the model's own layers, uncut
  void sampleRecording();
  void stopRecording();
  void saveRecording();
  RecordedFrame recordedFrame() const;
  LayerTargets recordedDefaults() const;  // what a story shows of each layer when silent
  LayerTargetNames recordTargets_;         // the recording's targets, found once at its start
  double recordingTime() const;
  WalkthroughRecorder recorder_;
  std::chrono::steady_clock::time_point recordStart_;
  std::optional<Story> unsavedRecording_;
  bool recordingDroppedCut_ = false;  // a Free or flipped cut was shown: stories cannot hold it

  void handleStoryKeys(const InputEvents& events);
  // Gives the camera to the story at its camera keys and after every seek; between them the
  // user turns the model freely, paused or playing.
  void followStoryCamera();
  // The pane's frame: the composer's (frame/compose.h) from the settings, the camera and the
  // story's state at the player's time.
  FrameState paneFrame(int pane) const;

  // Declared first so that it is destroyed last: the renderer and targets need its context.
  std::unique_ptr<ViewerWindow> window_;
  std::unique_ptr<Renderer> renderer_;
  // One picture of the scene: the whole view, or one half of the split view. Interactive
  // frames (camera moving, story playing, input under way) draw into a cheap target: no
  // multisampling on a software rasteriser. Once things settle, one still frame is drawn with
  // full multisampling. On a GPU both would have the same samples, so there is only one
  // target (still is null) and no second still frame. A frame whose FrameState equals the
  // last one only re-presents it.
  struct ScenePane {
    std::unique_ptr<RenderTarget> interactive, still;
    std::optional<FrameState> last;  // what was drawn, not how
    RenderTarget* lastTarget = nullptr;
    RenderTarget* stillTarget() const { return still ? still.get() : interactive.get(); }
    bool needsStill() const { return last && lastTarget != stillTarget(); }
  };
  std::array<ScenePane, 2> panes_;
  bool softwareRenderer_ = false;  // motion frames cut samples and triangles (see above)
  bool lodPending_ = false;        // build the motion-frame meshes after the next frame
  // Then, while idle, the draw states the stories and toggles need, unless done before
  // (frame/warm_up.h, app/warm_up_record.h).
  void planWarmUp(const std::string& modelPath);
  void stepWarmUp();
  std::unique_ptr<DrawStateWarmUp> warmUp_;
  std::string warmUpKey_, shaderDir_;
  bool needsStillFrame() const {
    for (int p = 0; p < paneCount(); ++p)
      if (panes_[size_t(p)].needsStill()) return true;
    return false;
  }
  std::optional<Scene> scene_;
  Anatomy anatomy_;  // of scene_
  ModelSummary model_;
  AppSettings settings_;
  UiState ui_;
  OrbitCamera camera_;
  // Picking: the node-id image of one pane's last frame, the structure under the mouse and the
  // one tapped (its card stays until closed or another tap).
  PickCache picks_{[this](const FrameState& frame, int width, int height) {
    return renderer_->renderNodeIds(frame, width, height);
  }};
  std::array<LabelOverlay, 2> labels_;  // per pane
  StoryPlayer story_;
  unsigned storyCameraSeeks_ = 0;
  std::string storyCameraKey_;  // the lead story's camera state last handed to the camera
  ImFont* captionFont_ = nullptr;
  int hoveredNode_ = -1;
  int pinnedNode_ = -1;
  int inspectedNode() const { return pinnedNode_ >= 0 ? pinnedNode_ : hoveredNode_; }
  std::optional<NamedView> startView_;  // --view; empty: each model's opening view
  float uiScale_ = 1.f;
  float appliedContentScale_ = 0.f;
};

}  // namespace spineview::app
