// The controls that sit over the 3D view itself, always in reach of a finger: a toolbar for
// x-ray, cutaway, labels, zoom, pan and framing, and the info card of the structure that was
// tapped or is under the mouse. Like the side panel they edit settings and report requests;
// they never touch GL or the camera.
#pragma once
#include <string>
#include <vector>

#include "app/app_settings.h"
#include "anatomy/layers.h"

namespace spineview::app {

struct SceneOverlayActions {
  float zoomSteps = 0.f;
  bool frameAll = false;
  bool closeInfoCard = false;
  bool cutChanged = false;  // mode, offset or side: the viewer rebuilds the plane
  bool freeCutFromView = false;  // Free chosen: take the plane's axis from the view direction
  bool toggleRecording = false;  // Rec: start recording a walkthrough, or stop and save it
  float toolbarBottom = 0.f;     // where the toolbar ends and the card begins (ImGui units):
  float cardTop = 1e9f;          // labels keep out of both
};

// The structure an info card describes.
struct InfoCard {
  std::string title;
  std::string description;  // plain words, for patients
  std::string clinical;     // for clinicians
  bool pinned = false;      // tapped (stays until closed) rather than hovered
};

// Toolbar over the top-left corner of the 3D view, `sceneWidth` wide at most (ImGui units).
// `recording`: a walkthrough is being recorded (Rec shows pressed).
SceneOverlayActions drawSceneToolbar(AppSettings& settings, const std::vector<LayerInfo>& layers,
                                     float sceneWidth, bool recording);
// The card at the bottom-left corner of the part of the 3D view that starts `left` units from
// the window's left edge and is `width` wide (the whole view, or the split view's pane the
// structure is in), ending `bottom` units from the top (the window's height, or where a
// story's captions begin).
void drawInfoCard(const InfoCard& card, float left, float width, float bottom,
                  SceneOverlayActions& actions);

const char* cutModeLabel(CutMode mode);

}  // namespace spineview::app
