// The application's settings: plain structs with their defaults, grouped by concern. Panels
// edit them through references; once per frame the viewer hands them to the frame composer
// (app/view_inputs.h, frame/compose.h). Nothing here touches GL, GLFW or ImGui.
#pragma once
#include <string>

#include "anatomy/cuts.h"
#include "anatomy/layers.h"
#include "render/frame_state.h"

namespace spineview::app {

// The outline around the structure under the pointer (display values, straight alpha) and
// its width in pixels at content scale 1.
inline constexpr glm::vec4 kOutlineColor{1.f, 0.78f, 0.25f, 0.95f};
inline constexpr float kOutlineWidth = 3.f;

struct CameraSettings {
  float keyOrbitPixels = 40.f;   // one arrow-key press orbits like a drag of this many pixels
  float keyZoomSteps = 1.f;      // one +/- press zooms like this many wheel steps
  float buttonZoomSteps = 2.f;   // one tap on Zoom in/out zooms like this many wheel steps
  bool animateViews = true;      // named views and framing ease in (off for renders)
  bool leftDragPans = false;     // the Pan toggle: a one-finger (left) drag pans, not orbits
};

// The side panel shows one page at a time, so that the layer list fits a 1280x800 tablet
// screen without scrolling while every row stays a finger's height.
enum class PanelPage { Layers, View, Story, Case, Model };

struct UiSettings {
  float baseFontPixels = 18.f;  // at content scale 1; large enough for a clinic tablet
  float sidePanelWidth = 360.f;  // at content scale 1
  bool showSidePanel = true;
  PanelPage page = PanelPage::Layers;
  bool showHelp = false;
  bool showAbout = false;
};

// Seeing inside: the cutaway and labels (x-ray is a layer preset, see applyLayerPreset).
// What a tap or a drag on the 3D view does besides turning it: nothing more, place a pin, or
// draw ink on the surface.
enum class NoteTool { None, Pin, Ink };

struct InsideSettings {
  CutSettings cut;  // the Free plane's axis is the view direction when Free is chosen
  bool dragMovesCut = false;  // touch: a one-finger drag moves the cut instead of turning
  bool labels = false;
  NoteTool noteTool = NoteTool::None;
};

struct AppSettings {
  CameraSettings camera;
  UiSettings ui;
  LayerState layers;
  RenderSettings render;
  InsideSettings inside;
};

}  // namespace spineview::app
