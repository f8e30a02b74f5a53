// Swept tubes for parts that really are round bars: rods and the spinal needle. Rings follow the path
// with parallel-transported frames; the ends close with a fan to a cap point (flat end, rounded end
// or needle point), so the tube is watertight.
#pragma once
#include <vector>
#include "mesher.h"

namespace spinegen {

// path: centre line; radius: per path point (> 0); sides: segments around; capStart/capEnd: points the
// end fans meet (the ring centre for a flat end, an apex for a point).
Mesh sweepTube(const std::vector<glm::vec3>& path, const std::vector<float>& radius, int sides,
               const glm::vec3& capStart, const glm::vec3& capEnd);

// Rounded bar: path plus hemispherical ends (extra rings) of the same radius.
Mesh roundBar(const std::vector<glm::vec3>& path, float radius, int sides);

} // namespace spinegen
