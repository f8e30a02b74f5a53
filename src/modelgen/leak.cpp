#include "leak.h"

#include <cmath>

namespace spinegen {

namespace {

// How far the mass's end sphere reaches into the structure it presses on (mm), so that it
// touches it in any mesh: UNSOURCED.
constexpr float kPressDepth = 0.8f;

// The point of a tube's centre line nearest to the disc's outer wall, between its endplates.
size_t nearestToDisc(const Spine& spine, int d, const NerveTube& t) {
  size_t best = 0;
  float bestGap = 1e9f;
  for (size_t k = 0; k < t.pts.size(); ++k) {
    float h = spine.discHeightFraction(d, t.pts[k]);
    float gap = spine.discOuter(d, t.pts[k]) - std::max(t.rx[k], t.ry[k]) + 4.f * std::max(std::fabs(h) - 0.6f, 0.f);
    if (gap < bestGap) { bestGap = gap; best = k; }
  }
  return best;
}

} // namespace

Box LeakedMass::box() const {
  Box b;
  b.add(start);
  b.add(end);
  b.pad(radius * 1.4f + 3.f);
  return b;
}

std::optional<LeakedMass> planLeak(const Spine& spine, const Nerves& nerves) {
  const Options& o = spine.options();
  if (o.leak == Leak::None || o.leak == Leak::Bulge) return std::nullopt;
  const int d = spine.treatedDisc();
  const Disc& dc = spine.discs()[d];
  const NerveTube* target = &nerves.dura;
  LeakedMass m;
  const std::string side = sideName(o.leakSide);
  if (o.leak == Leak::Central) {
    m.touches = target->name;
    m.zoneWords = "in the centre of the canal";
  } else {
    m.touches = touchedRoot(o);
    target = &nerves.roots[size_t(nerves.rootIndex(touchedRootVertebra(o), o.leakSide))];
    m.zoneWords = o.leak == Leak::Paracentral ? "in the " + side + " subarticular (paracentral) zone"
                                              : "in the " + side + " foramen";
  }
  // Where on the target: its centre line nearest the disc; a central mass at the sac's midline
  // in the disc's mid-plane.
  glm::vec3 tp;
  float targetR;
  if (o.leak == Leak::Central) {
    Field sac = [&](const glm::vec3& p) { return target->eval(p); };
    glm::vec3 back = dc.frame.dirToWorld(glm::vec3(0.f, 0.f, -1.f));
    float toSac = Spine::march(sac, dc.frame.o, back, 60.f, 0.1f);
    tp = dc.frame.o + back * (toSac + 2.f); // 2 mm into the sac, its radius measured from there
    targetR = 2.f;
  } else {
    size_t k = nearestToDisc(spine, d, *target);
    tp = target->pts[k];
    targetR = std::min(target->rx[k], target->ry[k]);
  }
  // Out of the disc wall facing the target, at the disc's mid-height.
  glm::vec3 local = dc.frame.toLocal(tp);
  glm::vec3 radialL = glm::normalize(glm::vec3(local.x, 0.f, local.z));
  glm::vec3 radial = dc.frame.dirToWorld(radialL);
  Field outer = [&](const glm::vec3& p) { return spine.discOuter(d, p); };
  float wall = std::max(Spine::march(outer, dc.frame.o, radial, 60.f, 0.1f), 0.f);
  glm::vec3 exitP = dc.frame.o + radial * wall;
  m.radius = 0.45f * o.leakSizeMm;
  const float endR = 1.2f * m.radius;
  glm::vec3 toTarget = tp - exitP;
  float dist = glm::length(toTarget);
  glm::vec3 dir = dist > 1e-3f ? toTarget / dist : radial;
  m.start = exitP - radial * 1.5f;
  // The end sphere's surface reaches kPressDepth into the target; a target farther than the size
  // allows is still reached (the mass is then longer than its size: the zone decides, not the size).
  m.end = tp - dir * std::max(targetR + endR - kPressDepth, 0.f);
  return m;
}

float leakField(const Spine& spine, const LeakedMass& m, const glm::vec3& p) {
  const int d = spine.treatedDisc();
  const Disc& dc = spine.discs()[d];
  float f = sdCapsule(p, m.start, m.end, m.radius, 0.85f * m.radius);
  f = smin(f, sdSphere(p, m.end, 1.2f * m.radius), 1.2f);
  f += 0.15f * std::sin(1.7f * p.x) * std::sin(1.9f * p.y) * std::sin(1.3f * p.z);
  f = std::max(f, -spine.discOuter(d, p));
  for (int b : {dc.lower, dc.upper}) f = std::max(f, -(spine.boneField(b, p) - 0.2f));
  return f;
}

} // namespace spinegen
