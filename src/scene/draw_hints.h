// What a renderer may be told about a scene beyond glTF: how each cut surface is patterned,
// which surfaces only bound a cut, which parts win where caps meet, and how vertices follow a
// palette of bones. Plain data; a domain module fills it (src/anatomy does for SpineView's
// models). A scene drawn without hints draws as plain glTF.
#pragma once
#include <glm/glm.hpp>
#include <optional>
#include <vector>

namespace spineview {

// What a cut surface shows; the values match the CAP_* constants in shaders/cap_surface.glsl.
enum class CutPattern : int {
  Plain,
  Cortical,
  Cancellous,
  Lamellae,
  Gel,
  Metal,
  Fibrous,
  Granular
};

// Concentric rings of a cut surface (an annulus' lamellae) between an inner and an outer radius
// profile, fibres at +-fibreAngleDeg alternating ring by ring. In the node's mesh space; the
// renderer applies the node's transform.
struct RingSection {
  int rings = 0;
  float fibreAngleDeg = 30.f;
  glm::vec3 centre{0.f}, normal{0.f, 1.f, 0.f}, anteriorAxis{0.f, 0.f, 1.f},
      leftAxis{1.f, 0.f, 0.f};
  // Radii at angles 0, 5, ..., 355 degrees from anteriorAxis toward leftAxis (metres).
  std::vector<float> outerRadius, innerRadius;
  bool valid() const { return rings > 0 && outerRadius.size() == 72 && innerRadius.size() == 72; }
};

struct PrimitiveHints {
  // Empty: metal for metallic materials, else plain.
  std::optional<CutPattern> cutPattern;
  // An inner surface that only bounds a cut surface (a cancellous core inside a cortical
  // shell): capped where cut, never shaded as a surface. Only closed surfaces can be.
  bool capOnly = false;
  // Per vertex: (bone a, bone b, weight of b) into FrameState::bones; empty: rigid.
  std::vector<glm::vec3> skin;
};

struct NodeHints {
  std::vector<PrimitiveHints> primitives;  // per primitive of the node's mesh; shorter: defaults
  // Where caps of two parts meet, the lower value is drawn nearest. A part with a metal cut
  // surface (an implant) is always 0; otherwise this, or 1 when empty.
  std::optional<int> capPriority;
  RingSection rings;  // used by Lamellae cut surfaces
};

// A frame's bones: the transforms skins refer to (FrameState::bones). Empty, or all
// identities: the rest pose.
using BonePalette = std::vector<glm::mat4>;

// Where a rest-pose world point goes with skin (bone a, bone b, weight of b): the linear blend
// of two rigid bones, as the renderer applies it to vertices. Bones beyond the palette rest.
inline glm::mat4 blendedBone(const BonePalette& bones, const glm::vec3& skin) {
  auto bone = [&](float index) {
    const auto i = static_cast<size_t>(index);
    return index >= 0.f && i < bones.size() ? bones[i] : glm::mat4(1.f);
  };
  return bone(skin.x) * (1.f - skin.z) + bone(skin.y) * skin.z;
}

// True when some bone is not at rest.
inline bool isPosed(const BonePalette& bones) {
  for (const glm::mat4& b : bones)
    if (b != glm::mat4(1.f)) return true;
  return false;
}

struct DrawHints {
  std::vector<NodeHints> nodes;  // by node index; shorter: defaults
  int boneCount = 1;             // the bone palette's size that skins refer to
};

}  // namespace spineview
