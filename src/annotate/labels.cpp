#include "annotate/labels.h"


#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace spineview {
namespace {

// Priorities: what the consult is about (the tear and its disc) first, then the landmarks a
// clinician counts levels by, then the rest. Procedure parts are shown only on purpose, so when
// they are visible they matter more than the anatomy around them.
constexpr int kPriorityTear = 100;
constexpr int kPriorityTreatedDisc = 90;
constexpr int kPriorityTreatedNucleus = 85;
constexpr int kPriorityProcedure = 80;
constexpr int kPriorityHardware = 75;
constexpr int kPriorityVertebra = 70;
constexpr int kPriorityDisc = 65;
constexpr int kPriorityNerve = 60;
constexpr int kPriorityOtherLayer = 30;
constexpr int kPriorityNamedNode = 0;

// Candidates are spread over a node's surface on a grid of this many cells along its longest
// side, so that a camera from any side finds one near the middle of the structure as it sees it
// (mesh vertices crowd on curved rims, so taking every n-th vertex would not).
constexpr float kGridCells = 12.f;
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
constexpr int kLeafTriangles = 8;
// Score bonuses; facing and centrality each give up to 1. A vertebra's body wins wherever a
// fair part of it shows, but a sliver of body seen through a gap between laminae does not beat
// the posterior elements in plain view.
constexpr float kPreferredBonus = 0.5f;
// Bonuses that keep last frame's anchor.
constexpr float kKeepBonus = 0.4f;
constexpr float kNearBonus = 0.8f;

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// "Pedicle screw (L4, left)" -> "Pedicle screw": one label names every part of a kind.
std::string withoutQualifier(const std::string& text) {
  const auto open = text.rfind(" (");
  return open != std::string::npos && endsWith(text, ")") ? text.substr(0, open) : text;
}

// A primitive nested inside another primitive of the same mesh (the cancellous surface inside
// the cortical one) is never seen from outside, so its vertices make no anchors.
bool nestedInSibling(const Mesh& mesh, std::size_t index) {
  const Bounds& b = mesh.primitives[index].bounds;
  for (std::size_t k = 0; k < mesh.primitives.size(); ++k) {
    const Bounds& o = mesh.primitives[k].bounds;
    if (k != index && glm::all(glm::greaterThan(b.min, o.min)) &&
        glm::all(glm::lessThan(b.max, o.max)))
      return true;
  }
  return false;
}

// Candidates of one node: its vertices furthest along the 26 directions of a cube's faces, edges
// and corners, plus per grid cell the vertex nearest the cell's centre.
void addCandidates(const Scene& scene, int nodeIndex, bool preferred,
                   std::vector<SurfacePoint>& out) {
  const Node& node = scene.nodes[nodeIndex];
  const Mesh& mesh = scene.meshes[node.mesh];
  const glm::mat3 normalMatrix = glm::transpose(glm::inverse(glm::mat3(node.world)));
  std::vector<SurfacePoint> points;
  for (std::size_t p = 0; p < mesh.primitives.size(); ++p) {
    if (nestedInSibling(mesh, p)) continue;
    const Primitive& prim = mesh.primitives[p];
    for (std::size_t v = 0; v < prim.positions.size(); ++v) {
      glm::vec3 normal = normalMatrix * prim.normals[v];
      const float length = glm::length(normal);
      if (!(length > 0.f)) continue;
      points.push_back({glm::vec3(node.world * glm::vec4(prim.positions[v], 1.f)),
                        normal / length, preferred, nodeIndex});
    }
  }
  if (points.empty()) return;
  std::set<std::size_t> chosen;
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dz = -1; dz <= 1; ++dz) {
        if (dx == 0 && dy == 0 && dz == 0) continue;
        const glm::vec3 direction(dx, dy, dz);
        std::size_t best = 0;
        for (std::size_t i = 1; i < points.size(); ++i)
          if (glm::dot(points[i].position, direction) > glm::dot(points[best].position, direction))
            best = i;
        chosen.insert(best);
      }
  Bounds bounds;
  for (const SurfacePoint& p : points) bounds.grow(p.position);
  const glm::vec3 extent = bounds.size();
  const float cell = std::max({extent.x, extent.y, extent.z, 1e-9f}) / kGridCells;
  std::map<std::array<int, 3>, std::pair<float, std::size_t>> nearestInCell;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const glm::vec3 g = (points[i].position - bounds.min) / cell;
    const std::array<int, 3> key{int(g.x), int(g.y), int(g.z)};
    const float d = glm::distance(g, glm::floor(g) + 0.5f);
    auto [slot, added] = nearestInCell.emplace(key, std::make_pair(d, i));
    if (!added && d < slot->second.first) slot->second = {d, i};
  }
  for (const auto& [key, nearest] : nearestInCell) chosen.insert(nearest.second);
  for (std::size_t i : chosen) out.push_back(points[i]);
}

