// What hides a label's anchor: the scene's triangles in a bounding volume hierarchy, so that an
// anchor hidden behind another opaque structure (the dural sac seen from the front) or under a
// cut's cap is not used. Copies what it needs; the scene may go away. Built once per scene;
// InFrame adds, per frame, what that frame draws: which parts hide (drawn and opaque) and the
// shape of parts whose morph target it sets (a growing bone bridge, a filling sealant).
#pragma once
#include <glm/glm.hpp>
#include <vector>

#include "core/bvh.h"
#include "render/frame_state.h"
#include "scene/cut.h"
#include "scene/scene.h"

namespace spineview {

class LabelOccluders {
 public:
  static LabelOccluders build(const Scene& scene);

  class InFrame {
   public:
    // True when the segment from `from` (on the kept side) to `to` meets a triangle of a node
    // that blocks, on the kept side of the cut, or leaves the kept half through the cap of such
    // a node (where it crosses the plane inside one of the node's closed surfaces).
    bool blocked(const glm::vec3& from, const glm::vec3& to, const CutPlane& cut) const;
    // True when p lies inside a closed surface of a node with nodes[node] set (crossing parity,
    // the renderer's test for what to cap).
    bool inside(const glm::vec3& p, const std::vector<bool>& nodes) const;

   private:
    friend class LabelOccluders;
    template <typename Hit>
    bool forEachHit(const glm::vec3& from, const glm::vec3& to, Hit&& hit) const;
    const LabelOccluders* occluders_ = nullptr;
    std::vector<bool> blocks_;  // per node: drawn opaque, hiding what is behind it
    TriangleBvh morphed_;       // the morphing parts as the frame shapes them
  };
  InFrame inFrame(const FrameState& frame) const;

  std::size_t nodeCount() const { return nodeCount_; }
  float sceneRadius() const { return sceneRadius_; }

 private:
  // A primitive whose morph target 0 a frame can set (render/frame_state.h: NodeStyle::morph).
  struct MorphShape {
    int node = -1, surface = -1;
    glm::mat4 world{1.f};
    std::vector<glm::vec3> base, delta;  // mesh space: other targets at the mesh's weights
    std::vector<std::uint32_t> indices;
    float defaultWeight = 0.f;
  };
  TriangleBvh bvh_;  // everything that does not morph
  std::vector<MorphShape> morphing_;
  std::vector<bool> blends_;  // per node: a material that blends (never opaque)
  std::size_t nodeCount_ = 0;
  int closedSurfaces_ = 0;
  float sceneRadius_ = 0.f;
};

}  // namespace spineview
