#include "anatomy/spine_rig.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace spineview {

namespace {

const char* const kVertebrae[] = {"S1", "L5", "L4", "L3"};  // bones 1..4

// "L4-L5": a part between two vertebrae.
bool spansTwoVertebrae(const std::string& level) { return level.find('-') != std::string::npos; }

DiscEndplates measureEndplates(const Scene& scene, const std::vector<PartInfo>& parts,
                               const RigLevel& level) {
  DiscEndplates e;
  std::vector<glm::vec2> samples;  // (anterior coordinate, height)
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& n = scene.nodes[i];
    if (n.mesh < 0 || parts[i].layer != LayerKind::Annulus || parts[i].level != level.level)
      continue;
    for (const Primitive& p : scene.meshes[size_t(n.mesh)].primitives)
      for (const glm::vec3& v : p.positions) {
        const glm::vec3 d = glm::vec3(n.world * glm::vec4(v, 1.f)) - level.centre;
        samples.push_back({glm::dot(d, level.anterior), glm::dot(d, level.up)});
      }
  }
  if (samples.empty()) return e;
  e.aMin = e.aMax = samples[0].x;
  for (const auto& s : samples) e.aMin = std::min(e.aMin, s.x), e.aMax = std::max(e.aMax, s.x);
  e.low.fill(1e9f);
  e.high.fill(-1e9f);
  for (const auto& s : samples) {
    const size_t b = size_t(e.binOf(s.x));
    e.low[b] = std::min(e.low[b], s.y);
    e.high[b] = std::max(e.high[b], s.y);
  }
  // Empty bins borrow from their neighbours.
  for (int pass = 0; pass < DiscEndplates::kBins; ++pass)
    for (size_t b = 0; b < size_t(DiscEndplates::kBins); ++b)
      if (e.low[b] > e.high[b]) {
        const size_t from = b > 0 && e.low[b - 1] <= e.high[b - 1] ? b - 1 : std::min(b + 1, size_t(DiscEndplates::kBins - 1));
        e.low[b] = e.low[from];
        e.high[b] = e.high[from];
      }
  e.valid = true;
  return e;
}

glm::mat4 rotationAbout(const glm::vec3& centre, const glm::vec3& axis, float degrees) {
  if (degrees == 0.f) return glm::mat4(1.f);
  return glm::translate(glm::mat4(1.f), centre) *
         glm::rotate(glm::mat4(1.f), glm::radians(degrees), axis) *
         glm::translate(glm::mat4(1.f), -centre);
}

}  // namespace

SpineRig buildSpineRig(const Scene& scene, const std::vector<PartInfo>& parts) {
  SpineRig rig;
  std::array<Bounds, kBoneCount> bodies;
  for (int b = 1; b < kBoneCount; ++b) rig.boneOf[kVertebrae[b - 1]] = b;
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& n = scene.nodes[i];
    if (n.mesh < 0 || parts[i].layer != LayerKind::Vertebra) continue;
    auto bone = rig.boneOf.find(parts[i].level);
    if (bone == rig.boneOf.end()) continue;
    const Bounds b = scene.nodeWorldBounds(int(i));
    if (isVertebralBody(n, parts[i])) bodies[size_t(bone->second)] = b;
  }
  for (int b = 1; b < kBoneCount; ++b) {
    if (!bodies[size_t(b)].valid()) return {};  // not the bundled spine: no rig
    rig.boneHeight[size_t(b)] = bodies[size_t(b)].center().y;
  }
  for (int lower = 1; lower + 1 < kBoneCount; ++lower) {
    const std::string level = std::string(kVertebrae[lower]) + "-" + kVertebrae[lower - 1];
    bool found = false;
    for (size_t i = 0; i < scene.nodes.size(); ++i) {
      const PartInfo& part = parts[i];
      if (part.layer != LayerKind::Annulus || part.level != level || !part.section.valid())
        continue;
      const glm::mat4& w = scene.nodes[i].world;
      const RingSection& s = part.section;
      rig.levels.push_back({level, lower, lower + 1, glm::vec3(w * glm::vec4(s.centre, 1.f)),
                            glm::normalize(glm::mat3(w) * s.normal),
                            glm::normalize(glm::mat3(w) * s.anteriorAxis),
                            glm::normalize(glm::mat3(w) * s.leftAxis), {}});
      rig.levels.back().endplates = measureEndplates(scene, parts, rig.levels.back());
      found = true;
      break;
    }
    if (!found) return {};
  }
  // Bottom up: L5-S1 first. kVertebrae runs S1, L5, L4, L3, so the loop above is already so.
  return rig;
}