// For models without our extras: one label per named mesh node.
std::vector<LabelTarget> namedNodeTargets(const Scene& scene) {
  std::vector<LabelTarget> targets;
  for (std::size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0) continue;
    LabelTarget target;
    target.text = !node.name.empty() ? node.name : scene.meshes[node.mesh].name;
    if (target.text.empty()) continue;
    target.layerKey = layerKeyOf(node.info);
    target.priority = kPriorityNamedNode;
    target.nodes.push_back(static_cast<int>(i));
    targets.push_back(std::move(target));
  }
  return targets;
}

struct Naming {
  std::string mergeKey;  // nodes with the same key share one label
  std::string text;
  int priority = 0;
};

// The part of a vertebra a leader line should point at (models/README.md: "L4.body").
bool isVertebralBody(const Node& node) {
  return node.info.layer == "vertebra" && endsWith(node.name, ".body");
}

// How one node of a model with our extras is labelled; an empty text means not at all.
Naming namingOf(const Scene& scene, int index, const std::set<std::string>& treatedLevels) {
  const Node& node = scene.nodes[index];
  const NodeInfo& info = node.info;
  const bool treated = treatedLevels.count(info.level) > 0;
  const Node* parent = node.parent >= 0 ? &scene.nodes[node.parent] : nullptr;
  Naming naming{"node:" + std::to_string(index), info.displayName, kPriorityOtherLayer};
  if ((info.layer == "vertebra" || info.layer == "annulus") && parent && parent->mesh < 0 &&
      !parent->info.displayName.empty()) {
    // A vertebra or a disc is one structure to a clinician; its group names it ("L4 vertebra",
    // "L4-L5 disc"), and the leader line goes to the body or the annulus.
    naming.mergeKey = "group:" + parent->name + ":" + layerKeyOf(info);
    naming.text = parent->info.displayName;
    naming.priority = info.layer == "vertebra" ? kPriorityVertebra
                      : treated                ? kPriorityTreatedDisc
                                               : kPriorityDisc;
  } else if (info.layer == "nucleus") {
    if (!treated) naming.text.clear();  // only the nucleus that the story is about
    naming.priority = kPriorityTreatedNucleus;
  } else if (info.layer == "tear") {
    naming.priority = kPriorityTear;
  } else if (info.layer == "nerve") {
    naming.priority = kPriorityNerve;
  } else if (info.layer == "hardware" || info.layer == "graft") {
    naming.text = withoutQualifier(info.displayName);
    naming.mergeKey = "kind:" + layerKeyOf(info) + ":" + naming.text;
    naming.priority = kPriorityHardware;
  } else if (info.layer == "needle" || info.layer == "fibrin") {
    naming.priority = kPriorityProcedure;
  }
  return naming;
}

std::vector<LabelTarget> extrasTargets(const Scene& scene) {
  std::set<std::string> treatedLevels;  // levels with a tear: the disc the consult is about
  for (const Node& node : scene.nodes)
    if (node.mesh >= 0 && node.info.layer == "tear") treatedLevels.insert(node.info.level);

  std::vector<LabelTarget> targets;
  std::map<std::string, std::size_t> byKey;
  for (std::size_t i = 0; i < scene.nodes.size(); ++i) {
    if (scene.nodes[i].mesh < 0) continue;
    const Naming naming = namingOf(scene, static_cast<int>(i), treatedLevels);
    if (naming.text.empty()) continue;
    auto [slot, added] = byKey.emplace(naming.mergeKey, targets.size());
    if (added) {
      LabelTarget target;
      target.text = naming.text;
      target.layerKey = layerKeyOf(scene.nodes[i].info);
      target.priority = naming.priority;
      targets.push_back(std::move(target));
    }
    targets[slot->second].nodes.push_back(static_cast<int>(i));
  }
  return targets;
}

}  // namespace

