#include "annotate/targets.h"

#include <algorithm>
#include <array>
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

// The outer surface's vertices of one node, in world space.
void addSurfacePoints(const Scene& scene, int nodeIndex, bool preferred,
                      std::vector<SurfacePoint>& points) {
  const Node& node = scene.nodes[nodeIndex];
  const Mesh& mesh = scene.meshes[node.mesh];
  const glm::mat3 normalMatrix = glm::transpose(glm::inverse(glm::mat3(node.world)));
  for (std::size_t p = 0; p < mesh.primitives.size(); ++p) {
    if (nestedInSibling(mesh, p)) continue;
    const Primitive& prim = mesh.primitives[p];
    for (std::size_t v = 0; v < prim.positions.size(); ++v) {
      glm::vec3 normal = normalMatrix * prim.normals[v];
      const float length = glm::length(normal);
      if (!(length > 0.f)) continue;
      points.push_back({glm::vec3(node.world * glm::vec4(prim.positions[v], 1.f)), normal / length,
                        preferred, nodeIndex});
    }
  }
}

// Candidates of one structure (all its nodes together, so that a structure made of many small
// parts, such as a vertebra's arch, gets no more candidates than one of a single part): its
// vertices furthest along the 26 directions of a cube's faces, edges and corners, plus per grid
// cell the vertex nearest the cell's centre.
void addCandidates(const std::vector<SurfacePoint>& points, std::vector<SurfacePoint>& out) {
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

// For models without display names: one label per named mesh node.
std::vector<LabelTarget> namedNodeTargets(const Scene& scene) {
  std::vector<LabelTarget> targets;
  for (std::size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0) continue;
    LabelTarget target;
    target.text = !node.name.empty() ? node.name : scene.meshes[node.mesh].name;
    if (target.text.empty()) continue;
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

// How one node of a model with our extras is labelled; an empty text means not at all.
Naming namingOf(const Scene& scene, const std::vector<PartInfo>& parts, int index,
                const std::set<std::string>& treatedLevels) {
  const Node& node = scene.nodes[size_t(index)];
  const PartInfo& part = parts[size_t(index)];
  const bool treated = treatedLevels.count(part.level) > 0;
  const int parentIndex = node.parent;
  const Node* parent = parentIndex >= 0 ? &scene.nodes[size_t(parentIndex)] : nullptr;
  Naming naming{"node:" + std::to_string(index), part.displayName, kPriorityOtherLayer};
  if ((part.layer == LayerKind::Vertebra || part.layer == LayerKind::Annulus) && parent &&
      parent->mesh < 0 && !parts[size_t(parentIndex)].displayName.empty()) {
    // A vertebra or a disc is one structure to a clinician; its group names it ("L4 vertebra",
    // "L4-L5 disc"), and the leader line goes to the body or the annulus.
    naming.mergeKey = "group:" + parent->name + ":" + part.layerKey;
    naming.text = parts[size_t(parentIndex)].displayName;
    naming.priority = part.layer == LayerKind::Vertebra ? kPriorityVertebra
                      : treated                         ? kPriorityTreatedDisc
                                                        : kPriorityDisc;
    return naming;
  }
  switch (part.layer) {
    case LayerKind::Nucleus:
      if (!treated) naming.text.clear();  // only the nucleus that the story is about
      naming.priority = kPriorityTreatedNucleus;
      break;
    case LayerKind::Tear:
      naming.priority = kPriorityTear;
      break;
    case LayerKind::Nerve:
      naming.priority = kPriorityNerve;
      break;
    case LayerKind::Hardware:
    case LayerKind::Graft:
      naming.text = withoutQualifier(part.displayName);
      naming.mergeKey = "kind:" + part.layerKey + ":" + naming.text;
      naming.priority = kPriorityHardware;
      break;
    case LayerKind::Needle:
    case LayerKind::Fibrin:
      naming.priority = kPriorityProcedure;
      break;
    default:
      break;
  }
  return naming;
}

std::vector<LabelTarget> extrasTargets(const Scene& scene, const std::vector<PartInfo>& parts) {
  const std::vector<std::string> treated = treatedLevels(scene, parts);
  const std::set<std::string> treatedSet(treated.begin(), treated.end());

  std::vector<LabelTarget> targets;
  std::map<std::string, std::size_t> byKey;
  for (std::size_t i = 0; i < scene.nodes.size(); ++i) {
    if (scene.nodes[i].mesh < 0) continue;
    const Naming naming = namingOf(scene, parts, static_cast<int>(i), treatedSet);
    if (naming.text.empty()) continue;
    auto [slot, added] = byKey.emplace(naming.mergeKey, targets.size());
    if (added) {
      LabelTarget target;
      target.text = naming.text;
      target.priority = naming.priority;
      targets.push_back(std::move(target));
    }
    targets[slot->second].nodes.push_back(static_cast<int>(i));
  }
  return targets;
}

}  // namespace

std::vector<LabelTarget> labelTargets(const Scene& scene, const std::vector<PartInfo>& parts) {
  const bool hasDisplayNames =
      std::any_of(parts.begin(), parts.end(), [](const PartInfo& p) { return p.namedInExtras; });
  std::vector<LabelTarget> targets =
      hasDisplayNames ? extrasTargets(scene, parts) : namedNodeTargets(scene);

  for (LabelTarget& target : targets) {
    Bounds all, preferred;
    std::vector<SurfacePoint> points;
    for (int n : target.nodes) {
      const bool body = isVertebralBody(scene.nodes[size_t(n)], parts[size_t(n)]);
      addSurfacePoints(scene, n, body, points);
      all.grow(scene.nodeWorldBounds(n));
      if (body) preferred.grow(scene.nodeWorldBounds(n));
    }
    addCandidates(points, target.anchors);
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

}  // namespace spineview
