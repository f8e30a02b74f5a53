#include "anatomy/render_hints.h"

namespace spineview {
namespace {

// The material names of the bundled model's bone (models/README.md).
constexpr const char* kCorticalBone = "bone.cortical";
constexpr const char* kCancellousBone = "bone.cancellous";

// Empty where the renderer's own rule (metal or plain) applies.
std::optional<CutPattern> cutPatternOf(const PartInfo& part, const Material* material) {
  const std::string name = material ? material->name : "";
  if (name == kCancellousBone) return CutPattern::Cancellous;
  if (part.layer == LayerKind::Vertebra || name == kCorticalBone) return CutPattern::Cortical;
  switch (part.layer) {
    case LayerKind::Annulus:
      return part.section.valid() ? CutPattern::Lamellae : CutPattern::Plain;
    case LayerKind::Nucleus:
    case LayerKind::Tear:
    case LayerKind::Fibrin:
      return CutPattern::Gel;
    case LayerKind::Nerve:
    case LayerKind::Ligament:
      return CutPattern::Fibrous;
    case LayerKind::Graft:
      return CutPattern::Granular;
    default:
      return std::nullopt;
  }
}

}  // namespace

DrawHints drawHints(const Scene& scene, const std::vector<PartInfo>& parts, const SpineRig& rig) {
  DrawHints hints;
  hints.boneCount = rig.valid() ? kBoneCount : 1;
  hints.nodes.resize(scene.nodes.size());
  for (size_t i = 0; i < scene.nodes.size() && i < parts.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0 || size_t(node.mesh) >= scene.meshes.size()) continue;
    const PartInfo& part = parts[i];
    NodeHints& out = hints.nodes[i];
    for (const Primitive& p : scene.meshes[size_t(node.mesh)].primitives) {
      const Material* material = p.material >= 0 && size_t(p.material) < scene.materials.size()
                                     ? &scene.materials[size_t(p.material)]
                                     : nullptr;
      PrimitiveHints& prim = out.primitives.emplace_back();
      prim.cutPattern = cutPatternOf(part, material);
      prim.capOnly = material && material->name == kCancellousBone;
      prim.skin = skinWeights(rig, scene, parts, int(i), p);
    }
    // Gel sits inside the ring and implants inside bone: both are drawn over the bone and
    // ring they cut through (implants, with their metal cut, come first anyway).
    if (part.layer == LayerKind::Vertebra || part.layer == LayerKind::Annulus) out.capPriority = 2;
    if (part.section.valid()) out.rings = part.section;
  }
  return hints;
}

}  // namespace spineview