std::vector<LabelTarget> labelTargets(const Scene& scene) {
  const bool hasDisplayNames =
      std::any_of(scene.nodes.begin(), scene.nodes.end(),
                  [](const Node& n) { return !n.info.displayName.empty(); });
  std::vector<LabelTarget> targets =
      hasDisplayNames ? extrasTargets(scene) : namedNodeTargets(scene);

  for (LabelTarget& target : targets) {
    Bounds all, preferred;
    for (int n : target.nodes) {
      const bool body = isVertebralBody(scene.nodes[n]);
      addCandidates(scene, n, body, target.anchors);
      all.grow(scene.nodeWorldBounds(n));
      if (body) preferred.grow(scene.nodeWorldBounds(n));
    }
    const Bounds& centreBounds = preferred.valid() ? preferred : all;
    if (centreBounds.valid()) {
      target.centre = centreBounds.center();
      target.radius = centreBounds.radius();
    }
  }
  targets.erase(std::remove_if(targets.begin(), targets.end(),
                               [](const LabelTarget& t) { return t.anchors.empty(); }),
                targets.end());
  std::stable_sort(targets.begin(), targets.end(), [](const LabelTarget& a, const LabelTarget& b) {
    return a.priority > b.priority;
  });
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Occlusion

LabelOccluders LabelOccluders::build(const Scene& scene) {
  LabelOccluders occluders;
  for (std::size_t n = 0; n < scene.nodes.size(); ++n) {
    const Node& node = scene.nodes[n];
    occluders.nodeLayerKeys_.push_back(layerKeyOf(node.info));
    if (node.mesh < 0) continue;
    for (const Primitive& prim : scene.meshes[node.mesh].primitives) {
      const int surface = isClosedSurface(prim) ? occluders.closedSurfaces_++ : -1;
      auto world = [&](std::uint32_t i) {
        return glm::vec3(node.world * glm::vec4(prim.positions[i], 1.f));
      };
      for (std::size_t i = 0; i + 2 < prim.indices.size(); i += 3) {
        const glm::vec3 a = world(prim.indices[i]);
        occluders.triangles_.push_back({a, world(prim.indices[i + 1]) - a,
                                        world(prim.indices[i + 2]) - a, static_cast<int>(n),
                                        surface});
      }
    }
  }
  occluders.sceneRadius_ = scene.worldBounds().valid() ? scene.worldBounds().radius() : 1.f;
  if (!occluders.triangles_.empty())
    occluders.buildRange(0, static_cast<int>(occluders.triangles_.size()));
  return occluders;
}

std::vector<bool> LabelOccluders::blockingNodes(const LayerState& layers) const {
  std::vector<bool> blocks(nodeLayerKeys_.size());
  for (std::size_t n = 0; n < blocks.size(); ++n) {
    const LayerSetting& setting = layers.of(nodeLayerKeys_[n]);
    blocks[n] = setting.visible && setting.opacity >= 1.f;  // translucent layers hide nothing
  }
  return blocks;
}

int LabelOccluders::buildRange(int first, int count) {
  const int index = static_cast<int>(boxes_.size());
  boxes_.push_back({});
  Bounds box, centres;
  for (int i = first; i < first + count; ++i) {
    const Triangle& t = triangles_[i];
    box.grow(t.a);
    box.grow(t.a + t.edge1);
    box.grow(t.a + t.edge2);
    centres.grow(t.a + (t.edge1 + t.edge2) / 3.f);
  }
  boxes_[index].min = box.min;
  boxes_[index].max = box.max;
  if (count <= kLeafTriangles) {
    boxes_[index].first = first;
    boxes_[index].count = count;
    return index;
  }
  // Median split along the longest axis of the triangle centres.
  const glm::vec3 extent = centres.size();
  const int axis =
      extent.x >= extent.y && extent.x >= extent.z ? 0 : (extent.y >= extent.z ? 1 : 2);
  const int half = count / 2;
  std::nth_element(
      triangles_.begin() + first, triangles_.begin() + first + half,
      triangles_.begin() + first + count, [axis](const Triangle& a, const Triangle& b) {
        return (3.f * a.a + a.edge1 + a.edge2)[axis] < (3.f * b.a + b.edge1 + b.edge2)[axis];
      });
  buildRange(first, half);  // lands at index + 1
  const int second = buildRange(first + half, count - half);
  boxes_[index].secondChild = second;
  return index;
}

template <typename Hit>
bool LabelOccluders::forEachHit(const glm::vec3& from, const glm::vec3& to, Hit&& hit) const {
  if (boxes_.empty()) return false;
  const glm::vec3 dir = to - from;
  const glm::vec3 inverse = 1.f / dir;  // infinities on axis-parallel rays work in the slab test
  auto hitsBox = [&](const BoxNode& b) {
    const glm::vec3 t0 = (b.min - from) * inverse, t1 = (b.max - from) * inverse;
    const glm::vec3 near = glm::min(t0, t1), far = glm::max(t0, t1);
    const float enter = std::max({near.x, near.y, near.z, 0.f});
    const float leave = std::min({far.x, far.y, far.z, 1.f});
    return enter <= leave;
  };
  int stack[64];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const int index = stack[--top];
    const BoxNode& box = boxes_[index];
    if (!hitsBox(box)) continue;
    if (box.count == 0) {
      stack[top++] = box.secondChild;
      stack[top++] = index + 1;
      continue;
    }
    for (int i = box.first; i < box.first + box.count; ++i) {
      const Triangle& t = triangles_[i];
      // Moller-Trumbore, both faces.
      const glm::vec3 p = glm::cross(dir, t.edge2);
      const float det = glm::dot(t.edge1, p);
      if (std::abs(det) < 1e-20f) continue;
      const float invDet = 1.f / det;
      const glm::vec3 s = from - t.a;
      const float u = glm::dot(s, p) * invDet;
      if (u < 0.f || u > 1.f) continue;
      const glm::vec3 q = glm::cross(s, t.edge1);
      const float v = glm::dot(dir, q) * invDet;
      if (v < 0.f || u + v > 1.f) continue;
      const float along = glm::dot(t.edge2, q) * invDet;
      if (along > 0.f && along < 1.f && hit(t, along)) return true;
    }
  }
  return false;
}

