// Label targets as a frame draws them: anchors moved with the spine's bones and a part's
// offset exactly as the renderer moves vertices (render/frame_state.h: pointTransform), and
// anchors on parts the frame does not draw left out (a target with none gets no label).
#pragma once
#include <glm/glm.hpp>
#include <vector>

#include "anatomy/parts.h"
#include "anatomy/spine_rig.h"
#include "annotate/targets.h"
#include "render/frame_state.h"

namespace spineview {

// Per target and anchor, the rig's (bone a, bone b, weight of b); bone a < 0: does not move.
using AnchorSkins = std::vector<std::vector<glm::vec3>>;
AnchorSkins anchorSkins(const std::vector<LabelTarget>& targets, const std::vector<PartInfo>& parts,
                        const SpineRig& rig);

struct PosedTargets {
  std::vector<LabelTarget> targets;
  // Per target and anchor, the way back to the rest pose (AnchorOptions::toRestPose).
  std::vector<std::vector<glm::mat4>> toRest;
};
PosedTargets poseTargets(const std::vector<LabelTarget>& targets, const AnchorSkins& skins,
                         const FrameState& frame);

}  // namespace spineview
