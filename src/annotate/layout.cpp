#include "annotate/layout.h"

#include <algorithm>
#include <cmath>

namespace spineview {

LabelStyle LabelStyle::scaled(float uiScale) const {
  LabelStyle s = *this;
  for (float* v : {&s.padding, &s.gap, &s.margin, &s.stub, &s.sideHysteresis, &s.orderHysteresis,
                   &s.anchorClearance})
    *v *= uiScale;
  return s;
}

bool segmentsIntersect(glm::vec2 a0, glm::vec2 a1, glm::vec2 b0, glm::vec2 b1) {
  auto cross = [](glm::vec2 u, glm::vec2 v) { return u.x * v.y - u.y * v.x; };
  auto within = [](glm::vec2 p, glm::vec2 s0, glm::vec2 s1) {  // p collinear with s0-s1
    return p.x >= std::min(s0.x, s1.x) && p.x <= std::max(s0.x, s1.x) &&
           p.y >= std::min(s0.y, s1.y) && p.y <= std::max(s0.y, s1.y);
  };
  const float d1 = cross(a1 - a0, b0 - a0), d2 = cross(a1 - a0, b1 - a0);
  const float d3 = cross(b1 - b0, a0 - b0), d4 = cross(b1 - b0, a1 - b0);
  if (((d1 > 0.f && d2 < 0.f) || (d1 < 0.f && d2 > 0.f)) &&
      ((d3 > 0.f && d4 < 0.f) || (d3 < 0.f && d4 > 0.f)))
    return true;
  return (d1 == 0.f && within(b0, a0, a1)) || (d2 == 0.f && within(b1, a0, a1)) ||
         (d3 == 0.f && within(a0, b0, b1)) || (d4 == 0.f && within(a1, b0, b1));
}

namespace {

struct Item {
  int anchor;  // index into the anchors
  glm::vec2 point;
  glm::vec2 box;  // text plus padding
  LabelSide side;
  bool moved = false;  // moved to the other column once: never moves back, so the layout ends
  bool dropped = false;
};

// Centres of boxes stacked in the given order as close as possible (least squares) to
// `desired`, each pair `gap` apart, all inside [top, bottom]. Subtracting the stacking offsets
// turns the spacing into "non-decreasing", solved exactly by pool-adjacent-violators; clamping
// that solution to the bounds is optimal for the bounded problem too. The result moves
// continuously with `desired`, which keeps labels calm while the camera moves. False when the
// boxes do not fit.
bool stackCentres(const std::vector<float>& desired, const std::vector<float>& heights, float gap,
                  float top, float bottom, std::vector<float>& centres) {
  const std::size_t n = desired.size();
  centres.assign(n, 0.f);
  if (n == 0) return true;
  std::vector<float> offset(n, 0.f);
  for (std::size_t i = 1; i < n; ++i)
    offset[i] = offset[i - 1] + 0.5f * (heights[i - 1] + heights[i]) + gap;
  struct Pool {
    float sum;
    int count;
    float mean() const { return sum / static_cast<float>(count); }
  };
  std::vector<Pool> pools;
  for (std::size_t i = 0; i < n; ++i) {
    pools.push_back({desired[i] - offset[i], 1});
    while (pools.size() > 1 && pools[pools.size() - 2].mean() > pools.back().mean()) {
      pools[pools.size() - 2].sum += pools.back().sum;
      pools[pools.size() - 2].count += pools.back().count;
      pools.pop_back();
    }
  }
  const float low = top + 0.5f * heights.front();
  const float high = bottom - 0.5f * heights.back() - offset.back();
  if (low > high) return false;
  std::size_t i = 0;
  for (const Pool& pool : pools)
    for (int k = 0; k < pool.count; ++k, ++i)
      centres[i] = std::clamp(pool.mean(), low, high) + offset[i];
  return true;
}

const PlacedLabel* previousLabel(const LabelLayout* previous, int target) {
  if (!previous) return nullptr;
  for (const PlacedLabel& label : previous->labels)
    if (label.target == target) return &label;
  return nullptr;
}

class ColumnLayout {
 public:
  ColumnLayout(const std::vector<ScreenAnchor>& anchors, const LabelRect& viewport,
               const LabelStyle& style, const LabelLayout* previous)
      : anchors_(anchors), viewport_(viewport), style_(style), previous_(previous) {}

