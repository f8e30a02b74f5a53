// The one place where a frame is composed: the user's layers (presets applied), the user's
// cut, the render settings and a camera, with a story's state at some time on top, become the
// FrameState the renderer draws. The window's panes, --render, --compare, the benchmark and
// the tests all call composeFrame; they differ only in how they fill ViewInputs.
//
// The rule, for every caller:
//  - each node shows as its layer says (visible, opacity), times what a story says of it;
//  - a story shows the parts it needs: layers the model hides at first (the procedure parts)
//    are shown, and each part is shown or hidden as the story's tracks say; a layer the model
//    shows at first and the user hid stays hidden;
//  - a story's render mode wins over the user's preset while it lasts (x-ray fades bone and
//    annulus; fluoroscopy shows only bone and metal on a light field);
//  - a story's cut wins where it has one; elsewhere the user's cut stays;
//  - the camera is the caller's (frame/framing.h has the story's camera for those who follow it).
#pragma once
#include <optional>

#include "anatomy/anatomy.h"
#include "anatomy/cuts.h"
#include "anatomy/layers.h"
#include "camera/orbit_camera.h"
#include "render/frame_state.h"
#include "scene/scene.h"
#include "story/motion.h"
#include "story/story.h"

namespace spineview {

// How far the needle is drawn back along its path at advance 0 (m).
inline constexpr float kNeedleTravel = 0.06f;

struct ViewInputs {
  CameraMatrices camera;
  LayerState layers;  // the user's layers, presets applied
  CutSettings cut;    // the user's cut
  RenderSettings settings;
  std::optional<StoryState> story;  // a story's state at its time, if one is shown
};

// `anatomy` must be read from `scene` (Anatomy::of); otherwise every node keeps its defaults.
FrameState composeFrame(const Scene& scene, const Anatomy& anatomy, const ViewInputs& in);

// Per-level angles a story's posture asks for (degrees).
SegmentAngles storyAngles(const StoryState& state);

}  // namespace spineview
