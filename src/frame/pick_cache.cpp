#include "frame/pick_cache.h"

namespace spineview {

void PickCache::update(int pane, const FrameState& frame, int width, int height) {
  if (ids_ && holds(pane, frame) && ids_->width == width && ids_->height == height) return;
  ids_ = render_(frame, width, height);
  frame_ = frame;
  pane_ = pane;
}

int PickCache::nodeAt(int pane, const FrameState& frame, int width, int height, int x, int y) {
  if (width <= 0 || height <= 0) return -1;
  update(pane, frame, width, height);
  return ids_->nodeAt(x, y);
}

bool PickCache::holds(int pane, const FrameState& frame) const {
  return ids_ && frame_ && pane_ == pane && *frame_ == frame;
}

void PickCache::clear() {
  ids_.reset();
  frame_.reset();
}

}  // namespace spineview