  LabelLayout run(std::vector<Item> items, float centreX) {
    items_ = std::move(items);
    settleColumns(centreX);
    LabelLayout layout = placeAll(centreX);
    // A leader line that runs over another label's anchor dot seems to point at it. Such a
    // label tries the other column once, and keeps it if its line is clear there.
    for (;;) {
      Item* offender = nullptr;
      for (Item& item : items_)
        if (!item.dropped && !item.moved && passesOverDot(layout, item) &&
            beyond(item, other(item.side), innerEdge(other(item.side), item.box.x)) &&
            columnHeight(other(item.side), &item) <= availableHeight()) {
          offender = &item;
          break;
        }
      if (!offender) return layout;
      const std::vector<Item> before = items_;
      const std::size_t index = static_cast<std::size_t>(offender - items_.data());
      offender->side = other(offender->side);
      offender->moved = true;
      LabelLayout trial = placeAll(centreX);
      if (!items_[index].dropped && !passesOverDot(trial, items_[index]) &&
          !crossesAny(trial, items_[index])) {
        layout = std::move(trial);
      } else {
        items_ = before;
        items_[index].moved = true;  // tried once
      }
    }
  }

 private:
  static LabelSide other(LabelSide side) {
    return side == LabelSide::Left ? LabelSide::Right : LabelSide::Left;
  }
  // Boxes sit flush with the viewport's edge, so they stay put when the widest label of the
  // column comes or goes. This is the box's edge that faces the anatomy.
  float innerEdge(LabelSide side, float width) const {
    return side == LabelSide::Left ? viewport_.min.x + style_.margin + width
                                   : viewport_.max.x - style_.margin - width;
  }
  // Whether a leader line from a box at edge x, with its stub, can go on to the anchor.
  bool beyond(const Item& item, LabelSide side, float edgeX) const {
    return side == LabelSide::Left ? item.point.x > edgeX + style_.stub + 1.f
                                   : item.point.x < edgeX - style_.stub - 1.f;
  }
  float columnHeight(LabelSide side, const Item* joining = nullptr) const {
    float height = 0.f;
    int count = 0;
    for (const Item& item : items_)
      if (!item.dropped && item.side == side) height += item.box.y, ++count;
    if (joining) height += joining->box.y, ++count;
    return height + style_.gap * static_cast<float>(std::max(count - 1, 0));
  }
  float availableHeight() const { return viewport_.size().y - 2.f * style_.margin; }
  // Moves an item to the other column when its anchor can be reached from there and it fits.
  bool tryMove(Item& item) {
    const LabelSide to = other(item.side);
    if (item.moved || !beyond(item, to, innerEdge(to, item.box.x)) ||
        columnHeight(to, &item) > availableHeight())
      return false;
    item.side = to;
    item.moved = true;
    return true;
  }
  bool lessImportant(const Item& a, const Item& b) const {
    const ScreenAnchor &x = anchors_[a.anchor], &y = anchors_[b.anchor];
    return x.priority < y.priority || (x.priority == y.priority && x.target > y.target);
  }
  Item* leastImportant(LabelSide side) {
    Item* least = nullptr;
    for (Item& item : items_)
      if (!item.dropped && item.side == side && (!least || lessImportant(item, *least)))
        least = &item;
    return least;
  }

  // Fixes one problem at a time (an anchor under its own box, a column too full) by dropping or
  // moving one label, until there is none. Each label moves at most once and drops are final,
  // so this ends.
  void settleColumns(float centreX) {
    for (bool changed = true; changed;) {
      changed = false;
      // An anchor under its own box cannot take a leader line; sending it to the far column
      // would draw a line across the whole picture, so it goes.
      for (Item& item : items_) {
        if (item.dropped || beyond(item, item.side, innerEdge(item.side, item.box.x))) continue;
        item.dropped = true;
        changed = true;
        break;
      }
      if (changed) continue;
      for (LabelSide side : {LabelSide::Left, LabelSide::Right}) {
        // An empty column fits anywhere, even where the overlays leave no room at all.
        if (columnHeight(side) <= availableHeight() || !leastImportant(side)) continue;
        // The label nearest the centre line suits the other column best.
        std::vector<Item*> byCentre;
        for (Item& item : items_)
          if (!item.dropped && item.side == side) byCentre.push_back(&item);
        std::stable_sort(byCentre.begin(), byCentre.end(), [&](const Item* a, const Item* b) {
          return std::abs(a->point.x - centreX) < std::abs(b->point.x - centreX);
        });
        bool moved = false;
        for (Item* item : byCentre)
          if ((moved = tryMove(*item))) break;
        if (!moved) leastImportant(side)->dropped = true;
        changed = true;
        break;
      }
    }
  }

  std::vector<Item*> initialOrder(LabelSide side) {
    std::vector<Item*> order;
    for (Item& item : items_)
      if (!item.dropped && item.side == side) order.push_back(&item);
    std::stable_sort(order.begin(), order.end(), [&](const Item* a, const Item* b) {
      if (a->point.y != b->point.y) return a->point.y < b->point.y;
      return anchors_[a->anchor].target < anchors_[b->anchor].target;
    });
    // Two anchors at almost the same height keep last frame's order, so their boxes do not
    // swap back and forth while the camera moves.
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
      const PlacedLabel* above = previousLabel(previous_, anchors_[order[i]->anchor].target);
      const PlacedLabel* below = previousLabel(previous_, anchors_[order[i + 1]->anchor].target);
      if (above && below && above->side == side && below->side == side &&
          above->rect.min.y > below->rect.min.y &&
          order[i + 1]->point.y - order[i]->point.y < style_.orderHysteresis)
        std::swap(order[i], order[i + 1]);
    }
    return order;
  }

