#include "render/frame_state.h"

#include <algorithm>

namespace spineview {

const NodeStyle& styleOf(const FrameState& frame, int node) {
  static const NodeStyle plain;
  return node >= 0 && node < static_cast<int>(frame.nodeStyles.size())
             ? frame.nodeStyles[size_t(node)]
             : plain;
}

bool isDrawn(const NodeStyle& style) {
  return style.visible && style.opacity > 0.f;
}

bool isTranslucent(const NodeStyle& style, const RenderSettings& settings) {
  return std::min(style.opacity, 1.f) < 0.999f || settings.fluoroscopy;
}

glm::mat4 pointTransform(const FrameState& frame, int node, const glm::vec3& skin) {
  const glm::mat4& offset = styleOf(frame, node).offset;
  return skin.x >= 0.f ? blendedBone(frame.bones, skin) * offset : offset;
}

bool operator==(const RenderSettings& a, const RenderSettings& b) {
  return a.msaaSamples == b.msaaSamples && a.interactiveLod == b.interactiveLod &&
         a.halfResolutionTransparency == b.halfResolutionTransparency &&
         a.fluoroscopy == b.fluoroscopy && a.exposure == b.exposure &&
         a.backgroundTop == b.backgroundTop && a.backgroundBottom == b.backgroundBottom;
}

bool operator==(const FrameState& a, const FrameState& b) {
  return a.camera.view == b.camera.view && a.camera.projection == b.camera.projection &&
         a.settings == b.settings && a.cut == b.cut && a.nodeStyles == b.nodeStyles &&
         a.bones == b.bones;
}

}  // namespace spineview
