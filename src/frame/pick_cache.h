// Picking in a window of one or two panes: the node-id image of the frame last drawn in one
// pane, rendered again only when that frame, its size or the pane changes, so that hovering
// costs a lookup. The renderer keeps the same image for the outline (Renderer::drawOutline),
// which is right only while holds() says so.
#pragma once
#include <functional>
#include <optional>

#include "render/frame_state.h"
#include "render/renderer.h"

namespace spineview {

class PickCache {
 public:
  // Renders node ids of a frame at a size (Renderer::renderNodeIds, or a stand-in in tests).
  using RenderIds = std::function<NodeIdImage(const FrameState&, int width, int height)>;
  explicit PickCache(RenderIds render) : render_(std::move(render)) {}

  // The node at pixel (x, y) from the top left of `pane`, which shows `frame` at
  // width x height; -1 for none or outside.
  int nodeAt(int pane, const FrameState& frame, int width, int height, int x, int y);
  // Renders the ids of `frame` in `pane` unless they are held already.
  void update(int pane, const FrameState& frame, int width, int height);
  // True when the image is of this frame in this pane.
  bool holds(int pane, const FrameState& frame) const;
  int pane() const { return pane_; }  // the pane of the image (0 until the first pick)
  void clear();

 private:
  RenderIds render_;
  std::optional<NodeIdImage> ids_;
  std::optional<FrameState> frame_;
  int pane_ = 0;
};

}  // namespace spineview
