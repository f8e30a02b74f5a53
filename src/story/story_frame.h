// Turns a story's state at time t into what the renderer draws: per-node styles, the spine's
// pose, render mode, cut and camera. Pure: the same story, time and settings give the same
// frame, whether the time was reached by playing or by scrubbing.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "render/renderer.h"
#include "scene/spine_rig.h"
#include "story/motion.h"
#include "story/story.h"

namespace spineview {

// How far the needle is drawn back along its path at advance 0 (m).
inline constexpr float kNeedleTravel = 0.06f;

struct StoryFrameInputs {
  const Scene& scene;
  const SpineRig& rig;
  const std::vector<LayerInfo>& layers;
};

// The story's hold on the frame: nodeStyles, bones, layer preset (xray), fluoroscopy and its
// background, and the cut. The user's layer settings in `frame.layers` stay (hiding a layer
// still hides it), except that layers the model hides at first are shown: in a story the
// story decides what is visible.
void applyStoryState(const StoryState& state, const StoryFrameInputs& in, FrameState& frame);

// Per-level angles the state asks for (degrees).
SegmentAngles storyAngles(const StoryState& state);

// The story's camera at t for an image of this aspect, or false when the story leaves the
// camera to the viewer (before its first camera key).
bool storyCamera(const StoryState& state, const Scene& scene, float aspect, CameraMatrices& out);
// The same as an orbit camera pose, for the viewer to take over; empty as above.
std::optional<CameraPose> storyCameraPose(const StoryState& state, const Scene& scene, float aspect);

// The evaluated state as JSON (--dump-state): visible parts, their opacity, fill and other
// amounts, moved parts' transforms, segment angles, camera, caption.
std::string dumpStoryState(const Story& story, const StoryState& state, const FrameState& frame,
                           const Scene& scene);

}  // namespace spineview