bool LabelOccluders::inside(const glm::vec3& p, const std::vector<bool>& nodes) const {
  // Any direction will do for a closed surface; a skewed one rarely grazes an edge.
  const glm::vec3 away =
      p + glm::normalize(glm::vec3(0.5377f, 0.8113f, 0.2291f)) * 4.f * sceneRadius_;
  // Per surface, not per node: a point in a bone's cancellous core is inside both its surfaces.
  std::vector<int> crossings(closedSurfaces_, 0);
  forEachHit(p, away, [&](const Triangle& t, float) {
    if (t.surface >= 0 && t.node < static_cast<int>(nodes.size()) && nodes[t.node])
      ++crossings[t.surface];
    return false;
  });
  return std::any_of(crossings.begin(), crossings.end(), [](int c) { return c % 2 == 1; });
}

bool LabelOccluders::blocked(const glm::vec3& from, const glm::vec3& to,
                             const std::vector<bool>& blocks, const CutPlane& cut) const {
  const glm::vec3 dir = to - from;
  const bool hit = forEachHit(from, to, [&](const Triangle& t, float along) {
    return t.node < static_cast<int>(blocks.size()) && blocks[t.node] &&
           cut.keeps(from + along * dir);
  });
  if (hit) return true;
  // Leaving the kept half, the segment passes the cut plane; a cap is drawn there wherever the
  // plane runs inside a closed part.
  const float d0 = cut.signedDistance(from), d1 = cut.signedDistance(to);
  if (!cut.enabled || d0 < 0.f || d1 >= 0.f) return false;
  return inside(from + (d0 / (d0 - d1)) * dir, blocks);
}

// ---------------------------------------------------------------------------------------------
// Projection

