// Where cameras look: framing what the user's layers show, one structure with some of its
// surroundings, and a story's camera at a moment (its views framed on the spine's bones). The
// window, headless renders and the benchmark frame alike through these.
#pragma once
#include <optional>

#include "anatomy/anatomy.h"
#include "camera/orbit_camera.h"
#include "scene/scene.h"
#include "story/story.h"

namespace spineview {

// `anatomy` is read from `scene` (Anatomy::of).
// Bounds of the nodes in visible layers (the whole scene when none is visible).
Bounds visibleBounds(const Scene& scene, const Anatomy& anatomy, const LayerState& layers);
// What framing one node shows: its bounds, grown for small parts (a marker, a root's tip) so
// that some of their surroundings show too. Invalid when the node draws nothing.
Bounds focusBounds(const Scene& scene, int node);

// The story's camera at its state for an image of this aspect, or empty when the story leaves
// the camera to the viewer (before its first camera key).
std::optional<CameraPose> storyCameraPose(const StoryState& state, const Scene& scene,
                                          const Anatomy& anatomy, float aspect);
// The same as matrices; empty as above.
std::optional<CameraMatrices> storyCamera(const StoryState& state, const Scene& scene,
                                          const Anatomy& anatomy, float aspect);

// Puts `camera` at a story's pose when captions cover the bottom `covered` share (0..1) of a
// view `heightPx` tall: the framing goes into the part above them, a little further away and
// raised. The window and exports with burnt-in captions place the story camera alike. A pose
// key (state.pose) is kept exactly: the educator framed it with the captions on screen.
void placeStoryCamera(OrbitCamera& camera, const StoryState& state, CameraPose pose, float covered,
                      float heightPx);

// A named view framed on `bounds`, with near and far planes that keep the whole scene.
CameraMatrices framedCamera(const NamedView& view, const Bounds& bounds, const Scene& scene,
                            float aspect);

}  // namespace spineview
