// Where labels go on screen: boundary labelling in two columns at the view's edges, with leader
// lines that do not cross. Pure 2D, per frame.
#pragma once
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "annotate/anchors.h"

namespace spineview {

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
