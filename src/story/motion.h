// Segmental motion of the lumbar spine: published ranges per level, and how a whole-spine
// posture spreads over the levels when one of them is fused.
#pragma once
#include <glm/glm.hpp>
#include <map>
#include <string>
#include <vector>

namespace spineview {

// In-vitro range of motion at 10 N·m, degrees (Yamamoto et al. 1989, Spine 14:1256).
struct LevelRange {
  std::string level;  // "L4-L5"
  float flexion, extension, lateralBending, axialRotation;  // each side for the last two
};
const std::vector<LevelRange>& publishedRanges();  // from the top level down
extern const char* const kRangeSource;

// Angles of one level, degrees: x flexion (+) / extension (-), y lateral bending (+ toward
// the patient's left), z axial rotation (+ toward the patient's left).
using SegmentAngles = std::map<std::string, glm::vec3>;

// Posture components are -1..1 of each level's range. A locked level (0..1) keeps that share
// of its motion for its free neighbours, in proportion to their ranges, so the whole spine
// reaches the same posture: an illustration of adjacent levels moving more, not a measurement.
SegmentAngles segmentAngles(float flexion, float lateral, float rotation,
                            const std::map<std::string, float>& locked);

}  // namespace spineview
