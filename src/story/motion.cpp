#include "story/motion.h"

#include <algorithm>
#include <cmath>

namespace spineview {

const char* const kRangeSource = "Yamamoto et al. 1989, Spine 14:1256 (in vitro, 10 N·m)";

const std::vector<LevelRange>& publishedRanges() {
  static const std::vector<LevelRange> ranges = {
      {"L3-L4", 7.5f, 3.7f, 5.7f, 2.6f},
      {"L4-L5", 8.9f, 5.8f, 5.7f, 2.2f},
      {"L5-S1", 10.0f, 7.8f, 5.5f, 1.4f},
  };
  return ranges;
}

SegmentAngles segmentAngles(float flexion, float lateral, float rotation,
                            const std::map<std::string, float>& locked) {
  const auto& ranges = publishedRanges();
  const size_t n = ranges.size();
  std::vector<float> lock(n, 0.f);
  for (size_t i = 0; i < n; ++i) {
    auto it = locked.find(ranges[i].level);
    if (it != locked.end()) lock[i] = std::clamp(it->second, 0.f, 1.f);
  }
  SegmentAngles out;
  for (size_t i = 0; i < n; ++i) out[ranges[i].level] = glm::vec3(0.f);
  // One motion component at a time: each level's share, then what locked levels give away.
  auto spread = [&](float posture, int axis, auto rangeOf) {
    std::vector<float> own(n), angle(n);
    for (size_t i = 0; i < n; ++i) {
      own[i] = posture * rangeOf(ranges[i], posture);
      angle[i] = own[i] * (1.f - lock[i]);
    }
    for (size_t i = 0; i < n; ++i) {
      const float lost = own[i] * lock[i];
      if (lost == 0.f) continue;
      float capacity = 0.f;
      for (size_t j : {i - 1, i + 1})
        if (j < n) capacity += std::abs(rangeOf(ranges[j], posture)) * (1.f - lock[j]);
      if (capacity <= 0.f) continue;  // no free neighbour: the motion is lost
      for (size_t j : {i - 1, i + 1})
        if (j < n) angle[j] += lost * std::abs(rangeOf(ranges[j], posture)) * (1.f - lock[j]) / capacity;
    }
    for (size_t i = 0; i < n; ++i) out[ranges[i].level][axis] = angle[i];
  };
  spread(flexion, 0, [](const LevelRange& r, float p) { return p >= 0.f ? r.flexion : r.extension; });
  spread(lateral, 1, [](const LevelRange& r, float) { return r.lateralBending; });
  spread(rotation, 2, [](const LevelRange& r, float) { return r.axialRotation; });
  return out;
}

}  // namespace spineview
