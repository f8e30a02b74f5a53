// Labels with leader lines: which structures get a label, where on each structure a leader line
// may end, and where the labels go on screen. Plain CPU code (no GL, no ImGui), so the window,
// the headless PNG export and the tests place labels the same way. Three steps:
//
//   labelTargets(scene)                once per scene: texts, priorities, candidate surface points
//   projectAnchors(targets, camera...) per frame: one visible anchor per target, in pixels
//   layoutLabels(anchors, sizes...)    per frame: labels in a left and a right column
//
// Screen coordinates are pixels with the origin at the top left and y down, in whatever unit
// the caller draws in (ImGui window units in the app, image pixels in a headless render).
#pragma once
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "camera/orbit_camera.h"
#include "scene/cut.h"
#include "scene/layers.h"
#include "scene/scene.h"

namespace spineview {

// A point where a leader line may end: a vertex of the structure's mesh (or, under a cut, a
// point of its cut surface), so the line always ends on the structure.
struct SurfacePoint {
  glm::vec3 position{0.f};          // world space
  glm::vec3 normal{0.f, 1.f, 0.f};  // unit, pointing out of the structure
  bool preferred = false;           // on the part one points at (a vertebra's body)
  int node = -1;                    // the scene node it lies on
};

// One structure that gets a label.
struct LabelTarget {
  std::string text;
  std::string layerKey;    // layerKeyOf() of its nodes: the label shows only while it is visible
  int priority = 0;        // higher survives when space is short
  std::vector<int> nodes;  // the mesh nodes it names
  std::vector<SurfacePoint> anchors;  // candidate ends of its leader line
  glm::vec3 centre{0.f};              // of the preferred parts' bounds (all parts' if none)
  float radius = 0.f;                 // half the diagonal of those bounds
};

// What gets a label in `scene`, most important first (ties keep the file's node order).
// Models with the bundled model's extras (models/README.md) get one label per structure a
// clinician names: each vertebra once (text from its group, anchored preferably on the body),
// each disc (anchored on the annulus), the treated disc's nucleus, the tear parts, the dural sac
// and roots, and procedure parts (hardware merged by kind: "Pedicle screw", "Rod"). Models
// without displayName extras get one label per named mesh node (its node name, else its mesh's
// name); unnamed nodes get none.
std::vector<LabelTarget> labelTargets(const Scene& scene);

// The scene's triangles in a bounding volume hierarchy, so that an anchor hidden behind another
// opaque structure (the dural sac seen from the front) or under a cut's cap is not used. Copies
// what it needs; the scene may go away. Building takes about 60 ms on the bundled model: once
// per scene.
class LabelOccluders {
 public:
  static LabelOccluders build(const Scene& scene);
  // Per node: whether its layer hides what is behind it (visible and opaque).
  std::vector<bool> blockingNodes(const LayerState& layers) const;
  // True when the segment from `from` (on the kept side) to `to` meets a triangle of a node with
  // blocks[node] set on the kept side of the cut, or leaves the kept half through the cap of
  // such a node (where it crosses the plane inside one of the node's closed surfaces).
  bool blocked(const glm::vec3& from, const glm::vec3& to, const std::vector<bool>& blocks,
               const CutPlane& cut) const;
  // True when p lies inside a closed surface of a node with nodes[node] set (crossing parity,
  // the renderer's test for what to cap).
  bool inside(const glm::vec3& p, const std::vector<bool>& nodes) const;
  std::size_t nodeCount() const { return nodeLayerKeys_.size(); }
  float sceneRadius() const { return sceneRadius_; }

