#include "render/screen_rect.h"

namespace spineview {

PixelRect pixelRectOf(const glm::vec2& lo, const glm::vec2& hi, int width, int height) {
  PixelRect r;
  r.x0 = std::clamp(static_cast<int>((lo.x * 0.5f + 0.5f) * width) - 2, 0, width);
  r.y0 = std::clamp(static_cast<int>((lo.y * 0.5f + 0.5f) * height) - 2, 0, height);
  r.x1 = std::clamp(static_cast<int>((hi.x * 0.5f + 0.5f) * width) + 3, 0, width);
  r.y1 = std::clamp(static_cast<int>((hi.y * 0.5f + 0.5f) * height) + 3, 0, height);
  return r;
}

PixelRect screenRect(const Bounds& b, const glm::mat4& viewProjection, int width, int height) {
  const PixelRect all{0, 0, width, height};
  if (!b.valid()) return {};
  glm::vec2 lo(1e9f), hi(-1e9f);
  for (int i = 0; i < 8; ++i) {
    const glm::vec3 corner(i & 1 ? b.max.x : b.min.x, i & 2 ? b.max.y : b.min.y,
                           i & 4 ? b.max.z : b.min.z);
    const glm::vec4 clip = viewProjection * glm::vec4(corner, 1.f);
    if (clip.w <= 1e-6f) return all;
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    lo = glm::min(lo, ndc);
    hi = glm::max(hi, ndc);
  }
  return pixelRectOf(lo, hi, width, height);
}

PixelRect intersect(const PixelRect& a, const PixelRect& b) {
  PixelRect r{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1),
              std::min(a.y1, b.y1)};
  return r.empty() ? PixelRect{} : r;
}

}  // namespace spineview
