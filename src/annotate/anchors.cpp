#include "annotate/anchors.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace spineview {
namespace {

// A candidate must face the camera at least this much (cosine): points at the silhouette would
// put the leader end on the structure's rim.
constexpr float kMinFacing = 0.05f;
constexpr float kFairFacing = 0.6f;
// Candidates this close to the cut plane (times the target's radius) offer the point of the cut
// surface below them.
constexpr float kSectionReach = 0.5f;
constexpr float kSectionInset = 0.1f;
// Occlusion rays tried per target before it is given up as hidden.
constexpr int kMaxRayTests = 64;
// Candidates this close on screen (times the structure's radius in pixels) to one found hidden
// are not tried.
constexpr float kFailedPatch = 0.08f;
// Score bonuses; facing and centrality each give up to 1. A vertebra's body wins wherever a
// fair part of it shows, but a sliver of body seen through a gap between laminae does not beat
// the posterior elements in plain view.
constexpr float kPreferredBonus = 0.5f;
// Bonuses that keep last frame's anchor.
constexpr float kKeepBonus = 0.4f;
constexpr float kNearBonus = 0.8f;

}  // namespace

std::vector<ScreenAnchor> projectAnchors(const std::vector<LabelTarget>& targets,
                                         const FrameState& frame, glm::vec2 viewportSize,
                                         const AnchorOptions& options) {
  const CameraMatrices& camera = frame.camera;
  const CutPlane& cut = frame.cut;
  std::vector<ScreenAnchor> anchors;
  if (viewportSize.x <= 0.f || viewportSize.y <= 0.f) return anchors;
  const glm::mat4 viewProjection = camera.projection * camera.view;
  auto toScreen = [&](const glm::vec3& p, glm::vec2& screen) {
    const glm::vec4 clip = viewProjection * glm::vec4(p, 1.f);
    if (clip.w <= 0.f) return false;
    const glm::vec3 ndc = glm::vec3(clip) / clip.w;
    screen = {(ndc.x * 0.5f + 0.5f) * viewportSize.x, (0.5f - ndc.y * 0.5f) * viewportSize.y};
    return ndc.z >= -1.f && ndc.z <= 1.f;
  };
  std::optional<LabelOccluders::InFrame> occluded;
  if (options.occluders) occluded = options.occluders->inFrame(frame);
  // Rays start a hair off the surface so they do not hit the triangles around their own vertex.
  const float rayOffset = options.occluders ? 1e-3f * options.occluders->sceneRadius() : 0.f;

  for (std::size_t t = 0; t < targets.size(); ++t) {
    const LabelTarget& target = targets[t];
    if (std::none_of(target.nodes.begin(), target.nodes.end(),
                     [&](int n) { return isDrawn(styleOf(frame, n)); }))
      continue;

    // The structure's middle and size as seen: candidates near the middle make calmer leader
    // lines than ones on its edge.
    glm::vec2 centre(viewportSize * 0.5f);
    float radiusPixels = glm::length(viewportSize);
    const glm::vec4 centreClip = viewProjection * glm::vec4(target.centre, 1.f);
    if (centreClip.w > 0.f) {
      toScreen(target.centre, centre);
      radiusPixels = std::max(
          1.f, target.radius * camera.projection[1][1] * 0.5f * viewportSize.y / centreClip.w);
    }
    const ScreenAnchor* previous = nullptr;
    if (options.previous)
      for (const ScreenAnchor& a : *options.previous)
        if (a.target == static_cast<int>(t)) previous = &a;

    // This frame's candidates: the target's points on the kept side and, where the cut passes
    // through it, points of its cut surface (each candidate moved onto the plane, kept only if
    // it lands inside the structure): the nucleus of a cut disc is seen only there.
    const int count = static_cast<int>(target.anchors.size());
    std::vector<std::pair<int, SurfacePoint>> points;
    float lowest = 0.f, highest = 0.f;
    for (int c = 0; c < count; ++c) {
      const float d = cut.signedDistance(target.anchors[c].position);
      lowest = std::min(lowest, d), highest = std::max(highest, d);
      if (cut.keeps(target.anchors[c].position)) points.push_back({c, target.anchors[c]});
    }
    if (cut.enabled && options.occluders && lowest < 0.f && highest > 0.f)
      for (int c = 0; c < count; ++c) {
        const glm::vec3 p = target.anchors[c].position;
        const float d = cut.signedDistance(p);
        if (std::abs(d) > kSectionReach * target.radius) continue;
        // A hair inside the kept half, so that the point counts as kept; and a little way in
        // from the surface (against its normal), so that in a ring such as the annulus the
        // point lies in the ring, not on its edge.
        glm::vec3 onPlane = p - (d - 1e-4f * target.radius) * cut.normal;
        const glm::vec3 normal = target.anchors[c].normal;
        const glm::vec3 inPlane = normal - glm::dot(normal, cut.normal) * cut.normal;
        if (glm::length(inPlane) > 0.3f)
          onPlane -= glm::normalize(inPlane) * kSectionInset * target.radius;
        points.push_back({count + c, SurfacePoint{onPlane, -cut.normal, false}});
      }

    struct Scored {
      float score;
      int candidate;
      glm::vec2 screen;
      SurfacePoint point;
    };
    std::vector<Scored> scored;
    for (const auto& [c, point] : points) {
      const float facing = glm::dot(point.normal, glm::normalize(camera.eye - point.position));
      glm::vec2 screen;
      if (facing < kMinFacing || !toScreen(point.position, screen)) continue;
      if (screen.x < 0.f || screen.y < 0.f || screen.x > viewportSize.x ||
          screen.y > viewportSize.y)
        continue;
      // Any point that faces the camera fairly is as good as the next; among those, the one
      // nearest the middle wins (the bounds' half diagonal overstates the size, hence the half).
      const float facingScore = std::min(1.f, facing / kFairFacing);
      const float central =
          1.f - std::min(1.f, glm::distance(screen, centre) / (0.5f * radiusPixels));
      float score = facingScore + central + (point.preferred ? kPreferredBonus : 0.f);
      // Continuity: last frame's point, or one near it, wins over a slightly better one far
      // away, so the leader end does not hop across the structure as the camera turns.
      if (previous) {
        score += c == previous->candidate ? kKeepBonus : 0.f;
        score += kNearBonus *
                 (1.f - std::min(1.f, glm::distance(screen, previous->point) / radiusPixels));
      }
      scored.push_back({score, c, screen, point});
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const Scored& a, const Scored& b) { return a.score > b.score; });
    std::vector<bool> ownNodes;
    if (options.occluders) {
      ownNodes.assign(options.occluders->nodeCount(), false);
      for (int n : target.nodes)
        if (n < static_cast<int>(ownNodes.size())) ownNodes[n] = true;
    }
    // A structure coming into view needs two visible candidates before it gets a label, one
    // that has a label keeps it while one is visible: labels of structures at the edge of
    // visibility do not blink on and off as the camera moves.
    const int visibleNeeded = options.occluders && options.previous && !previous ? 2 : 1;
    int visible = 0, tests = 0;
    const Scored* chosen = nullptr;
    // Hidden and outside points come in patches (behind a lamina, in the hole of the annulus'
    // ring), so after a failure its neighbours on screen are skipped: the rays go to other parts
    // of the structure.
    std::vector<glm::vec2> failed;
    const float patch = std::max(4.f, kFailedPatch * radiusPixels);
    for (std::size_t k = 0; k < scored.size() && tests < kMaxRayTests; ++k) {
      const SurfacePoint& point = scored[k].point;
      if (options.occluders) {
        if (std::any_of(failed.begin(), failed.end(),
                        [&](glm::vec2 f) { return glm::distance(f, scored[k].screen) < patch; }))
          continue;
        ++tests;
        glm::mat4 toRest(1.f);
        if (options.toRestPose) {
          const int c = scored[k].candidate;
          toRest = (*options.toRestPose)[t][static_cast<std::size_t>(c >= count ? c - count : c)];
        }
        // An anchor the frame does not move is tested where it is, exactly as at rest.
        const bool moved = toRest != glm::mat4(1.f);
        auto rest = [&](const glm::vec3& p) {
          return moved ? glm::vec3(toRest * glm::vec4(p, 1.f)) : p;
        };
        CutPlane restCut = cut;
        if (moved && cut.enabled)
          restCut = CutPlane::through(rest(-cut.offset * cut.normal),
                                      glm::normalize(glm::mat3(toRest) * cut.normal));
        if ((scored[k].candidate >= count && !occluded->inside(rest(point.position), ownNodes)) ||
            occluded->blocked(rest(point.position + point.normal * rayOffset), rest(camera.eye),
                              restCut)) {
          failed.push_back(scored[k].screen);
          continue;
        }
      }
      if (!chosen) chosen = &scored[k];
      if (++visible == visibleNeeded) break;
    }
    if (chosen && visible >= visibleNeeded)
      anchors.push_back({static_cast<int>(t), chosen->candidate, target.text, target.priority,
                         chosen->screen, chosen->point.position});
  }
  return anchors;
}

}  // namespace spineview
