// What each caller hands the frame composer (frame/compose.h): the window's panes and the
// benchmark's story playback fill ViewInputs here; --render fills them in headless_render.h.
// Kept in one small header so that a test can check that the same choices give the same frame.
#pragma once
#include "app/app_settings.h"
#include "frame/compose.h"
#include "story/story_player.h"

namespace spineview::app {

// A pane of the window: the user's layers and cut as the panels set them, the render settings,
// the viewer's camera, and the state of the pane's story at the player's time (if one plays).
ViewInputs windowViewInputs(const AppSettings& settings, const CameraMatrices& camera,
                            const StoryPlayer& player, int pane);

// A pane of the benchmark's story playback: the model's default layers, no cut, the camera at
// the lead story's pose, and the pane's story state.
ViewInputs benchViewInputs(const Anatomy& anatomy, const CameraMatrices& camera,
                           const StoryPlayer& player, int pane);

}  // namespace spineview::app
