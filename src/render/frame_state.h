// What one frame looks like, as plain data: the renderer's only per-frame input. Built by the
// frame composer (frame/compose.h) or a test, never kept by the renderer. Two equal states
// draw the same image.
#pragma once
#include <glm/glm.hpp>
#include <vector>

#include "camera/orbit_camera.h"
#include "scene/cut.h"
#include "scene/draw_hints.h"

namespace spineview {

struct RenderSettings {
  int msaaSamples = 4;  // used where a RenderTarget is made from settings (snapshots)
  // Draw the simplified meshes built by Renderer::buildInteractiveLod (when built): for
  // frames drawn while the camera moves on a software rasteriser, where every triangle costs.
  bool interactiveLod = false;
  // Accumulate translucent parts at half resolution (single-sampled targets): motion frames
  // on a software rasteriser, where x-ray layers cost most of the frame. Stills stay full.
  bool halfResolutionTransparency = false;
  // An X-ray-like image: every visible part is drawn as attenuation (bone grey, metal dark)
  // over the background, without lighting; the caller shows only bone and metal.
  bool fluoroscopy = false;
  float exposure = 1.f;
  glm::vec3 backgroundTop{0.105f, 0.118f, 0.140f};  // linear RGB, vertical gradient
  glm::vec3 backgroundBottom{0.018f, 0.020f, 0.024f};
};

// How one node looks in a frame; the defaults change nothing.
struct NodeStyle {
  bool visible = true;
  float opacity = 1.f;    // 0..1; below 1 the node is drawn translucent
  float morph = -1.f;     // weight of morph target 0; below 0: the mesh's own weight
  float glow = 0.f;       // irritation glow 0..1
  float heat = 0.f;       // load heat map 0..1
  glm::mat4 offset{1.f};  // world-space move applied after the node's transform
  bool operator==(const NodeStyle& o) const {
    return visible == o.visible && opacity == o.opacity && morph == o.morph && glow == o.glow &&
           heat == o.heat && offset == o.offset;
  }
};

struct FrameState {
  CameraMatrices camera;
  RenderSettings settings;
  CutPlane cut;                       // when enabled, every node is cut and closed parts are capped
  std::vector<NodeStyle> nodeStyles;  // by node index; empty or shorter: defaults
  BonePalette bones;                  // what skins (DrawHints) refer to; empty: rest
};

// The style of a node, the defaults beyond nodeStyles.
const NodeStyle& styleOf(const FrameState& frame, int node);
// Whether a node is drawn at all: visible, with some opacity.
bool isDrawn(const NodeStyle& style);
// Whether a drawn node is drawn translucent, so that what lies behind it shows: faded, or in a
// fluoroscopy image (where every part is an attenuating shell). A material that blends is
// translucent too; the renderer and the label occluders read that from the scene.
bool isTranslucent(const NodeStyle& style, const RenderSettings& settings);
// Where a rest-pose world point on `node` goes in this frame, as the renderer draws it: the
// node's offset, then its bones with `skin` (bone a, bone b, weight of b; a < 0: rigid).
glm::mat4 pointTransform(const FrameState& frame, int node, const glm::vec3& skin);

bool operator==(const RenderSettings& a, const RenderSettings& b);
bool operator==(const FrameState& a, const FrameState& b);
inline bool operator!=(const FrameState& a, const FrameState& b) {
  return !(a == b);
}

}  // namespace spineview
