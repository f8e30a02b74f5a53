// Screen rectangles that limit passes to where their parts are: on a software rasteriser a
// pass costs what it covers. Internal to the renderer.
#pragma once
#include <algorithm>
#include <glm/glm.hpp>

#include "scene/scene.h"

namespace spineview {

struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // GL window coordinates, x1/y1 exclusive
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void grow(const PixelRect& r) {
    if (r.empty()) return;
    if (empty()) {
      *this = r;
      return;
    }
    x0 = std::min(x0, r.x0);
    y0 = std::min(y0, r.y0);
    x1 = std::max(x1, r.x1);
    y1 = std::max(y1, r.y1);
  }
};

// Pixels covering NDC box [lo, hi], a little larger for rounding and outlines.
PixelRect pixelRectOf(const glm::vec2& lo, const glm::vec2& hi, int width, int height);
// Where world bounds land on screen; the whole viewport when a corner is behind the camera
// (the projection folds over there).
PixelRect screenRect(const Bounds& b, const glm::mat4& viewProjection, int width, int height);
PixelRect intersect(const PixelRect& a, const PixelRect& b);

}  // namespace spineview
