// The ImGui panels: a side panel (layers, views, model), the help window, the About notice
// and modal notices. Widgets edit AppSettings in place and report one-off requests (a view, an
// open) as PanelActions for the viewer to carry out; they never call GL or the renderer.
#pragma once
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "app/app_settings.h"
#include "app/case_panel.h"
#include "app/export_dialog.h"
#include "app/file_dialog.h"
#include "app/saved_views_panel.h"
#include "app/story_panel.h"
#include "camera/orbit_camera.h"
#include "anatomy/layers.h"

namespace spineview::app {

// What the Model section shows about the loaded file.
struct ModelSummary {
  bool loaded = false;
  std::string path;
  std::size_t triangles = 0;
  std::vector<std::string> warnings;
};

// A message the user must see (e.g. a file that failed to load); shown as a modal, in order.
struct Notice {
  std::string title;
  std::string message;
};

// UI state that is not a setting: open dialogs and pending notices.
struct UiState {
  FileDialog fileDialog;
  ExportDialog exportDialog;  // Story page > Export video; runs the export in the background
  std::deque<Notice> notices;
  // Set by the viewer on Enter or Escape (ImGui 1.86 can miss a quick key tap): closes the
  // notice or About box on top, or cancels the file dialog. Cleared by drawPanels.
  bool dismissRequested = false;
  SavedViewsUi savedViews;  // the View page's saved views, loaded by the viewer at start
  StoryUi story;            // the Story page's list and the story cards
  CaseUi caseUi;            // the Case page
};

struct PanelActions {
  std::optional<NamedView> view;
  float zoomSteps = 0.f;  // like wheel steps, positive closer
  bool frameAll = false;
  bool reset = false;
  std::optional<std::string> openFile;
  std::optional<CameraPose> goToPose;          // a saved view tapped
  std::optional<SavedViewEdit> savedViewEdit;  // save (the current pose), rename or delete
  StoryActions story;
  CaseActions caseActions;
};

// Draws every panel for this frame. `uiScale` is the factor the style was scaled by, so fixed
// widths (the side panel) follow the font size. The Story page edits `player` directly
// (speed, chapter) and asks for stories to open through the actions.
PanelActions drawPanels(const std::vector<LayerInfo>& layers, const ModelSummary& model,
                        AppSettings& settings, UiState& ui, StoryPlayer& player, float uiScale);

// The side panel's width in ImGui units for a viewport `viewportWidth` wide (0 when hidden);
// the viewer keeps the 3D view beside it rather than under it.
float sidePanelWidth(const UiSettings& ui, float uiScale, float viewportWidth);

// The named views offered as buttons and on keys 1..N, in order, with plain labels.
// namedViews() also holds "lateral", an alias of "left" kept for --view; it is left out here
// so that no two buttons or keys show the same view.
struct ViewButton {
  std::string label;
  NamedView view;
};
const std::vector<ViewButton>& viewButtons();

// The help window's lines: a control and what it does.
const std::vector<std::pair<const char*, const char*>>& controlsHelp();

}  // namespace spineview::app
