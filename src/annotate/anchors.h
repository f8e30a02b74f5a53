// One leader-line end per label target for the current camera: a candidate that is drawn,
// faces the camera, lies in the viewport and is not hidden, near the middle of the structure as
// seen, and steady while the camera moves. Per frame.
#pragma once
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "annotate/occluders.h"
#include "annotate/targets.h"
#include "render/frame_state.h"

namespace spineview {

struct ScreenAnchor {
  int target = -1;  // index into the targets
  // Index into that target's anchors; from anchors.size() on, the point of the cut surface
  // nearest anchors[candidate - anchors.size()].
  int candidate = -1;
  std::string text;
  int priority = 0;
  glm::vec2 point{0.f};  // pixels, origin top left, y down
  glm::vec3 world{0.f};
};

struct AnchorOptions {
  // When set, candidates hidden behind opaque structures as the frame draws them are skipped,
  // and a target with no visible candidate gets no label.
  const LabelOccluders* occluders = nullptr;
  // Last frame's anchors: a target keeps its candidate unless another is clearly better, so
  // leader ends do not hop between vertices as the camera moves.
  const std::vector<ScreenAnchor>* previous = nullptr;
  // For targets posed by the frame (posing.h) with occluders built at rest: per target and
  // anchor, the transform from the posed world back to the rest pose. Occlusion rays are
  // tested there (the cut plane too), so what moves with an anchor hides it as drawn. Null:
  // the scene is at rest.
  const std::vector<std::vector<glm::mat4>>* toRestPose = nullptr;
};

// Per target, the best candidate for the frame's camera: one of its nodes drawn, on the kept
// side of the frame's cut, in front of the camera, inside the viewport and facing the camera,
// preferring points near the middle of the structure as seen. A structure the cut passes
// through also offers points on its cut surface (with occluders only: they tell inside from
// outside). Targets without a candidate are left out.
std::vector<ScreenAnchor> projectAnchors(const std::vector<LabelTarget>& targets,
                                         const FrameState& frame, glm::vec2 viewportSize,
                                         const AnchorOptions& options = {});

}  // namespace spineview
