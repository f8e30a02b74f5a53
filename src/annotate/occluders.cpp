#include "annotate/occluders.h"

#include <algorithm>

namespace spineview {
namespace {

void addTriangles(const std::vector<glm::vec3>& positions,
                  const std::vector<std::uint32_t>& indices, const glm::mat4& world, int node,
                  int surface, std::vector<TriangleBvh::Triangle>& out) {
  auto at = [&](std::uint32_t i) { return glm::vec3(world * glm::vec4(positions[i], 1.f)); };
  for (std::size_t i = 0; i + 2 < indices.size(); i += 3) {
    const glm::vec3 a = at(indices[i]);
    out.push_back({a, at(indices[i + 1]) - a, at(indices[i + 2]) - a, node, surface});
  }
}

}  // namespace

LabelOccluders LabelOccluders::build(const Scene& scene) {
  LabelOccluders occluders;
  occluders.nodeCount_ = scene.nodes.size();
  occluders.blends_.assign(scene.nodes.size(), false);
  std::vector<TriangleBvh::Triangle> triangles;
  for (std::size_t n = 0; n < scene.nodes.size(); ++n) {
    const Node& node = scene.nodes[n];
    if (node.mesh < 0) continue;
    const Mesh& mesh = scene.meshes[size_t(node.mesh)];
    for (const Primitive& prim : mesh.primitives) {
      if (!isTriangles(prim)) continue;  // points and lines hide nothing
      if (prim.material >= 0 && size_t(prim.material) < scene.materials.size() &&
          scene.materials[size_t(prim.material)].alphaMode == AlphaMode::Blend)
        occluders.blends_[n] = true;
      const int surface = isClosedSurface(prim) ? occluders.closedSurfaces_++ : -1;
      const bool morphs =
          !prim.morphPositions.empty() && prim.morphPositions[0].size() == prim.positions.size();
      if (!morphs) {
        addTriangles(prim.positions, prim.indices, node.world, int(n), surface, triangles);
        continue;
      }
      // As the renderer uploads it: target 0 live, the others at the mesh's weights.
      MorphShape shape{int(n),
                       surface,
                       node.world,
                       prim.positions,
                       prim.morphPositions[0],
                       prim.indices,
                       mesh.weights.empty() ? 0.f : mesh.weights[0]};
      for (size_t t = 1; t < prim.morphPositions.size() && t < mesh.weights.size(); ++t)
        if (mesh.weights[t] != 0.f && prim.morphPositions[t].size() == shape.base.size())
          for (size_t i = 0; i < shape.base.size(); ++i)
            shape.base[i] += mesh.weights[t] * prim.morphPositions[t][i];
      occluders.morphing_.push_back(std::move(shape));
    }
  }
  occluders.sceneRadius_ = scene.worldBounds().valid() ? scene.worldBounds().radius() : 1.f;
  occluders.bvh_ = TriangleBvh(std::move(triangles));
  return occluders;
}

LabelOccluders::InFrame LabelOccluders::inFrame(const FrameState& frame) const {
  InFrame in;
  in.occluders_ = this;
  in.blocks_.resize(nodeCount_);
  for (std::size_t n = 0; n < nodeCount_; ++n) {
    // What the renderer draws opaque hides; translucent parts hide nothing.
    const NodeStyle& style = styleOf(frame, int(n));
    in.blocks_[n] = isDrawn(style) && !isTranslucent(style, frame.settings) && !blends_[n];
  }
  std::vector<TriangleBvh::Triangle> triangles;
  for (const MorphShape& shape : morphing_) {
    // A part the frame does not draw hides nothing and bounds no cap: no need to shape it.
    if (!isDrawn(styleOf(frame, shape.node))) continue;
    const float morph = styleOf(frame, shape.node).morph;
    const float weight = morph >= 0.f ? morph : shape.defaultWeight;
    std::vector<glm::vec3> positions = shape.base;
    if (weight != 0.f)
      for (size_t i = 0; i < positions.size(); ++i) positions[i] += weight * shape.delta[i];
    addTriangles(positions, shape.indices, shape.world, shape.node, shape.surface, triangles);
  }
  in.morphed_ = TriangleBvh(std::move(triangles));
  return in;
}

template <typename Hit>
bool LabelOccluders::InFrame::forEachHit(const glm::vec3& from, const glm::vec3& to,
                                         Hit&& hit) const {
  return occluders_->bvh_.forEachHit(from, to, hit) || morphed_.forEachHit(from, to, hit);
}

bool LabelOccluders::InFrame::inside(const glm::vec3& p, const std::vector<bool>& nodes) const {
  // Any direction will do for a closed surface; a skewed one rarely grazes an edge.
  const glm::vec3 away =
      p + glm::normalize(glm::vec3(0.5377f, 0.8113f, 0.2291f)) * 4.f * occluders_->sceneRadius_;
  // Per surface, not per node: a point in a bone's cancellous core is inside both its surfaces.
  std::vector<int> crossings(size_t(occluders_->closedSurfaces_), 0);
  forEachHit(p, away, [&](const TriangleBvh::Triangle& t, float) {
    if (t.surface >= 0 && t.node < static_cast<int>(nodes.size()) && nodes[size_t(t.node)])
      ++crossings[size_t(t.surface)];
    return false;
  });
  return std::any_of(crossings.begin(), crossings.end(), [](int c) { return c % 2 == 1; });
}

bool LabelOccluders::InFrame::blocked(const glm::vec3& from, const glm::vec3& to,
                                      const CutPlane& cut) const {
  const glm::vec3 dir = to - from;
  const bool hit = forEachHit(from, to, [&](const TriangleBvh::Triangle& t, float along) {
    return t.node < static_cast<int>(blocks_.size()) && blocks_[size_t(t.node)] &&
           cut.keeps(from + along * dir);
  });
  if (hit) return true;
  // Leaving the kept half, the segment passes the cut plane; a cap is drawn there wherever the
  // plane runs inside a closed part.
  const float d0 = cut.signedDistance(from), d1 = cut.signedDistance(to);
  if (!cut.enabled || d0 < 0.f || d1 >= 0.f) return false;
  return inside(from + (d0 / (d0 - d1)) * dir, blocks_);
}

}  // namespace spineview
