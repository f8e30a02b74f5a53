#include "frame/compose.h"

#include <glm/gtc/matrix_transform.hpp>

namespace spineview {
namespace {

bool isAncestor(const Scene& scene, int ancestor, int node) {
  for (int n = node; n >= 0; n = scene.nodes[size_t(n)].parent)
    if (n == ancestor) return true;
  return false;
}

// Nodes a track target names: every part of a layer, or a node and everything under it.
std::vector<int> nodesOf(const Scene& scene, const Anatomy& anatomy, const std::string& target,
                         const NodeStoryState& s) {
  std::vector<int> out;
  if (s.layer) {
    for (size_t i = 0; i < scene.nodes.size(); ++i)
      if (anatomy.parts[i].layer == *s.layer) out.push_back(int(i));
    return out;
  }
  const int root = scene.findNode(target);
  if (root < 0) return out;
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    if (isAncestor(scene, root, int(i))) out.push_back(int(i));
  return out;
}

// The story's hold on the frame: per-node styles over the user's layers, the spine's pose,
// its render mode and its cut.
void applyStory(const StoryState& state, const Scene& scene, const Anatomy& anatomy,
                LayerState& layers, FrameState& frame) {
  // The model's own starting visibility, per node: the story shows what it needs.
  const LayerState& defaults = anatomy.defaultLayers();
  for (const LayerInfo& layer : anatomy.layers)
    if (!defaults.of(layer.key).visible) layers.settings[layer.key].visible = true;
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    frame.nodeStyles[i].visible = !anatomy.parts[i].initiallyHidden;
  // Layer targets first, then nodes (a node and the parts under it): what a story says of a
  // node wins over what it says of the node's layer.
  for (const bool layerTargets : {true, false})
    for (const auto& [target, s] : state.nodes) {
      if (s.layer.has_value() != layerTargets) continue;
      for (int n : nodesOf(scene, anatomy, target, s)) {
        NodeStyle& style = frame.nodeStyles[size_t(n)];
        if (s.visible) style.visible = *s.visible;
        if (s.opacity) style.opacity = *s.opacity;
        if (s.morph) style.morph = *s.morph;
        if (s.glow) style.glow = *s.glow;
        if (s.heat) style.heat = *s.heat;
        const NeedlePath& path = anatomy.parts[size_t(n)].path;
        if (s.advance && path.valid)
          style.offset =
              glm::translate(glm::mat4(1.f), path.direction * ((1.f - *s.advance) * kNeedleTravel));
      }
    }
  if (anatomy.rig.valid()) frame.bones = poseSpine(anatomy.rig, storyAngles(state));

  frame.settings.fluoroscopy = state.renderMode == RenderMode::Fluoroscopy;
  if (state.renderMode == RenderMode::Xray)
    applyLayerPreset(LayerPreset::Xray, layers, anatomy.layers);
  if (frame.settings.fluoroscopy) {
    for (size_t i = 0; i < scene.nodes.size(); ++i)
      if (!showsOnFluoroscopy(anatomy.parts[i].layer)) frame.nodeStyles[i].visible = false;
    // A fluoroscopy monitor: a light field with a darker rim.
    frame.settings.backgroundTop = glm::vec3(0.62f, 0.62f, 0.60f);
    frame.settings.backgroundBottom = glm::vec3(0.50f, 0.50f, 0.48f);
  }
  if (state.cut) frame.cut = makeCut(anatomy.cutFrame, *state.cut);
}

}  // namespace

SegmentAngles storyAngles(const StoryState& state) {
  return segmentAngles(state.flexion, state.lateral, state.rotation, state.locked);
}

FrameState composeFrame(const Scene& scene, const Anatomy& anatomy, const ViewInputs& in) {
  FrameState frame;
  frame.camera = in.camera;
  frame.settings = in.settings;
  frame.cut = cutPlane(in.cut, anatomy.cutFrame);
  frame.nodeStyles.assign(scene.nodes.size(), NodeStyle{});
  // An anatomy read from another scene (a caller's slip) says nothing of these nodes.
  if (anatomy.parts.size() != scene.nodes.size()) return frame;
  LayerState layers = in.layers;
  if (in.story) applyStory(*in.story, scene, anatomy, layers, frame);
  // Each node as its layer shows it, times what the story says of it.
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const LayerSetting& layer = layers.of(anatomy.parts[i].layerKey);
    NodeStyle& style = frame.nodeStyles[i];
    style.visible = style.visible && layer.visible;
    style.opacity = layer.opacity * style.opacity;
  }
  return frame;
}

}  // namespace spineview