  // Boxes stacked in `order`, and leader lines: anchor, elbow, box edge. Each elbow sits a stub
  // beyond the widest box between the label's height and its anchor's, so no leader line runs
  // over a box, while a narrow label near a wide one can still reach an anchor close to the
  // edge.
  std::vector<PlacedLabel> place(LabelSide side, const std::vector<Item*>& order) const {
    std::vector<float> desired, heights, centres;
    for (const Item* item : order) {
      desired.push_back(item->point.y);
      heights.push_back(item->box.y);
    }
    // settleColumns made sure the column fits; without room the boxes stay clamped in view.
    stackCentres(desired, heights, style_.gap, viewport_.min.y + style_.margin,
                 viewport_.max.y - style_.margin, centres);
    const bool left = side == LabelSide::Left;
    std::vector<PlacedLabel> labels;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const ScreenAnchor& anchor = anchors_[order[i]->anchor];
      const glm::vec2 box = order[i]->box;
      PlacedLabel label;
      label.target = anchor.target;
      label.text = anchor.text;
      label.priority = anchor.priority;
      label.side = side;
      const float x =
          left ? viewport_.min.x + style_.margin : viewport_.max.x - style_.margin - box.x;
      label.rect = {{x, centres[i] - 0.5f * box.y}, {x + box.x, centres[i] + 0.5f * box.y}};
      label.anchor = anchor.point;
      labels.push_back(std::move(label));
    }
    for (PlacedLabel& label : labels) {
      const float y = 0.5f * (label.rect.min.y + label.rect.max.y);
      const float low = std::min(y, label.anchor.y), high = std::max(y, label.anchor.y);
      float reach = left ? label.rect.max.x : label.rect.min.x;
      for (const PlacedLabel& other : labels)
        if (other.rect.max.y >= low && other.rect.min.y <= high)
          reach = left ? std::max(reach, other.rect.max.x) : std::min(reach, other.rect.min.x);
      const float elbowX = left ? reach + style_.stub : reach - style_.stub;
      label.leader = {label.anchor, {elbowX, y}, {left ? label.rect.max.x : label.rect.min.x, y}};
    }
    return labels;
  }

  LabelLayout placeAll(float centreX) {
    LabelLayout layout;
    layout.centreX = centreX;
    for (LabelSide side : {LabelSide::Left, LabelSide::Right}) placeColumn(side, layout);
    for (const Item& item : items_)
      if (item.dropped) layout.dropped.push_back(anchors_[item.anchor].target);
    return layout;
  }
  const PlacedLabel* placedOf(const LabelLayout& layout, const Item& item) const {
    for (const PlacedLabel& label : layout.labels)
      if (label.target == anchors_[item.anchor].target) return &label;
    return nullptr;
  }
  bool passesOverDot(const LabelLayout& layout, const Item& item) const {
    const PlacedLabel* label = placedOf(layout, item);
    if (!label) return false;
    // A label that stood in this column last frame moves only for a line right over a dot, so
    // a line grazing the limit does not send it back and forth.
    const PlacedLabel* before = previousLabel(previous_, label->target);
    const float clearance =
        style_.anchorClearance * (before && before->side == label->side ? 0.5f : 1.f);
    for (const PlacedLabel& other : layout.labels) {
      if (&other == label) continue;
      for (std::size_t i = 0; i + 1 < label->leader.size(); ++i) {
        const glm::vec2 a = label->leader[i], ab = label->leader[i + 1] - a;
        const float t = glm::clamp(
            glm::dot(other.anchor - a, ab) / std::max(glm::dot(ab, ab), 1e-6f), 0.f, 1.f);
        if (glm::distance(a + t * ab, other.anchor) < clearance) return true;
      }
    }
    return false;
  }
  // Whether the item's leader line crosses any other, in either column.
  bool crossesAny(const LabelLayout& layout, const Item& item) const {
    const PlacedLabel* label = placedOf(layout, item);
    if (!label) return false;
    for (const PlacedLabel& other : layout.labels)
      if (&other != label && leadersCross(*label, other)) return true;
    return false;
  }

  static bool leadersCross(const PlacedLabel& a, const PlacedLabel& b) {
    for (std::size_t i = 0; i + 1 < a.leader.size(); ++i)
      for (std::size_t j = 0; j + 1 < b.leader.size(); ++j)
        if (segmentsIntersect(a.leader[i], a.leader[i + 1], b.leader[j], b.leader[j + 1]))
          return true;
    return false;
  }

