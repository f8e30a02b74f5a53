// Procedure parts, see hardware.h. Sizes cite anatomy.h; thread form and tulip sizes are UNSOURCED
// generic values chosen to read as a polyaxial pedicle screw.
#include "hardware.h"

#include <cmath>

namespace spinegen {

namespace {
// Cage centre line: an arc in the disc mid-plane (disc frame), anterior to the disc centre.
constexpr float kCageArcRadius = 11.f;
constexpr float kCageArcCentreZ = -1.f;
constexpr float kTulipRodSeat = 11.5f;

float cage2D(const glm::vec2& xz, float halfWidth, float halfSpanDeg) {
  glm::vec2 c(0.f, kCageArcCentreZ);
  glm::vec2 d = xz - c;
  float rho = glm::length(d);
  float a = std::atan2(d.x, d.y);
  float span = rad(halfSpanDeg);
  if (std::fabs(a) <= span) return std::fabs(rho - kCageArcRadius) - halfWidth;
  float s = a > 0.f ? span : -span;
  glm::vec2 e = c + kCageArcRadius * glm::vec2(std::sin(s), std::cos(s));
  return glm::length(xz - e) - halfWidth;
}
} // namespace

std::vector<Screw> placeScrews(const Spine& spine) {
  std::vector<Screw> out;
  const Disc& d = spine.discs()[spine.treatedDisc()];
  for (int vi : {d.upper, d.lower}) {
    const Vertebra& v = spine.vertebrae()[vi];
    for (int s = 0; s < 2; ++s) {
      Screw sc;
      sc.vertebra = vi;
      sc.side = s;
      sc.level = v.spec.name;
      sc.name = std::string("hardware.screw.") + v.spec.name + (s == 0 ? ".left" : ".right");
      glm::vec3 axis = v.frame.dirToWorld(v.pedDirPost[s]);
      glm::vec3 outside = v.frame.toWorld(v.pedEnd[s]) + axis * 25.f;
      Field bone = [&](const glm::vec3& p) { return spine.boneField(vi, p); };
      float t = Spine::march(bone, outside, -axis, 40.f, 0.1f);
      glm::vec3 entry = outside - axis * std::max(t, 0.f);
      sc.frame = basisFromAxis(entry, axis, v.frame.v);
      sc.tulip = entry + axis * kTulipRodSeat;
      out.push_back(sc);
    }
  }
  // Slots line up with the rod on each side.
  for (int s = 0; s < 2; ++s) {
    Screw& a = out[s];
    Screw& b = out[2 + s];
    glm::vec3 rod = glm::normalize(a.tulip - b.tulip);
    for (Screw* sc : {&a, &b}) {
      glm::vec3 r = rod - glm::dot(rod, sc->frame.w) * sc->frame.w;
      sc->slotAcross = glm::normalize(glm::cross(sc->frame.w, glm::normalize(r)));
    }
  }
  return out;
}

float screwField(const Screw& sc, const glm::vec3& p) {
  glm::vec3 q = sc.frame.toLocal(p);
  float s = q.z;
  float rho = std::sqrt(q.x * q.x + q.y * q.y);
  // Threaded shank with a tapered tip.
  float phi = std::atan2(q.y, q.x);
  float u = s / kScrewPitch + phi / (2.f * kPi);
  u -= std::floor(u);
  float crest = std::clamp(1.7f * (1.f - std::fabs(2.f * u - 1.f)) - 0.35f, 0.f, 1.f);
  float rMinor = kScrewMinorDiameter * 0.5f, rMajor = kScrewDiameter * 0.5f;
  float r = rMinor + (rMajor - rMinor) * crest;
  float tipLen = 7.f;
  float taper = std::clamp((s + kScrewLength) / tipLen, 0.f, 1.f);
  r *= 0.35f + 0.65f * std::sqrt(taper);
  float shank = std::max(rho - r, std::max(-kScrewLength - s, s - 1.f)) / 1.35f;
  float neck = sdCapsule(q, glm::vec3(0, 0, 0), glm::vec3(0, 0, 4.f), 2.6f, 2.6f);
  float ball = sdSphere(q, glm::vec3(0, 0, 5.5f), 3.8f);
  // Tulip: cup with a bore and a U slot for the rod, closed by a set screw above the rod.
  float cup = std::max(rho - 6.f, std::max(3.8f - s, s - 17.f));
  cup = smax(cup, -(std::max(rho - 3.5f, 6.5f - s)), 0.4f);
  glm::vec3 ac = sc.frame.dirToLocal(sc.slotAcross);
  float slot = std::max(std::fabs(glm::dot(glm::vec3(q.x, q.y, 0.f), ac)) - 2.95f, 8.6f - s);
  cup = smax(cup, -slot, 0.4f);
  float setScrew = std::max(rho - 3.5f, std::max(14.6f - s, s - 17.3f));
  float f = smin(shank, neck, 0.8f);
  f = smin(f, ball, 0.8f);
  f = std::min(f, cup);
  f = std::min(f, setScrew);
  return f;
}

Box screwBox(const Screw& sc) {
  Box b;
  for (float s : {-kScrewLength - 1.f, 18.f})
    for (int c = 0; c < 4; ++c)
      b.add(sc.frame.toWorld(glm::vec3(c & 1 ? 7.f : -7.f, c & 2 ? 7.f : -7.f, s)));
  return b;
}

std::vector<glm::vec3> rodPath(const Spine& spine, const std::vector<Screw>& screws, int side) {
  const Disc& d = spine.discs()[spine.treatedDisc()];
  glm::vec3 a = screws[side].tulip, b = screws[2 + side].tulip; // upper, lower
  glm::vec3 dir = glm::normalize(a - b);
  glm::vec3 pa = a + dir * kRodOverhang, pb = b - dir * kRodOverhang;
  glm::vec3 bend = d.frame.w - glm::dot(d.frame.w, dir) * dir; // lordotic bend toward anterior
  bend = glm::normalize(bend);
  std::vector<glm::vec3> path;
  const int n = 16;
  for (int i = 0; i <= n; ++i) {
    float t = float(i) / n;
    path.push_back(glm::mix(pb, pa, t) + bend * (1.2f * 4.f * t * (1.f - t)));
  }
  return path;
}

float cageWindow(const Spine& spine, const glm::vec3& p) {
  const Disc& d = spine.discs()[spine.treatedDisc()];
  glm::vec3 q = d.frame.toLocal(p);
  float win = cage2D(glm::vec2(q.x, q.z), 2.3f, kCageArcDeg * 0.5f - 12.f);
  // A central strut splits the window in two.
  float strut = 1.4f - std::fabs(q.x);
  return std::max(win, strut);
}

float cageField(const Spine& spine, const glm::vec3& p) {
  const Disc& d = spine.discs()[spine.treatedDisc()];
  glm::vec3 q = d.frame.toLocal(p);
  float f = cage2D(glm::vec2(q.x, q.z), kCageWidth * 0.5f, kCageArcDeg * 0.5f);
  f = std::max(f, spine.discSpace(spine.treatedDisc(), p) + 0.25f);
  return std::max(f, -cageWindow(spine, p));
}

float graftField(const Spine& spine, const glm::vec3& p) {
  float f = std::max(cageWindow(spine, p) + 0.15f, spine.discSpace(spine.treatedDisc(), p) + 0.3f);
  return f + 0.12f * std::sin(2.1f * p.x) * std::sin(1.9f * p.y + 0.7f) * std::sin(2.3f * p.z);
}

float bridgeField(const Spine& spine, const glm::vec3& p) {
  int di = spine.treatedDisc();
  float f = std::max(spine.discOuter(di, p) + 2.5f, spine.discSpace(di, p) + 0.05f);
  f += 0.35f * std::sin(0.55f * p.x + 0.3f) * std::sin(0.47f * p.z + 1.1f);
  f = std::max(f, -(cageField(spine, p) - 0.3f));
  f = std::max(f, -(graftField(spine, p) - 0.1f));
  return f;
}

glm::vec3 bridgeSeed(const Spine& spine, const glm::vec3& p) {
  const Disc& d = spine.discs()[spine.treatedDisc()];
  glm::vec3 q = d.frame.toLocal(p);
  glm::vec2 c(0.f, kCageArcCentreZ), xz(q.x, q.z);
  float a = std::clamp(std::atan2(xz.x - c.x, xz.y - c.y), -rad(kCageArcDeg * 0.5f), rad(kCageArcDeg * 0.5f));
  glm::vec2 onArc = c + kCageArcRadius * glm::vec2(std::sin(a), std::cos(a));
  glm::vec2 seed = onArc + (xz - onArc) * 0.12f;
  return d.frame.toWorld(glm::vec3(seed.x, q.y, seed.y));
}

NeedlePath planNeedle(const Spine& spine, const Nerves& nerves) {
  int di = spine.treatedDisc();
  const Disc& d = spine.discs()[di];
  glm::vec3 tip = spine.tearAnchor();
  float psi0 = spine.tearPsi();
  float side = std::sin(psi0) >= 0.f ? 1.f : -1.f; // approach from the tear's side (left when midline)
  std::vector<int> bones = {d.upper, d.lower};
  if (d.upper > 0) bones.push_back(d.upper - 1);
  std::vector<const NerveTube*> tubes = {&nerves.dura};
  for (const auto& r : nerves.roots) tubes.push_back(&r);
  NeedlePath best{tip, glm::vec3(0, 0, -1), -1e9f};
  float bestPenalty = 1e9f;
  // L5-S1 sits low between the alae and the L5 transverse processes: it may need a steeper
  // craniocaudal tilt, as fluoroscopy-guided discography there does.
  const int tilts = di == 2 ? 28 : 16;
  for (int gi = 0; gi <= 16; ++gi) {
    float gamma = rad(25.f + 2.5f * gi);
    for (int ti = 0; ti <= tilts; ++ti) {
      float tilt = rad(-20.f * tilts / 16.f + 2.5f * ti);
      glm::vec3 dirL(side * std::sin(gamma), std::tan(tilt), -std::cos(gamma));
      glm::vec3 dir = glm::normalize(d.frame.dirToWorld(dirL));
      float clear = 1e9f;
      for (float s = 0.f; s <= 70.f; s += 0.75f) {
        glm::vec3 p = tip + dir * s;
        if (spine.discOuter(di, p) < 0.f) continue;
        for (int b : bones) clear = std::min(clear, spine.boneField(b, p));
        for (const NerveTube* t : tubes) clear = std::min(clear, t->eval(p));
        if (clear < best.clearance) break;
      }
      // Prefer the classic 45 deg, level path among equally clear ones (clearance capped at 4 mm).
      float capped = std::min(clear, 4.f);
      float penalty = std::fabs(gamma - rad(45.f)) + std::fabs(tilt);
      if (capped > best.clearance + 1e-4f || (std::fabs(capped - best.clearance) <= 1e-4f && penalty < bestPenalty)) {
        best = NeedlePath{tip, dir, capped};
        bestPenalty = penalty;
      }
    }
  }
  return best;
}

} // namespace spinegen