std::optional<glm::vec3> skinWeightAt(const SpineRig& rig, const PartInfo& part,
                                      const glm::vec3& world) {
  if (!rig.valid()) return std::nullopt;
  const LayerKind layer = part.layer;
  if (layer == LayerKind::Needle) return std::nullopt;
  if (spansTwoVertebrae(part.level) && layer != LayerKind::Nerve) {
    for (const RigLevel& level : rig.levels) {
      if (level.level != part.level) continue;
      const DiscEndplates& e = level.endplates;
      const glm::vec3 d = world - level.centre;
      const float w = e.valid ? e.weight(glm::dot(d, level.anterior), glm::dot(d, level.up)) : 0.5f;
      return glm::vec3(level.lowerBone, level.upperBone, w);
    }
    return std::nullopt;
  }
  if (layer != LayerKind::Nerve) {
    auto bone = rig.boneOf.find(part.level);
    if (bone == rig.boneOf.end()) return std::nullopt;
    return glm::vec3(bone->second, bone->second, 0.f);
  }
  // Nerves: between the vertebra centres they pass, by height.
  const float y = world.y;
  int a = 1;
  while (a + 1 < kBoneCount && y > rig.boneHeight[size_t(a) + 1]) ++a;
  if (a + 1 >= kBoneCount || y <= rig.boneHeight[size_t(a)]) return glm::vec3(a, a, 0.f);
  const float w = (y - rig.boneHeight[size_t(a)]) /
                  (rig.boneHeight[size_t(a) + 1] - rig.boneHeight[size_t(a)]);
  return glm::vec3(a, a + 1, glm::clamp(w, 0.f, 1.f));
}

std::vector<glm::vec3> skinWeights(const SpineRig& rig, const Scene& scene,
                                   const std::vector<PartInfo>& parts, int nodeIndex,
                                   const Primitive& primitive) {
  const Node& node = scene.nodes[size_t(nodeIndex)];
  std::vector<glm::vec3> out;
  out.reserve(primitive.positions.size());
  for (const glm::vec3& p : primitive.positions) {
    const auto skin =
        skinWeightAt(rig, parts[size_t(nodeIndex)], glm::vec3(node.world * glm::vec4(p, 1.f)));
    if (!skin) return {};
    out.push_back(*skin);
  }
  return out;
}

BonePalette poseSpine(const SpineRig& rig, const std::map<std::string, glm::vec3>& anglesDeg) {
  BonePalette pose(kBoneCount, glm::mat4(1.f));
  for (const RigLevel& level : rig.levels) {
    auto it = anglesDeg.find(level.level);
    const glm::vec3 a = it != anglesDeg.end() ? it->second : glm::vec3(0.f);
    // Flexion about the left axis tips the top forward; bending to the left is a negative
    // turn about the anterior axis; rotation toward the left a positive turn about up.
    const glm::mat4 turn = rotationAbout(level.centre, level.up, a.z) *
                           rotationAbout(level.centre, level.anterior, -a.y) *
                           rotationAbout(level.centre, level.left, a.x);
    pose[size_t(level.upperBone)] = pose[size_t(level.lowerBone)] * turn;
  }
  return pose;
}

}  // namespace spineview