  // Orders, stacks and untangles one column, dropping what cannot be drawn cleanly:
  // - a leader line whose elbow would lie beyond its anchor (a wider box in the way): the less
  //   important of the label and the boxes in the way goes;
  // - crossing leader lines: sorting by anchor height alone does not rule them out once boxes
  //   are pushed apart, so the pair swaps places (which shortens both lines); if swapping does
  //   not settle it, the less important label goes.
  void placeColumn(LabelSide side, LabelLayout& layout) {
    std::vector<Item*> order = initialOrder(side);
    const bool left = side == LabelSide::Left;
    auto drop = [&](Item* item) {
      item->dropped = true;
      order.erase(std::find(order.begin(), order.end(), item));
    };
    for (std::size_t swaps = 0;;) {
      std::vector<PlacedLabel> labels = place(side, order);
      bool changed = false;
      for (std::size_t i = 0; i < labels.size() && !changed; ++i) {
        const glm::vec2 elbow = labels[i].leader[1];
        if (left ? labels[i].anchor.x > elbow.x + 1.f : labels[i].anchor.x < elbow.x - 1.f)
          continue;
        Item* least = order[i];
        for (std::size_t j = 0; j < labels.size(); ++j)
          if (j != i &&
              !beyond(*order[i], side, left ? labels[j].rect.max.x : labels[j].rect.min.x) &&
              labels[j].rect.max.y >= std::min(labels[i].anchor.y, elbow.y) &&
              labels[j].rect.min.y <= std::max(labels[i].anchor.y, elbow.y) &&
              lessImportant(*order[j], *least))
            least = order[j];
        drop(least);
        changed = true;
      }
      if (changed) continue;
      std::size_t crossA = 0, crossB = 0;
      bool crossing = false;
      for (std::size_t i = 0; i < labels.size() && !crossing; ++i)
        for (std::size_t j = i + 1; j < labels.size() && !crossing; ++j)
          if (leadersCross(labels[i], labels[j])) crossA = i, crossB = j, crossing = true;
      if (!crossing) {
        for (PlacedLabel& label : labels) layout.labels.push_back(std::move(label));
        return;
      }
      if (swaps++ < order.size() * order.size()) {
        std::swap(order[crossA], order[crossB]);
        continue;
      }
      drop(lessImportant(*order[crossA], *order[crossB]) ? order[crossA] : order[crossB]);
      swaps = 0;
    }
  }

  const std::vector<ScreenAnchor>& anchors_;
  LabelRect viewport_;
  LabelStyle style_;
  const LabelLayout* previous_;
  std::vector<Item> items_;
};

}  // namespace

LabelLayout layoutLabels(const std::vector<ScreenAnchor>& anchors,
                         const std::vector<glm::vec2>& textSizes, const LabelRect& viewport,
                         const LabelStyle& style, const LabelLayout* previous) {
  std::vector<Item> items;
  std::vector<int> dropped;
  float sumX = 0.f;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const glm::vec2 box =
        (i < textSizes.size() ? textSizes[i] : glm::vec2(0.f)) + 2.f * style.padding;
    const glm::vec2 p = anchors[i].point;
    if (!viewport.contains(p) || box.x > viewport.size().x * 0.5f - style.margin ||
        box.y > viewport.size().y - 2.f * style.margin) {
      dropped.push_back(anchors[i].target);
      continue;
    }
    items.push_back({static_cast<int>(i), p, box, LabelSide::Left});
    sumX += p.x;
  }
  // The middle of the anchors, not of the viewport: a model framed off-centre (a side panel, a
  // pan) still splits its labels about evenly between the columns.
  const float centreX =
      items.empty() ? 0.5f * (viewport.min.x + viewport.max.x) : sumX / float(items.size());
  for (Item& item : items) {
    item.side = item.point.x < centreX ? LabelSide::Left : LabelSide::Right;
    // Last frame's column holds while the anchor stays near the centre line. A label that was
    // sent to the far column (to clear another anchor, or for room) holds it over a wider band,
    // so it does not bounce back and forth as the reason comes and goes.
    const PlacedLabel* before = previousLabel(previous, anchors[item.anchor].target);
    if (before) {
      const LabelSide natural =
          before->anchor.x < previous->centreX ? LabelSide::Left : LabelSide::Right;
      const float band = style.sideHysteresis * (before->side == natural ? 1.f : 3.f);
      if (std::abs(item.point.x - centreX) < band) item.side = before->side;
    }
  }
  LabelLayout layout =
      ColumnLayout(anchors, viewport, style, previous).run(std::move(items), centreX);
  layout.dropped.insert(layout.dropped.end(), dropped.begin(), dropped.end());
  std::sort(layout.dropped.begin(), layout.dropped.end());
  return layout;
}

}  // namespace spineview
