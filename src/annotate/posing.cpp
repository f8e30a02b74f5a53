#include "annotate/posing.h"

#include <algorithm>

namespace spineview {

AnchorSkins anchorSkins(const std::vector<LabelTarget>& targets, const std::vector<PartInfo>& parts,
                        const SpineRig& rig) {
  AnchorSkins skins;
  for (const LabelTarget& target : targets) {
    std::vector<glm::vec3>& out = skins.emplace_back();
    for (const SurfacePoint& p : target.anchors)
      out.push_back(skinWeightAt(rig, parts[size_t(p.node)], p.position)
                        .value_or(glm::vec3(-1.f, -1.f, 0.f)));
  }
  return skins;
}

PosedTargets poseTargets(const std::vector<LabelTarget>& targets, const AnchorSkins& skins,
                         const FrameState& frame) {
  PosedTargets posed{targets, std::vector<std::vector<glm::mat4>>(targets.size())};
  for (size_t t = 0; t < posed.targets.size(); ++t) {
    LabelTarget& target = posed.targets[t];
    // Only the parts the frame draws offer an end for the leader line (one screw of four).
    std::vector<SurfacePoint> anchors;
    glm::vec3 moved(0.f);
    bool anyMoved = false;
    for (size_t a = 0; a < target.anchors.size(); ++a) {
      SurfacePoint p = target.anchors[a];
      if (!isDrawn(styleOf(frame, p.node))) continue;
      const glm::mat4 m = pointTransform(frame, p.node, skins[t][a]);
      const bool still = m == glm::mat4(1.f);
      posed.toRest[t].push_back(still ? m : glm::inverse(m));
      if (!still) {  // else left exactly as it is, as at rest
        const glm::vec3 position(m * glm::vec4(p.position, 1.f));
        moved += position - p.position;
        p.position = position;
        p.normal = glm::normalize(glm::mat3(m) * p.normal);
        anyMoved = true;
      }
      anchors.push_back(p);
    }
    if (anyMoved) target.centre += moved / float(anchors.size());
    target.anchors = std::move(anchors);
  }
  return posed;
}

}  // namespace spineview
