// The vertebral arch as the structures a consult names: pedicles, laminae, spinous process,
// transverse processes and the pars interarticularis (the articular processes are in vertebra.cpp).
// Local frame of spine.h: x the patient's left, y cranial, z anterior; millimetres. Each structure
// is a field of its own so that the model can make it a part (Spine::partField) while the bone is
// their smooth union.
#include <cmath>

#include "spine.h"

namespace spinegen {

namespace {

// Laminae: the shingle slope of the plates below the pedicles (posterior shift per mm downward),
// the height of their upper border above the pedicle axis, and how far their midline lower border
// reaches below the body's posterior rim: UNSOURCED shape values chosen so that each interlaminar
// window, seen from behind, is a small gap beside the spinous process, as in the reference
// vertebrae.
constexpr float kLaminaTilt = 0.3f;
constexpr float kLaminaAbovePedicle = 4.5f;
constexpr float kLaminaBelowBody = 8.f;
// How much further forward the laminae's front face lies at the pars than at the midline, at the
// pedicles (the canal's triangle): UNSOURCED shape value, chosen so that the laminae converge from
// the pedicles' medial walls as in the reference vertebrae (the pedicles diverge backwards, so a
// front face that stays back until the pedicles' ends leaves a wide, shallow canal).
constexpr float kCanalApex = 10.f;
// Spinous process: directed posteriorly and this far downward (UNSOURCED shape value).
constexpr float kSpinousDownDeg = 20.f;

float smoothstep01(float t) {
  t = std::clamp(t, 0.f, 1.f);
  return t * t * (3.f - 2.f * t);
}

// 0 below -k, x above k, a parabola between: a ramp without a kink.
float softRamp(float x, float k) {
  if (x <= -k) return 0.f;
  if (x >= k) return x;
  return (x + k) * (x + k) / (4.f * k);
}

bool isL5(const VertebraSpec& s) {
  return s.name[1] == '5' && !s.sacrum;
}

}  // namespace

const char* archComponentName(int c) {
  static const char* names[kArchComponents] = {"lamina.left",
                                               "lamina.right",
                                               "spinous",
                                               "transverse.left",
                                               "transverse.right",
                                               "articular.superior.left",
                                               "articular.superior.right",
                                               "articular.inferior.left",
                                               "articular.inferior.right",
                                               "pars.left",
                                               "pars.right"};
  return c >= 0 && c < kArchComponents ? names[c] : "";
}

// Both laminae as one plate symmetric about the midline, where they meet at the spinous base. Seen
// from behind, the upper border runs level a little above the pedicles; the lower border is lowest
// at the midline and rises laterally to the medial edge of the inferior articular process, so the
// interlaminar window beside the spinous process is a small notch. The front face is the canal's
// back wall, upright at the pedicles and sloping back below them, so each lamina overlaps the next
// like a roof tile.
float Vertebra::laminae(const glm::vec3& q) const {
  const float ax = std::fabs(q.x);
  const float yUp = pedY + kLaminaAbovePedicle;
  const float yLoMid = planeBot(zPost) - kLaminaBelowBody;
  const float xV =
      spec.canalWidth * 0.5f - 3.f;  // the notch's upper corner, at the inferior process
  const float yV = pedY - 13.f;
  const float xLat = pedEnd[0].x - 1.f;
  const float t = std::clamp(ax / xV, 0.f, 1.f);
  const float yLo = glm::mix(yLoMid, yV, smoothstep01(t));
  const float slope = 6.f * t * (1.f - t) * (yV - yLoMid) / xV;
  const float yTop =
      yUp - 2.5f * (1.f - smoothstep01(t));  // the border dips toward the spinous process
  const float outline =
      std::max({q.y - yTop, (yLo - q.y) / std::sqrt(1.f + slope * slope), ax - xLat});
  const float m = ax / xLat;
  const float front = laminaFront(ax, q.y);
  const float thick =
      kLaminaThickness + 1.5f * std::max(0.f, 1.f - m * m);  // thicker where they meet
  const float slab =
      std::max(q.z - front, front - thick - q.z) / std::sqrt(1.f + kLaminaTilt * kLaminaTilt);
  return roundedAnd(outline, slab, 2.5f);
}

// At the pedicles the canal is a triangle with its apex at the spinous base: there the laminae run
// forward laterally. Lower down they keep clear of the superior processes of the vertebra below.
float Vertebra::laminaFront(float ax, float y) const {
  // Straight from the pedicles to the midline (a V), rounded over the middle 5 mm or so.
  const float m = ax / (pedEnd[0].x - 1.f), e = 0.25f;
  const float v = (std::sqrt(m * m + e * e) - e) / (std::sqrt(1.f + e * e) - e);
  const float apex = kCanalApex * v * smoothstep01((y - pedY + 8.f) / 8.f);
  return zPost - spec.canalDepth + apex - kLaminaTilt * softRamp(pedY - y, 4.f);
}

namespace {
// The spinous process's frame: its base in the laminae's junction, its direction and length.
struct SpinousFrame {
  glm::vec3 base, dir, up;
  float len, halfBase, scale;
};
SpinousFrame spinousFrame(const Vertebra& v) {
  const float yUp = v.pedY + kLaminaAbovePedicle;
  const float yLoMid = v.planeBot(v.zPost) - kLaminaBelowBody;
  const float yMid = 0.5f * (yUp + yLoMid);
  SpinousFrame f;
  f.base = glm::vec3(0.f, yMid, v.laminaFront(0.f, yMid) - kLaminaThickness + 2.f);
  f.dir = glm::normalize(
      glm::vec3(0, -std::sin(rad(kSpinousDownDeg)), -std::cos(rad(kSpinousDownDeg))));
  f.up = glm::normalize(glm::vec3(0, 1, 0) - f.dir.y * f.dir);
  f.scale = isL5(v.spec) ? 0.85f : 1.f;
  f.len = v.spec.spinousLength - 1.f;
  f.halfBase = 0.5f * (yUp - yLoMid) - 0.5f;
  return f;
}
}  // namespace

glm::vec3 Vertebra::spinousTip() const {
  if (spec.sacrum) return sacralCrestTop();
  const SpinousFrame f = spinousFrame(*this);
  return f.base + f.dir * f.len;
}

// Spinous process: a thin plate in the midsagittal plane growing out of the laminae's junction,
// directed back and a little down. Its base spans the laminae's midline height; it narrows and then
// deepens toward a thick, hatchet-shaped posterior end whose lower corner hangs lowest. Smaller at
// L5.
float Vertebra::spinous(const glm::vec3& q) const {
  const SpinousFrame f = spinousFrame(*this);
  const glm::vec3 &base = f.base, &dir = f.dir, &up = f.up;
  const float scale = f.scale, len = f.len, halfBase = f.halfBase;
  glm::vec3 d = q - base;
  float s = glm::dot(d, dir), h = glm::dot(d, up);
  float u = std::clamp(s / len, 0.f, 1.f);
  float flare = (halfBase - 7.5f) * (1.f - u) * (1.f - u) * (1.f - u);
  float top = scale * (7.5f + 1.5f * u) + flare, bot = -(scale * (7.5f + 7.f * u * u) + flare);
  float half = 0.5f * (top - bot), mid = 0.5f * (top + bot);
  float profile =
      sdRoundRect(glm::vec2(s - 0.5f * len, h - mid), glm::vec2(0.5f * len, half), 4.f * scale);
  float hx = 3.2f + 0.6f * u * u;  // half thickness: about 6.5 mm near the base, 7.5 mm at the tip
  float plate = roundedAnd(profile, std::fabs(q.x) - hx, 0.9f * hx);
  glm::vec3 tubercle = base + dir * (len - 3.5f) + up * (bot + 4.5f * scale);
  float bulb = sdEllipsoid(q, Basis{tubercle, glm::vec3(1, 0, 0), up, dir},
                           glm::vec3(hx + 0.3f, 4.5f * scale, 5.f));
  return smin(plate, bulb, 3.f);
}

// Transverse process: a thin bar flattened front to back that tapers to a rounded tip, pointing
// laterally and slightly up and back, from the junction of the pedicle and the pars. L5's is a
// thick cone whose root spreads over the back half of the pedicle.
float Vertebra::transverse(const glm::vec3& q, int s) const {
  const float sx = sgn(s);
  if (isL5(spec)) {
    glm::vec3 root = pedJunction[s] + pedDirPost[s] * 9.f + glm::vec3(0.f, 0.5f, 0.f);
    glm::vec3 dir = glm::normalize(glm::vec3(sx, 0.2f, -0.1f));
    glm::vec3 tip = pedEnd[s] + dir * (spec.transverseLength + 5.f);
    return sdTaperedEllipse(q, root, tip, glm::vec3(0, 0, 1), glm::vec2(4.f, 7.f),
                            glm::vec2(2.8f, 4.6f));
  }
  glm::vec3 root = pedEnd[s] + glm::vec3(-sx * 1.f, 1.5f, 1.5f);
  glm::vec3 dir = glm::normalize(glm::vec3(sx, 0.16f, -0.45f));
  glm::vec3 tip = root + dir * spec.transverseLength;
  return sdTaperedEllipse(q, root - dir * 2.f, tip, glm::vec3(0, 0, 1), glm::vec2(2.5f, 6.2f),
                          glm::vec2(1.7f, 3.6f));
}

// Pars interarticularis: the narrow column of the arch between the superior articular process above
// and the inferior one below, at the lateral edge of the lamina; in a side view it is the waist.
glm::vec3 Vertebra::parsTop(int s) const {
  return pedEnd[s] + glm::vec3(-sgn(s) * 2.f, 1.f, -4.5f);
}
glm::vec3 Vertebra::parsBottom(int s) const {
  return glm::vec3(pedEnd[s].x - sgn(s) * 4.5f, pedY - 11.f, pedEnd[s].z - 6.f);
}
float Vertebra::pars(const glm::vec3& q, int s) const {
  return sdTaperedEllipse(q, parsTop(s), parsBottom(s), glm::vec3(0, 0, 1), glm::vec2(4.2f, 3.4f),
                          glm::vec2(3.8f, 3.6f));
}

int archComponentSide(int c) {
  return c == kSpinous ? -1 : (c < kSpinous ? c : c - 1) % 2;
}

float Vertebra::archComponent(int c, const glm::vec3& q) const {
  switch (c) {
    case kLaminaLeft:
      return std::max(laminae(q), -q.x);
    case kLaminaRight:
      return std::max(laminae(q), q.x);
    case kSpinous:
      return spinous(q);
    case kTransverseLeft:
      return transverse(q, 0);
    case kTransverseRight:
      return transverse(q, 1);
    case kSuperiorArticularLeft:
      return supFacet(q, 0);
    case kSuperiorArticularRight:
      return supFacet(q, 1);
    case kInferiorArticularLeft:
      return infFacet(q, 0);
    case kInferiorArticularRight:
      return infFacet(q, 1);
    case kParsLeft:
      return pars(q, 0);
    case kParsRight:
      return pars(q, 1);
    default:
      return 1e9f;
  }
}

float Vertebra::archField(const glm::vec3& q) const {
  float f = 1e9f;
  const glm::vec3 up(0, 1, 0);
  for (int s = 0; s < 2; ++s) {
    // Pedicle: elliptic section pedicleWidth x pedicleHeight along the pedicle axis.
    glm::vec3 a = pedJunction[s] - pedDirPost[s] * 10.f, b = pedEnd[s] + pedDirPost[s] * 1.f;
    glm::vec3 across = glm::cross(up, pedDirPost[s]);
    f = smin(
        f, sdEllipticCapsule(q, a, b, across, spec.pedicleWidth * 0.5f, spec.pedicleHeight * 0.5f),
        1.5f);
  }
  if (spec.sacrum) {
    f = smin(f, sacralWings(q), 5.f);
    f = smin(f, sacralArch(q), 3.f);
    f = smin(f, supFacetField(q), 2.5f);
    // A rounded edge where the roof's lower border meets the canal: a sharp one meshes as teeth.
    return smax(f, -sacralCanal(q), 2.f);
  }
  f = smin(f, laminae(q), 3.f);
  for (int s = 0; s < 2; ++s) {
    f = smin(f, pars(q, s), 2.5f);
    f = smin(f, transverse(q, s), isL5(spec) ? 3.5f : 3.f);
  }
  f = smin(f, spinous(q), 3.f);
  f = smin(f, supFacetField(q), 2.5f);
  if (hasInf) f = smin(f, infFacetField(q), 2.5f);
  return f;
}

}  // namespace spinegen
