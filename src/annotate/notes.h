// A case's pins and ink (scene/surface_anchor.h) as one frame shows them: each anchor found on
// its structure once per scene, then per frame moved with the spine as the renderer moves the
// vertices (render/frame_state.h: pointTransform), projected, and hidden when its structure is
// not drawn, lies on the cut-away side, faces away or is behind an opaque structure.
#pragma once
#include <glm/glm.hpp>
#include <optional>
#include <vector>

#include "anatomy/anatomy.h"
#include "annotate/occluders.h"
#include "render/frame_state.h"
#include "scene/surface_anchor.h"

namespace spineview {

struct ShownPoint {
  glm::vec2 pixel{0.f};  // origin top left, y down
  bool visible = false;
};

struct ShownNotes {
  std::vector<ShownPoint> pins;                  // per pin
  std::vector<std::vector<ShownPoint>> strokes;  // per stroke, per point
};

class NotesInScene {
 public:
  NotesInScene() = default;
  NotesInScene(const Scene& scene, const Anatomy& anatomy, const Notes& notes);
  // `occluders`: null leaves out the test for what lies in front.
  ShownNotes show(const FrameState& frame, glm::vec2 viewport,
                  const LabelOccluders::InFrame* occluders) const;
  std::size_t unresolved() const { return unresolved_; }  // anchors whose structure is gone

 private:
  struct Resolved {
    std::optional<AnchoredPoint> point;
    glm::vec3 skin{-1.f, -1.f, 0.f};
  };
  ShownPoint showOne(const Resolved& r, const FrameState& frame, glm::vec2 viewport,
                     const LabelOccluders::InFrame* occluders) const;
  std::vector<Resolved> pins_;
  std::vector<std::vector<Resolved>> strokes_;
  std::size_t unresolved_ = 0;
};

// Where a pixel of a frame (viewport pixels, y down) meets the surface of `node` as the frame
// draws it (posed by the spine), as an anchor; nothing when the ray misses the node.
std::optional<SurfaceAnchor> anchorAtPixel(const Scene& scene, const Anatomy& anatomy, int node,
                                           const FrameState& frame, glm::vec2 pixel,
                                           glm::vec2 viewport);

}  // namespace spineview