std::vector<ScreenAnchor> projectAnchors(const std::vector<LabelTarget>& targets,
                                         const CameraMatrices& camera, glm::vec2 viewportSize,
                                         const LayerState& layers, const CutPlane& cut,
                                         const AnchorOptions& options) {
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
  const std::vector<bool> blocks =
      options.occluders ? options.occluders->blockingNodes(layers) : std::vector<bool>();
  // Rays start a hair off the surface so they do not hit the triangles around their own vertex.
  const float rayOffset = options.occluders ? 1e-3f * options.occluders->sceneRadius() : 0.f;

  for (std::size_t t = 0; t < targets.size(); ++t) {
    const LabelTarget& target = targets[t];
    const LayerSetting& setting = layers.of(target.layerKey);
    if (!setting.visible || setting.opacity <= 0.f) continue;

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
        auto rest = [&](const glm::vec3& p) { return glm::vec3(toRest * glm::vec4(p, 1.f)); };
        CutPlane restCut = cut;
        if (options.toRestPose && cut.enabled)
          restCut = CutPlane::through(rest(-cut.offset * cut.normal),
                                      glm::normalize(glm::mat3(toRest) * cut.normal));
        if ((scored[k].candidate >= count &&
             !options.occluders->inside(rest(point.position), ownNodes)) ||
            options.occluders->blocked(rest(point.position + point.normal * rayOffset),
                                       rest(camera.eye), blocks, restCut)) {
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

// ---------------------------------------------------------------------------------------------
// Layout

LabelStyle LabelStyle::scaled(float uiScale) const {
  LabelStyle s = *this;
  for (float* v : {&s.padding, &s.gap, &s.margin, &s.stub, &s.sideHysteresis, &s.orderHysteresis,
                   &s.anchorClearance})
    *v *= uiScale;
  return s;
}

bool segmentsIntersect(glm::vec2 a0, glm::vec2 a1, glm::vec2 b0, glm::vec2 b1) {
  auto cross = [](glm::vec2 u, glm::vec2 v) { return u.x * v.y - u.y * v.x; };
  auto within = [](glm::vec2 p, glm::vec2 s0, glm::vec2 s1) {  // p collinear with s0-s1
    return p.x >= std::min(s0.x, s1.x) && p.x <= std::max(s0.x, s1.x) &&
           p.y >= std::min(s0.y, s1.y) && p.y <= std::max(s0.y, s1.y);
  };
  const float d1 = cross(a1 - a0, b0 - a0), d2 = cross(a1 - a0, b1 - a0);
  const float d3 = cross(b1 - b0, a0 - b0), d4 = cross(b1 - b0, a1 - b0);
  if (((d1 > 0.f && d2 < 0.f) || (d1 < 0.f && d2 > 0.f)) &&
      ((d3 > 0.f && d4 < 0.f) || (d3 < 0.f && d4 > 0.f)))
    return true;
  return (d1 == 0.f && within(b0, a0, a1)) || (d2 == 0.f && within(b1, a0, a1)) ||
         (d3 == 0.f && within(a0, b0, b1)) || (d4 == 0.f && within(a1, b0, b1));
}

namespace {

struct Item {
  int anchor;  // index into the anchors
  glm::vec2 point;
  glm::vec2 box;  // text plus padding
  LabelSide side;
  bool moved = false;  // moved to the other column once: never moves back, so the layout ends
  bool dropped = false;
};

// Centres of boxes stacked in the given order as close as possible (least squares) to
// `desired`, each pair `gap` apart, all inside [top, bottom]. Subtracting the stacking offsets
// turns the spacing into "non-decreasing", solved exactly by pool-adjacent-violators; clamping
// that solution to the bounds is optimal for the bounded problem too. The result moves
// continuously with `desired`, which keeps labels calm while the camera moves. False when the
// boxes do not fit.
bool stackCentres(const std::vector<float>& desired, const std::vector<float>& heights, float gap,
                  float top, float bottom, std::vector<float>& centres) {
  const std::size_t n = desired.size();
  centres.assign(n, 0.f);
  if (n == 0) return true;
  std::vector<float> offset(n, 0.f);
  for (std::size_t i = 1; i < n; ++i)
    offset[i] = offset[i - 1] + 0.5f * (heights[i - 1] + heights[i]) + gap;
  struct Pool {
    float sum;
    int count;
    float mean() const { return sum / static_cast<float>(count); }
  };
  std::vector<Pool> pools;
  for (std::size_t i = 0; i < n; ++i) {
    pools.push_back({desired[i] - offset[i], 1});
    while (pools.size() > 1 && pools[pools.size() - 2].mean() > pools.back().mean()) {
      pools[pools.size() - 2].sum += pools.back().sum;
      pools[pools.size() - 2].count += pools.back().count;
      pools.pop_back();
    }
  }
  const float low = top + 0.5f * heights.front();
  const float high = bottom - 0.5f * heights.back() - offset.back();
  if (low > high) return false;
  std::size_t i = 0;
  for (const Pool& pool : pools)
    for (int k = 0; k < pool.count; ++k, ++i)
      centres[i] = std::clamp(pool.mean(), low, high) + offset[i];
  return true;
}

const PlacedLabel* previousLabel(const LabelLayout* previous, int target) {
  if (!previous) return nullptr;
  for (const PlacedLabel& label : previous->labels)
    if (label.target == target) return &label;
  return nullptr;
}

class ColumnLayout {
 public:
  ColumnLayout(const std::vector<ScreenAnchor>& anchors, const LabelRect& viewport,
               const LabelStyle& style, const LabelLayout* previous)
      : anchors_(anchors), viewport_(viewport), style_(style), previous_(previous) {}

  LabelLayout run(std::vector<Item> items, float centreX) {
    items_ = std::move(items);
    settleColumns(centreX);
    LabelLayout layout = placeAll(centreX);
    // A leader line that runs over another label's anchor dot seems to point at it. Such a
    // label tries the other column once, and keeps it if its line is clear there.
    for (;;) {
      Item* offender = nullptr;
      for (Item& item : items_)
        if (!item.dropped && !item.moved && passesOverDot(layout, item) &&
            beyond(item, other(item.side), innerEdge(other(item.side), item.box.x)) &&
            columnHeight(other(item.side), &item) <= availableHeight()) {
          offender = &item;
          break;
        }
      if (!offender) return layout;
      const std::vector<Item> before = items_;
      const std::size_t index = static_cast<std::size_t>(offender - items_.data());
      offender->side = other(offender->side);
      offender->moved = true;
      LabelLayout trial = placeAll(centreX);
      if (!items_[index].dropped && !passesOverDot(trial, items_[index]) &&
          !crossesAny(trial, items_[index])) {
        layout = std::move(trial);
      } else {
        items_ = before;
        items_[index].moved = true;  // tried once
      }
    }
  }

 private:
  static LabelSide other(LabelSide side) {
    return side == LabelSide::Left ? LabelSide::Right : LabelSide::Left;
  }
  // Boxes sit flush with the viewport's edge, so they stay put when the widest label of the
  // column comes or goes. This is the box's edge that faces the anatomy.
  float innerEdge(LabelSide side, float width) const {
    return side == LabelSide::Left ? viewport_.min.x + style_.margin + width
                                   : viewport_.max.x - style_.margin - width;
  }
  // Whether a leader line from a box at edge x, with its stub, can go on to the anchor.
  bool beyond(const Item& item, LabelSide side, float edgeX) const {
    return side == LabelSide::Left ? item.point.x > edgeX + style_.stub + 1.f
                                   : item.point.x < edgeX - style_.stub - 1.f;
  }
  float columnHeight(LabelSide side, const Item* joining = nullptr) const {
    float height = 0.f;
    int count = 0;
    for (const Item& item : items_)
      if (!item.dropped && item.side == side) height += item.box.y, ++count;
    if (joining) height += joining->box.y, ++count;
    return height + style_.gap * static_cast<float>(std::max(count - 1, 0));
  }
  float availableHeight() const { return viewport_.size().y - 2.f * style_.margin; }
  // Moves an item to the other column when its anchor can be reached from there and it fits.
  bool tryMove(Item& item) {
    const LabelSide to = other(item.side);
    if (item.moved || !beyond(item, to, innerEdge(to, item.box.x)) ||
        columnHeight(to, &item) > availableHeight())
      return false;
    item.side = to;
    item.moved = true;
    return true;
  }
  bool lessImportant(const Item& a, const Item& b) const {
    const ScreenAnchor &x = anchors_[a.anchor], &y = anchors_[b.anchor];
    return x.priority < y.priority || (x.priority == y.priority && x.target > y.target);
  }
  Item* leastImportant(LabelSide side) {
    Item* least = nullptr;
    for (Item& item : items_)
      if (!item.dropped && item.side == side && (!least || lessImportant(item, *least)))
        least = &item;
    return least;
  }

  // Fixes one problem at a time (an anchor under its own box, a column too full) by dropping or
  // moving one label, until there is none. Each label moves at most once and drops are final,
  // so this ends.
  void settleColumns(float centreX) {
    for (bool changed = true; changed;) {
      changed = false;
      // An anchor under its own box cannot take a leader line; sending it to the far column
      // would draw a line across the whole picture, so it goes.
      for (Item& item : items_) {
        if (item.dropped || beyond(item, item.side, innerEdge(item.side, item.box.x))) continue;
        item.dropped = true;
        changed = true;
        break;
      }
      if (changed) continue;
      for (LabelSide side : {LabelSide::Left, LabelSide::Right}) {
        if (columnHeight(side) <= availableHeight()) continue;
        // The label nearest the centre line suits the other column best.
        std::vector<Item*> byCentre;
        for (Item& item : items_)
          if (!item.dropped && item.side == side) byCentre.push_back(&item);
        std::stable_sort(byCentre.begin(), byCentre.end(), [&](const Item* a, const Item* b) {
          return std::abs(a->point.x - centreX) < std::abs(b->point.x - centreX);
        });
        bool moved = false;
        for (Item* item : byCentre)
          if ((moved = tryMove(*item))) break;
        if (!moved) leastImportant(side)->dropped = true;
        changed = true;
        break;
      }
    }
  }

  std::vector<Item*> initialOrder(LabelSide side) {
    std::vector<Item*> order;
    for (Item& item : items_)
      if (!item.dropped && item.side == side) order.push_back(&item);
    std::stable_sort(order.begin(), order.end(), [&](const Item* a, const Item* b) {
      if (a->point.y != b->point.y) return a->point.y < b->point.y;
      return anchors_[a->anchor].target < anchors_[b->anchor].target;
    });
    // Two anchors at almost the same height keep last frame's order, so their boxes do not
    // swap back and forth while the camera moves.
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
      const PlacedLabel* above = previousLabel(previous_, anchors_[order[i]->anchor].target);
      const PlacedLabel* below = previousLabel(previous_, anchors_[order[i + 1]->anchor].target);
      if (above && below && above->side == side && below->side == side &&
          above->rect.min.y > below->rect.min.y &&
          order[i + 1]->point.y - order[i]->point.y < style_.orderHysteresis)
        std::swap(order[i], order[i + 1]);
    }
    return order;
  }

  // Boxes stacked in `order`, and leader lines: anchor, elbow, box edge. Each elbow sits a stub
  // beyond the widest box between the label's height and its anchor's, so no leader line runs
  // over a box, while a narrow label near a wide one can still reach an anchor close to the
  // edge.
  std::vector<PlacedLabel> place(LabelSide side, const std::vector<Item*>& order) const {
    std::vector<float> desired, heights, centres;
    for (const Item* item : order) {
      desired.push_back(item->point.y);
      heights.push_back(item->box.y);
    }
    // settleColumns made sure the column fits; without room the boxes stay clamped in view.
    stackCentres(desired, heights, style_.gap, viewport_.min.y + style_.margin,
                 viewport_.max.y - style_.margin, centres);
    const bool left = side == LabelSide::Left;
    std::vector<PlacedLabel> labels;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const ScreenAnchor& anchor = anchors_[order[i]->anchor];
      const glm::vec2 box = order[i]->box;
      PlacedLabel label;
      label.target = anchor.target;
      label.text = anchor.text;
      label.priority = anchor.priority;
      label.side = side;
      const float x =
          left ? viewport_.min.x + style_.margin : viewport_.max.x - style_.margin - box.x;
      label.rect = {{x, centres[i] - 0.5f * box.y}, {x + box.x, centres[i] + 0.5f * box.y}};
      label.anchor = anchor.point;
      labels.push_back(std::move(label));
    }
    for (PlacedLabel& label : labels) {
      const float y = 0.5f * (label.rect.min.y + label.rect.max.y);
      const float low = std::min(y, label.anchor.y), high = std::max(y, label.anchor.y);
      float reach = left ? label.rect.max.x : label.rect.min.x;
      for (const PlacedLabel& other : labels)
        if (other.rect.max.y >= low && other.rect.min.y <= high)
          reach = left ? std::max(reach, other.rect.max.x) : std::min(reach, other.rect.min.x);
      const float elbowX = left ? reach + style_.stub : reach - style_.stub;
      label.leader = {label.anchor, {elbowX, y}, {left ? label.rect.max.x : label.rect.min.x, y}};
    }
    return labels;
  }

  LabelLayout placeAll(float centreX) {
    LabelLayout layout;
    layout.centreX = centreX;
    for (LabelSide side : {LabelSide::Left, LabelSide::Right}) placeColumn(side, layout);
    for (const Item& item : items_)
      if (item.dropped) layout.dropped.push_back(anchors_[item.anchor].target);
    return layout;
  }
  const PlacedLabel* placedOf(const LabelLayout& layout, const Item& item) const {
    for (const PlacedLabel& label : layout.labels)
      if (label.target == anchors_[item.anchor].target) return &label;
    return nullptr;
  }
  bool passesOverDot(const LabelLayout& layout, const Item& item) const {
    const PlacedLabel* label = placedOf(layout, item);
    if (!label) return false;
    // A label that stood in this column last frame moves only for a line right over a dot, so
    // a line grazing the limit does not send it back and forth.
    const PlacedLabel* before = previousLabel(previous_, label->target);
    const float clearance =
        style_.anchorClearance * (before && before->side == label->side ? 0.5f : 1.f);
    for (const PlacedLabel& other : layout.labels) {
      if (&other == label) continue;
      for (std::size_t i = 0; i + 1 < label->leader.size(); ++i) {
        const glm::vec2 a = label->leader[i], ab = label->leader[i + 1] - a;
        const float t = glm::clamp(
            glm::dot(other.anchor - a, ab) / std::max(glm::dot(ab, ab), 1e-6f), 0.f, 1.f);
        if (glm::distance(a + t * ab, other.anchor) < clearance) return true;
      }
    }
    return false;
  }
  // Whether the item's leader line crosses any other, in either column.
  bool crossesAny(const LabelLayout& layout, const Item& item) const {
    const PlacedLabel* label = placedOf(layout, item);
    if (!label) return false;
    for (const PlacedLabel& other : layout.labels)
      if (&other != label && leadersCross(*label, other)) return true;
    return false;
  }

  static bool leadersCross(const PlacedLabel& a, const PlacedLabel& b) {
    for (std::size_t i = 0; i + 1 < a.leader.size(); ++i)
      for (std::size_t j = 0; j + 1 < b.leader.size(); ++j)
        if (segmentsIntersect(a.leader[i], a.leader[i + 1], b.leader[j], b.leader[j + 1]))
          return true;
    return false;
  }

  // Orders, stacks and untangles one column, dropping what cannot be drawn cleanly:
  // - a leader line whose elbow would lie beyond its anchor (a wider box in the way): the less
  //   important of the label and the boxes in the way goes;
  // - crossing leader lines: sorting by anchor height alone does not rule them out once boxes
  //   are pushed apart, so the pair swaps places (which shortens both lines); if swapping does
  //   not settle it, the less important label goes.
  void placeColumn(LabelSide side, LabelLayout& layout) {
    std::vector<Item*> order = initialOrder(side);
    const bool left = side == LabelSide::Left;
    auto drop = [&](Item* item) {
      item->dropped = true;
      order.erase(std::find(order.begin(), order.end(), item));
    };
    for (std::size_t swaps = 0;;) {
      std::vector<PlacedLabel> labels = place(side, order);
      bool changed = false;
      for (std::size_t i = 0; i < labels.size() && !changed; ++i) {
        const glm::vec2 elbow = labels[i].leader[1];
        if (left ? labels[i].anchor.x > elbow.x + 1.f : labels[i].anchor.x < elbow.x - 1.f)
          continue;
        Item* least = order[i];
        for (std::size_t j = 0; j < labels.size(); ++j)
          if (j != i &&
              !beyond(*order[i], side, left ? labels[j].rect.max.x : labels[j].rect.min.x) &&
              labels[j].rect.max.y >= std::min(labels[i].anchor.y, elbow.y) &&
              labels[j].rect.min.y <= std::max(labels[i].anchor.y, elbow.y) &&
              lessImportant(*order[j], *least))
            least = order[j];
        drop(least);
        changed = true;
      }
      if (changed) continue;
      std::size_t crossA = 0, crossB = 0;
      bool crossing = false;
      for (std::size_t i = 0; i < labels.size() && !crossing; ++i)
        for (std::size_t j = i + 1; j < labels.size() && !crossing; ++j)
          if (leadersCross(labels[i], labels[j])) crossA = i, crossB = j, crossing = true;
      if (!crossing) {
        for (PlacedLabel& label : labels) layout.labels.push_back(std::move(label));
        return;
      }
      if (swaps++ < order.size() * order.size()) {
        std::swap(order[crossA], order[crossB]);
        continue;
      }
      drop(lessImportant(*order[crossA], *order[crossB]) ? order[crossA] : order[crossB]);
      swaps = 0;
    }
  }

  const std::vector<ScreenAnchor>& anchors_;
  LabelRect viewport_;
  LabelStyle style_;
  const LabelLayout* previous_;
  std::vector<Item> items_;
};

}  // namespace

LabelLayout layoutLabels(const std::vector<ScreenAnchor>& anchors,
                         const std::vector<glm::vec2>& textSizes, const LabelRect& viewport,
                         const LabelStyle& style, const LabelLayout* previous) {
  std::vector<Item> items;
  std::vector<int> dropped;
  float sumX = 0.f;
  for (std::size_t i = 0; i < anchors.size(); ++i) {
    const glm::vec2 box =
        (i < textSizes.size() ? textSizes[i] : glm::vec2(0.f)) + 2.f * style.padding;
    const glm::vec2 p = anchors[i].point;
    if (!viewport.contains(p) || box.x > viewport.size().x * 0.5f - style.margin ||
        box.y > viewport.size().y - 2.f * style.margin) {
      dropped.push_back(anchors[i].target);
      continue;
    }
    items.push_back({static_cast<int>(i), p, box, LabelSide::Left});
    sumX += p.x;
  }
  // The middle of the anchors, not of the viewport: a model framed off-centre (a side panel, a
  // pan) still splits its labels about evenly between the columns.
  const float centreX =
      items.empty() ? 0.5f * (viewport.min.x + viewport.max.x) : sumX / float(items.size());
  for (Item& item : items) {
    item.side = item.point.x < centreX ? LabelSide::Left : LabelSide::Right;
    // Last frame's column holds while the anchor stays near the centre line. A label that was
    // sent to the far column (to clear another anchor, or for room) holds it over a wider band,
    // so it does not bounce back and forth as the reason comes and goes.
    const PlacedLabel* before = previousLabel(previous, anchors[item.anchor].target);
    if (before) {
      const LabelSide natural =
          before->anchor.x < previous->centreX ? LabelSide::Left : LabelSide::Right;
      const float band = style.sideHysteresis * (before->side == natural ? 1.f : 3.f);
      if (std::abs(item.point.x - centreX) < band) item.side = before->side;
    }
  }
  LabelLayout layout =
      ColumnLayout(anchors, viewport, style, previous).run(std::move(items), centreX);
  layout.dropped.insert(layout.dropped.end(), dropped.begin(), dropped.end());
  std::sort(layout.dropped.begin(), layout.dropped.end());
  return layout;
}

}  // namespace spineview
