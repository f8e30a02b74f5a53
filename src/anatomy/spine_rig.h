// How the bundled model moves: each vertebra is a rigid bone; each disc level bends about its
// centre and its soft parts (annulus, nucleus, tear, sealant, implants between the bodies)
// blend from the lower to the upper vertebra with their height between the endplates, so
// nothing cracks at an endplate; nerves blend between vertebrae along the spine. A model
// without vertebra and disc data (a custom glTF) has no rig and does not move.
#pragma once
#include <algorithm>
#include <array>
#include <glm/glm.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/parts.h"
#include "scene/draw_hints.h"
#include "scene/scene.h"

namespace spineview {

// Bones: 0 is the world (fixed), then S1, L5, L4, L3 from the bottom up.
constexpr int kBoneCount = 5;
inline constexpr std::array<const char*, kBoneCount> kBoneNames{"fixed", "S1", "L5", "L4", "L3"};

// The endplates of one level, measured on its annulus: lowest and highest vertex height
// along the disc axis in bins across the disc from posterior to anterior (the disc is a wedge).
struct DiscEndplates {
  static constexpr int kBins = 12;
  float aMin = 0.f, aMax = 0.f;
  std::array<float, kBins> low{}, high{};
  bool valid = false;

  int binOf(float a) const {
    const float u = (a - aMin) / std::max(aMax - aMin, 1e-6f);
    return std::clamp(static_cast<int>(u * kBins), 0, kBins - 1);
  }
  // 0 on the lower endplate, 1 on the upper one, linear between.
  float weight(float a, float h) const {
    const int b = binOf(a);
    return std::clamp((h - low[size_t(b)]) / std::max(high[size_t(b)] - low[size_t(b)], 1e-6f), 0.f, 1.f);
  }
};

struct RigLevel {
  std::string level;        // "L4-L5"
  int lowerBone, upperBone;  // bone indices
  glm::vec3 centre, up, anterior, left;  // the disc's frame (world, rest)
  DiscEndplates endplates;
};

struct SpineRig {
  std::vector<RigLevel> levels;          // from the bottom up
  std::map<std::string, int> boneOf;     // "L4" -> bone
  std::array<float, kBoneCount> boneHeight{};  // rest height (world y) of each vertebra centre
  bool valid() const { return !levels.empty(); }
};

SpineRig buildSpineRig(const Scene& scene, const std::vector<PartInfo>& parts);

// (bone a, bone b, weight of b) of a world point on a part; empty when it does not move with
// the spine (no rig, or the needle, which the operator holds still).
std::optional<glm::vec3> skinWeightAt(const SpineRig& rig, const PartInfo& part,
                                      const glm::vec3& world);
// The same per vertex of a node's primitive; empty when the node does not move.
std::vector<glm::vec3> skinWeights(const SpineRig& rig, const Scene& scene,
                                   const std::vector<PartInfo>& parts, int node,
                                   const Primitive& primitive);

// Bone poses for per-level angles (degrees, see story/motion.h): S1 stays, each level turns
// its upper vertebra about the disc centre in the lower one's moving frame.
BonePalette poseSpine(const SpineRig& rig, const std::map<std::string, glm::vec3>& anglesDeg);

}  // namespace spineview