 private:
  struct Triangle {
    glm::vec3 a, edge1, edge2;
    int node;
    int surface;  // index of its closed (watertight) surface; -1 when its surface is open
  };
  struct BoxNode {
    glm::vec3 min, max;
    int first = 0, count = 0;  // triangles of a leaf; count == 0 marks an inner node
    int secondChild = 0;       // the first child follows its parent directly
  };
  int buildRange(int first, int count);
  // Calls hit(triangle, t) for each triangle the segment from + t * (to - from), 0 < t < 1,
  // meets, until hit returns true; returns whether one did.
  template <typename Hit>
  bool forEachHit(const glm::vec3& from, const glm::vec3& to, Hit&& hit) const;
  std::vector<Triangle> triangles_;
  std::vector<BoxNode> boxes_;
  std::vector<std::string> nodeLayerKeys_;  // per scene node
  int closedSurfaces_ = 0;
  float sceneRadius_ = 0.f;
};

// One target's leader-line end for the current camera.
struct ScreenAnchor {
  int target = -1;  // index into the targets
  // Index into that target's anchors; from anchors.size() on, the point of the cut surface
  // nearest anchors[candidate - anchors.size()].
  int candidate = -1;
  std::string text;
  int priority = 0;
  glm::vec2 point{0.f};  // pixels, origin top left, y down
  glm::vec3 world{0.f};
};

struct AnchorOptions {
  // When set, candidates hidden behind visible opaque structures are skipped, and a target
  // with no visible candidate gets no label.
  const LabelOccluders* occluders = nullptr;
  // Last frame's anchors: a target keeps its candidate unless another is clearly better, so
  // leader ends do not hop between vertices as the camera moves.
  const std::vector<ScreenAnchor>* previous = nullptr;
  // For a posed scene (a story bends the spine) with occluders built at rest: per target and
  // anchor, the transform from the posed world back to the rest pose. Occlusion rays are
  // tested there (the cut plane too), so what moves with an anchor hides it as drawn. Null:
  // the scene is at rest.
  const std::vector<std::vector<glm::mat4>>* toRestPose = nullptr;
};

// Per target, the best candidate for this camera: its layer visible with opacity > 0, on the
// kept side of the cut, in front of the camera, inside the viewport and facing the camera,
// preferring points near the middle of the structure as seen. A structure the cut passes
// through also offers points on its cut surface (with occluders only: they tell inside from
// outside). Targets without a candidate are left out.
std::vector<ScreenAnchor> projectAnchors(const std::vector<LabelTarget>& targets,
                                         const CameraMatrices& camera, glm::vec2 viewportSize,
                                         const LayerState& layers, const CutPlane& cut,
                                         const AnchorOptions& options = {});

struct LabelRect {
  glm::vec2 min{0.f}, max{0.f};
  glm::vec2 size() const { return max - min; }
  bool contains(glm::vec2 p) const {
    return p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y;
  }
  bool overlaps(const LabelRect& o) const {
    return min.x < o.max.x && o.min.x < max.x && min.y < o.max.y && o.min.y < max.y;
  }
};

// Sizes in pixels at UI scale 1; scaled() multiplies them for larger screens.
struct LabelStyle {
  float padding = 6.f;           // between the text and its box edge
  float gap = 6.f;               // between two boxes in a column
  float margin = 12.f;           // between the boxes and the viewport edge
  float stub = 18.f;             // horizontal part of a leader line, box edge to elbow
  float sideHysteresis = 40.f;   // anchors this close to the centre line keep their column
  float orderHysteresis = 12.f;  // anchors this close in y keep their order in a column
  float anchorClearance = 7.f;   // a leader line passing closer to another anchor seems to
                                 // point at it
  LabelStyle scaled(float uiScale) const;
};

enum class LabelSide { Left, Right };

struct PlacedLabel {
  int target = -1;  // ScreenAnchor::target
  std::string text;
  int priority = 0;
  LabelSide side = LabelSide::Left;
  LabelRect rect;                 // the box, text inside with the style's padding
  glm::vec2 anchor{0.f};          // where the leader line ends on the structure
  std::vector<glm::vec2> leader;  // anchor, elbow, point on the box's inner edge
};

struct LabelLayout {
  std::vector<PlacedLabel> labels;
  std::vector<int> dropped;  // targets that had an anchor but found no room
  float centreX = 0.f;       // the line between the columns
};

// Boundary labelling as in medical illustration: anchors left of the anchors' mean x get a box
// in a column flush with the viewport's left edge, the others at the right edge. Within a column
// the boxes follow their anchors' order in y and are spaced by a least-squares 1-D pass that
// keeps them `gap` apart and inside the viewport; pairs whose leader lines would still cross
// swap places. Each leader line runs anchor -> elbow -> the middle of the box's inner edge, the
// elbow a stub beyond every box it passes, so no line crosses a box or, within a column,
// another line. Labels that do not fit move to the other column or are dropped, lowest
// priority first; so are labels whose anchor lies under their own column (narrow viewports) and
// boxes wider than half the viewport. A label whose line would run over another anchor's dot
// tries the other column. textSizes[i] is the size of anchors[i]'s text. `previous` (last
// frame's layout) keeps columns and order steady while the camera moves. Deterministic.
LabelLayout layoutLabels(const std::vector<ScreenAnchor>& anchors,
                         const std::vector<glm::vec2>& textSizes, const LabelRect& viewport,
                         const LabelStyle& style, const LabelLayout* previous = nullptr);

// True when two segments share a point (used by the layout and its tests).
bool segmentsIntersect(glm::vec2 a0, glm::vec2 a1, glm::vec2 b0, glm::vec2 b1);

}  // namespace spineview
