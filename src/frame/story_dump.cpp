#include "frame/story_dump.h"

#include <nlohmann/json.hpp>

#include "anatomy/cuts.h"
#include "anatomy/spine_rig.h"
#include "frame/compose.h"
#include "story/motion.h"

namespace spineview {

std::string dumpStoryState(const Story& story, const StoryState& state, const FrameState& frame,
                           const Scene& scene) {
  using nlohmann::json;
  auto vec = [](const glm::vec3& v) { return json::array({v.x, v.y, v.z}); };
  json parts = json::array();
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0) continue;
    const NodeStyle& style = styleOf(frame, int(i));
    if (!style.visible || style.opacity <= 0.f) continue;
    json part = {{"name", node.name}, {"opacity", style.opacity}};
    if (style.morph >= 0.f) part["morph"] = style.morph;
    if (style.glow > 0.f) part["glow"] = style.glow;
    if (style.heat > 0.f) part["heat"] = style.heat;
    if (style.offset != glm::mat4(1.f)) part["offset"] = vec(glm::vec3(style.offset[3]));
    parts.push_back(part);
  }
  json angles = json::object();
  for (const auto& [level, a] : storyAngles(state))
    angles[level] = {{"flexion", a.x}, {"lateralBending", a.y}, {"axialRotation", a.z}};
  json bones = json::object();
  for (size_t b = 1; b < kBoneNames.size(); ++b) {
    const glm::mat4 bone = b < frame.bones.size() ? frame.bones[b] : glm::mat4(1.f);
    json m = json::array();
    for (int c = 0; c < 4; ++c)
      for (int r = 0; r < 4; ++r) m.push_back(bone[c][r]);
    bones[kBoneNames[b]] = m;  // column-major 4x4, as glTF writes matrices
  }
  json locked = json::object();
  for (const auto& [level, amount] : state.locked) locked[level] = amount;
  json out{
      {"story", story.name},
      {"time", state.time},
      {"duration", story.duration},
      {"chapter", {{"index", state.chapter}, {"title", state.chapterTitle}}},
      {"caption", state.caption},
      {"timeScale", state.timeScale},
      {"renderMode", renderModeName(state.renderMode)},
      {"cut", state.cut ? cutSpecText(*state.cut) : "off"},
      {"camera",
       {{"view", state.view},
        {"from", state.fromView},
        {"progress", state.viewProgress},
        {"zoom", state.zoom}}},
      {"posture",
       {{"flexion", state.flexion}, {"lateral", state.lateral}, {"rotation", state.rotation}}},
      {"locked", locked},
      {"segmentAngles", angles},
      {"rangeSource", kRangeSource},
      {"boneTransforms", bones},
      {"visibleParts", parts}};
  if (const auto& p = state.pose)  // a camera pose key (a recorded walkthrough's)
    out["camera"]["pose"] = {{"yaw", p->yawDeg},
                             {"pitch", p->pitchDeg},
                             {"distance", p->distance},
                             {"target", {p->target.x, p->target.y, p->target.z}}};
  return out.dump(2);
}

}  // namespace spineview
