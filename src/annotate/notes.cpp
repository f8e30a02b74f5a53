#include "annotate/notes.h"

#include <cmath>

namespace spineview {

namespace {

constexpr float kMinFacing = 0.05f;  // cosine: a point seen edge-on is behind its own surface

bool toScreen(const FrameState& frame, const glm::vec3& p, glm::vec2 viewport, glm::vec2& pixel) {
  const glm::vec4 clip = frame.camera.projection * frame.camera.view * glm::vec4(p, 1.f);
  if (clip.w <= 0.f) return false;
  const glm::vec3 ndc = glm::vec3(clip) / clip.w;
  pixel = {(ndc.x * 0.5f + 0.5f) * viewport.x, (0.5f - ndc.y * 0.5f) * viewport.y};
  return ndc.z >= -1.f && ndc.z <= 1.f && pixel.x >= 0.f && pixel.y >= 0.f && pixel.x <= viewport.x &&
         pixel.y <= viewport.y;
}

}  // namespace

NotesInScene::NotesInScene(const Scene& scene, const Anatomy& anatomy, const Notes& notes) {
  auto resolve = [&](const SurfaceAnchor& a) {
    Resolved r;
    r.point = resolveAnchor(scene, a);
    if (!r.point) {
      ++unresolved_;
      return r;
    }
    if (size_t(r.point->node) < anatomy.parts.size())
      r.skin = skinWeightAt(anatomy.rig, anatomy.parts[size_t(r.point->node)], r.point->position)
                   .value_or(glm::vec3(-1.f, -1.f, 0.f));
    return r;
  };
  for (const Pin& pin : notes.pins) pins_.push_back(resolve(pin.at));
  for (const Stroke& stroke : notes.strokes) {
    std::vector<Resolved>& out = strokes_.emplace_back();
    for (const SurfaceAnchor& a : stroke.points) out.push_back(resolve(a));
  }
}

ShownPoint NotesInScene::showOne(const Resolved& r, const FrameState& frame, glm::vec2 viewport,
                                 const LabelOccluders::InFrame* occluders) const {
  ShownPoint shown;
  if (!r.point || !isDrawn(styleOf(frame, r.point->node))) return shown;
  const glm::mat4 m = pointTransform(frame, r.point->node, r.skin);
  const glm::vec3 at = glm::vec3(m * glm::vec4(r.point->position, 1.f));
  const glm::vec3 normal = glm::normalize(glm::mat3(m) * r.point->normal);
  if (!toScreen(frame, at, viewport, shown.pixel)) return shown;
  if (!frame.cut.keeps(at)) return shown;
  // Either face of a triangle can be the one seen (a cut shows insides); the point must not be
  // seen edge-on, where it would sit behind the surface it is on.
  if (std::fabs(glm::dot(normal, glm::normalize(frame.camera.eye - at))) < kMinFacing) return shown;
  if (occluders) {
    // Tested at rest, where the occluders are (as the labels do): from a hair off the surface
    // toward the camera brought back to the rest pose.
    const glm::mat4 toRest = m == glm::mat4(1.f) ? m : glm::inverse(m);
    const glm::vec3 eyeAtRest = glm::vec3(toRest * glm::vec4(frame.camera.eye, 1.f));
    const glm::vec3 dir = glm::normalize(eyeAtRest - r.point->position);
    const glm::vec3 from = r.point->position + dir * 2e-4f;
    if (occluders->blocked(from, eyeAtRest, frame.cut)) return shown;
  }
  shown.visible = true;
  return shown;
}

ShownNotes NotesInScene::show(const FrameState& frame, glm::vec2 viewport,
                              const LabelOccluders::InFrame* occluders) const {
  ShownNotes out;
  for (const Resolved& r : pins_) out.pins.push_back(showOne(r, frame, viewport, occluders));
  for (const auto& stroke : strokes_) {
    std::vector<ShownPoint>& points = out.strokes.emplace_back();
    for (const Resolved& r : stroke) points.push_back(showOne(r, frame, viewport, occluders));
  }
  return out;
}

std::optional<SurfaceAnchor> anchorAtPixel(const Scene& scene, const Anatomy& anatomy, int node,
                                           const FrameState& frame, glm::vec2 pixel,
                                           glm::vec2 viewport) {
  if (node < 0 || size_t(node) >= scene.nodes.size() || viewport.x <= 0.f || viewport.y <= 0.f)
    return std::nullopt;
  const glm::mat4 inverse = glm::inverse(frame.camera.projection * frame.camera.view);
  const glm::vec2 ndc(pixel.x / viewport.x * 2.f - 1.f, 1.f - pixel.y / viewport.y * 2.f);
  const glm::vec4 nearPoint = inverse * glm::vec4(ndc, -1.f, 1.f);
  const glm::vec4 farPoint = inverse * glm::vec4(ndc, 1.f, 1.f);
  const glm::vec3 origin = glm::vec3(nearPoint) / nearPoint.w;
  const glm::vec3 direction = glm::normalize(glm::vec3(farPoint) / farPoint.w - origin);
  const Node& n = scene.nodes[size_t(node)];
  if (n.mesh < 0) return std::nullopt;
  // The vertices where the frame draws them: the spine's pose per vertex.
  std::vector<std::vector<glm::vec3>> drawn;
  for (const Primitive& p : scene.meshes[size_t(n.mesh)].primitives) {
    const std::vector<glm::vec3> skins =
        size_t(node) < anatomy.parts.size() ? skinWeights(anatomy.rig, scene, anatomy.parts, node, p)
                                            : std::vector<glm::vec3>{};
    std::vector<glm::vec3>& out = drawn.emplace_back();
    for (size_t v = 0; v < p.positions.size(); ++v) {
      const glm::vec3 rest = glm::vec3(n.world * glm::vec4(p.positions[v], 1.f));
      const glm::vec3 skin = v < skins.size() ? skins[v] : glm::vec3(-1.f, -1.f, 0.f);
      out.push_back(glm::vec3(pointTransform(frame, node, skin) * glm::vec4(rest, 1.f)));
    }
  }
  return anchorOnRay(
      scene, node, origin, direction,
      [&](int primitive, std::uint32_t vertex) { return drawn[size_t(primitive)][vertex]; },
      [&](const glm::vec3& p) { return frame.cut.keeps(p); });
}

}  // namespace spineview
