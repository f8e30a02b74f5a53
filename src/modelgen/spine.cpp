// Spine layout and the fields of bones, discs and the tear. See spine.h. All lengths in millimetres.
#include "spine.h"

#include <cmath>
#include <stdexcept>

namespace spinegen {

namespace {

constexpr float kGap = kFacetGap;
constexpr int kTableSize = 720;
constexpr float kFacetCurve = 0.02f; // facet curvature (1/mm), SAP concave and IAP convex: UNSOURCED shape

float wrapAngle(float a) {
  while (a > kPi) a -= 2.f * kPi;
  while (a <= -kPi) a += 2.f * kPi;
  return a;
}

float bowl(float rho) {
  float c = kConcaveFraction;
  if (rho >= c) return 0.f;
  float t = 1.f - (rho / c) * (rho / c);
  return t * t;
}
float lip(float rho) { return kRimLip * std::exp(-((rho - 0.86f) / 0.05f) * ((rho - 0.86f) / 0.05f)); }

float facetDeg(int lowerIndex) { // joint between vertebra lowerIndex-1 and lowerIndex
  return lowerIndex <= 1 ? (lowerIndex == 1 ? kFacetDegL3L4 : kFacetDegL3L4)
                         : (lowerIndex == 2 ? kFacetDegL4L5 : kFacetDegL5S1);
}

float sgn(int s) { return s == 0 ? 1.f : -1.f; }

} // namespace

float Outline::radius(float psi) const {
  // Anterior half: ellipse. Posterior half: superellipse of degree 4 (flatter border with rounded
  // posterolateral corners, the kidney shape) minus a shallow midline indentation.
  float c = std::cos(psi), s = std::sin(psi);
  float sa = s / halfWidth;
  if (c >= 0.f) {
    float ca = c / antDepth;
    return 1.f / std::sqrt(ca * ca + sa * sa);
  }
  float cb = c / (postDepth + indent);
  float q = cb * cb * cb * cb + sa * sa * sa * sa;
  float c2 = c * c, c4 = c2 * c2;
  return 1.f / std::sqrt(std::sqrt(q)) - indent * c4 * c4;
}

// ---------------------------------------------------------------------------------------------
// Vertebra geometry in its local frame.

float Vertebra::planeTop(float z) const {
  return (spec.heightAnt + spec.heightPost) * 0.25f + (spec.heightAnt - spec.heightPost) / (2.f * spec.depthSup) * z;
}
float Vertebra::planeBot(float z) const {
  if (spec.sacrum) return planeTop(zPost) - kSacrumCut;
  return -((spec.heightAnt + spec.heightPost) * 0.25f + (spec.heightAnt - spec.heightPost) / (2.f * spec.depthInf) * z);
}

Outline Vertebra::outline(float y) const {
  float top = planeTop(0.f), bot = spec.sacrum ? planeBot(0.f) : -top;
  float t = std::clamp((y - bot) / std::max(top - bot, 1e-3f), 0.f, 1.f); // 0 bottom, 1 top
  float depth = glm::mix(spec.depthInf, spec.depthSup, t);
  float halfW = spec.endplateWidth * 0.5f;
  Outline o{halfW, depth * 0.5f, depth * 0.5f, kPosteriorIndent};
  if (spec.sacrum) {
    // The first sacral body narrows and its anterior face recedes below the promontory.
    float down = 1.f - t;
    o.halfWidth *= 1.f - 0.18f * down;
    o.antDepth *= 1.f - 0.22f * down;
    o.postDepth *= 1.f - 0.1f * down;
  } else {
    float m = 2.f * t - 1.f;
    float waist = kBodyWaist * (1.f - m * m);
    o.halfWidth -= waist;
    o.antDepth -= waist;
  }
  return o;
}

float Vertebra::yTop(float x, float z) const {
  float r = std::sqrt(x * x + z * z);
  float rho = r / topOutline.radius(std::atan2(x, z));
  return planeTop(z) - spec.concavitySup * bowl(rho) + lip(rho);
}
float Vertebra::yBot(float x, float z) const {
  if (spec.sacrum) return planeBot(z) - 10.f; // below the rounded closing cut (Spine::boneField)
  float r = std::sqrt(x * x + z * z);
  float rho = r / botOutline.radius(std::atan2(x, z));
  return planeBot(z) + spec.concavityInf * bowl(rho) - lip(rho);
}

float Vertebra::bodyField(const glm::vec3& q) const {
  Outline o = outline(q.y);
  float r = std::sqrt(q.x * q.x + q.z * q.z);
  float side = r - o.radius(std::atan2(q.x, q.z));
  return smax(side, std::max(q.y - yTop(q.x, q.z), yBot(q.x, q.z) - q.y), kRimRound);
}

float Vertebra::supFacetField(const glm::vec3& q) const {
  float f = 1e9f;
  for (int s = 0; s < 2; ++s) {
    const glm::vec3& J = jointSup[s];
    const glm::vec3& n = nSup[s];
    glm::vec3 dj = glm::normalize(glm::cross(glm::vec3(0, 1, 0), n));
    Basis b{J - n * 3.8f + glm::vec3(0, -2.5f, 0), dj, glm::vec3(0, 1, 0), n};
    // A plate rising from the pedicle-lamina junction, its concave facet facing posteromedially.
    float lump = sdEllipsoid(q, b, glm::vec3(7.f, 9.5f, 4.5f));
    float stem = sdCapsule(q, pedEnd[s] + glm::vec3(0, 3.f, 0), b.o, 4.4f, 4.f);
    // Mamillary process: a small rounded bump on the back edge of the process.
    float mam = sdEllipsoid(q, Basis{b.o - dj * 6.2f + glm::vec3(0, -3.5f, 0), dj, glm::vec3(0, 1, 0), n},
                            glm::vec3(3.2f, 3.8f, 3.f));
    float x = glm::dot(q - J, dj);
    float cut = glm::dot(q - J, n) + kGap * 0.5f + kFacetCurve * x * x;
    f = std::min(f, std::max(smin(smin(lump, stem, 2.5f), mam, 2.f), cut));
  }
  return f;
}

float Vertebra::infFacetField(const glm::vec3& q) const {
  if (!hasInf) return 1e9f;
  float f = 1e9f;
  for (int s = 0; s < 2; ++s) {
    const glm::vec3& J = jointInf[s];
    const glm::vec3& n = nInf[s]; // anterolateral, toward the SAP below
    glm::vec3 dj = glm::normalize(glm::cross(glm::vec3(0, 1, 0), n));
    // A column hanging down from the lamina; its convex facet faces anterolaterally.
    Basis b{J - n * 3.8f + glm::vec3(0, 0.5f, 0), dj, glm::vec3(0, 1, 0), n};
    float lump = sdEllipsoid(q, b, glm::vec3(6.5f, 7.5f, 4.2f));
    glm::vec3 root(pedEnd[s].x - sgn(s) * 5.5f, pedY - 11.f, pedEnd[s].z - 3.5f);
    float stem = sdCapsule(q, root, b.o + glm::vec3(0, 2.f, 0), 4.4f, 3.9f);
    float x = glm::dot(q - J, dj);
    float cut = glm::dot(q - J, n) + kGap * 0.5f - kFacetCurve * x * x;
    f = std::min(f, std::max(smin(lump, stem, 3.f), cut));
  }
  return f;
}

namespace {
// Spinous process: a hatchet-shaped plate in the sagittal plane from its base B along dir (posterior and a
// little inferior), up = the in-plane perpendicular. It deepens toward the tip, mostly downward, and
// thickens toward a rounded, slightly bulbous posterior-inferior border.
float spinousField(const glm::vec3& q, const glm::vec3& B, const glm::vec3& dir, const glm::vec3& up, float len,
                   float scale) {
  glm::vec3 d = q - B;
  float s = glm::dot(d, dir), t = glm::dot(d, up);
  float u = std::clamp(s / len, 0.f, 1.f);
  float top = scale * (6.5f + 1.5f * u), bot = -scale * (6.5f + 6.f * u * u);
  float half = 0.5f * (top - bot), mid = 0.5f * (top + bot);
  float prof = sdRoundRect(glm::vec2(s - 0.5f * len, t - mid), glm::vec2(0.5f * len + 2.f, half), 4.5f * scale);
  float hx = 2.5f + 1.1f * u * u; // half thickness: about 5 mm at the base, 7 mm at the tip
  float rr = 0.9f * hx;
  glm::vec2 w(prof + rr, std::fabs(q.x) - hx + rr);
  float f = glm::length(glm::max(w, glm::vec2(0.f))) + std::min(std::max(w.x, w.y), 0.f) - rr;
  glm::vec3 tub = B + dir * (len - 3.5f) + up * (bot + 4.5f * scale);
  float bulb = sdEllipsoid(q, Basis{tub, glm::vec3(1, 0, 0), up, dir}, glm::vec3(hx + 0.9f, 5.f * scale, 5.f));
  return smin(f, bulb, 3.f);
}
} // namespace

float Vertebra::archField(const glm::vec3& q) const {
  const VertebraSpec& sp = spec;
  float f = 1e9f;
  glm::vec3 up(0, 1, 0);
  // Midline point where the laminae meet at the base of the spinous process (the canal's roof).
  const glm::vec3 M(0.f, pedY - 6.f, zPost - sp.canalDepth - kLaminaThickness * 0.5f - 3.2f);
  const bool l5 = sp.name[1] == '5';
  for (int s = 0; s < 2; ++s) {
    float sx = sgn(s);
    // Pedicle: elliptic section pedicleWidth x pedicleHeight along the pedicle axis.
    glm::vec3 a = pedJunction[s] - pedDirPost[s] * 10.f, b = pedEnd[s] + pedDirPost[s] * 1.f;
    glm::vec3 across = glm::cross(up, pedDirPost[s]);
    float ped = sdEllipticCapsule(q, a, b, across, sp.pedicleWidth * 0.5f, sp.pedicleHeight * 0.5f);
    f = smin(f, ped, 1.5f);
    if (!sp.sacrum) {
      // Lamina: a plate sloping posteriorly-inferiorly from the articular pillar to the midline, deeper
      // medially (its lower border runs down toward the spinous base).
      glm::vec3 A(pedEnd[s].x - sx * 3.f, pedY - 3.5f, pedEnd[s].z - 2.f);
      glm::vec3 Mm = M + glm::vec3(sx * 1.5f, 0.f, 0.f);
      glm::vec3 u = glm::normalize(Mm - A);
      glm::vec3 v = glm::normalize(glm::vec3(0, std::cos(rad(25.f)), std::sin(rad(25.f))));
      v = glm::normalize(v - glm::dot(v, u) * u);
      glm::vec3 nrm = glm::cross(u, v);
      float lam = sdTaperedEllipse(q, A, Mm, nrm, glm::vec2(kLaminaThickness * 0.5f, 8.f),
                                   glm::vec2(kLaminaThickness * 0.5f + 0.3f, 11.f));
      f = smin(f, lam, 3.f);
      // Transverse process: slender, flattened front to back, ending in a rounded tip; L5's is short and
      // stout with a broad root.
      glm::vec3 P = l5 ? pedEnd[s] + glm::vec3(0, 0.5f, 0.5f) : pedEnd[s] + glm::vec3(0, 1.f, 1.5f);
      glm::vec3 dir = glm::normalize(l5 ? glm::vec3(sx, 0.14f, -0.08f) : glm::vec3(sx, 0.06f, -0.14f));
      glm::vec3 T = P + dir * (sp.transverseLength + (l5 ? 6.f : 0.f));
      float tp = l5 ? sdTaperedEllipse(q, P - dir * 2.f, T, glm::vec3(0, 0, 1), glm::vec2(4.2f, 8.f), glm::vec2(3.2f, 5.f))
                    : sdTaperedEllipse(q, P - dir * 2.f, T, glm::vec3(0, 0, 1), glm::vec2(2.8f, 5.8f), glm::vec2(2.1f, 3.8f));
      f = smin(f, tp, l5 ? 4.f : 3.f);
    }
  }
  if (!spec.sacrum) {
    glm::vec3 B = M + glm::vec3(0, 1.f, -1.f);
    glm::vec3 dir = glm::normalize(glm::vec3(0, -std::sin(rad(20.f)), -std::cos(rad(20.f))));
    glm::vec3 v = glm::normalize(glm::vec3(0, 1, 0) - dir.y * dir);
    f = smin(f, spinousField(q, B, dir, v, spec.spinousLength, l5 ? 0.85f : 1.f), 3.f);
  } else {
    f = smin(f, sacralWings(q), 5.f);
    f = smin(f, sacralArch(q), 3.f);
  }
  f = smin(f, supFacetField(q), 2.5f);
  if (hasInf) f = smin(f, infFacetField(q), 2.5f);
  if (spec.sacrum) f = std::max(f, -sacralCanal(q));
  return f;
}

// Sacral canal: triangular, base against the back of the S1 body, apex posterior, corners rounded.
float Vertebra::sacralCanal(const glm::vec3& q) const {
  float hw = spec.canalWidth * 0.5f;
  glm::vec2 p(q.x, q.z);
  float r = 3.5f;
  float tri = sdTriangle2(p, glm::vec2(-hw + r, zPost + 0.5f - r), glm::vec2(hw - r, zPost + 0.5f - r),
                          glm::vec2(0.f, zPost - spec.canalDepth - 5.f + r));
  return tri - r;
}

// Alae: wings sweeping laterally and a little posteriorly from the S1 body, with a smooth concave upper
// surface falling away laterally a few millimetres below the endplate.
float Vertebra::sacralWings(const glm::vec3& q) const {
  float f = 1e9f;
  float top0 = planeTop(0.f);
  for (int s = 0; s < 2; ++s) {
    float sx = sgn(s);
    float ang = rad(16.f); // the lateral end lies further back
    glm::vec2 c(sx * 30.f, -6.f);
    glm::vec2 d(q.x - c.x, q.z - c.y);
    glm::vec2 ax(sx * std::cos(ang), -std::sin(ang));
    glm::vec2 az(sx * std::sin(ang), std::cos(ang));
    glm::vec2 e(glm::dot(d, ax) / 23.f, glm::dot(d, az) / 13.f);
    float plan = (glm::length(e) - 1.f) * 13.f;
    float lx = std::clamp((std::fabs(q.x) - 20.f) / 32.f, 0.f, 1.f);
    float yTopAla = top0 - 2.5f - 8.f * lx + 3.5f * lx * lx + 0.1f * std::min(q.z, 0.f);
    float wing = smax(plan, q.y - yTopAla, 4.f);
    f = std::min(f, wing);
  }
  return f;
}

// Roof of the sacral canal: a triangular arch behind the canal whose upper border slopes down
// posteriorly like a lamina, with the median sacral crest along its back.
float Vertebra::sacralArch(const glm::vec3& q) const {
  float hw = spec.canalWidth * 0.5f;
  float th = 6.f;
  glm::vec2 p(q.x, q.z);
  float tri = sdTriangle2(p, glm::vec2(-hw - th, zPost + 2.f), glm::vec2(hw + th, zPost + 2.f),
                          glm::vec2(0.f, zPost - spec.canalDepth - 5.f - th * 1.6f));
  float yTopArch = planeTop(zPost) - 8.f + 0.15f * (q.z - zPost);
  float arch = smax(tri - 1.5f, q.y - yTopArch, 3.f);
  glm::vec3 crestTop(0.f, yTopArch - 2.f, zPost - spec.canalDepth - 5.f - th * 1.2f);
  float crest = sdTaperedEllipse(q, crestTop, crestTop + glm::vec3(0, -kSacrumCut, -4.f), glm::vec3(1, 0, 0),
                                 glm::vec2(2.8f, 4.f), glm::vec2(3.2f, 4.5f));
  return smin(arch, crest, 2.5f);
}

// ---------------------------------------------------------------------------------------------

Spine::Spine(const Options& opt) : opt_(opt) {
  if (opt.level == "L4-L5") treated_ = 1;
  else if (opt.level == "L5-S1") treated_ = 2;
  else throw std::runtime_error("unknown level " + opt.level + " (use L4-L5 or L5-S1)");
  if (opt.grade < 0 || opt.grade > 5) throw std::runtime_error("grade must be 0-5");

  const VertebraSpec specs[4] = {kL3, kL4, kL5, kS1};
  const DiscSpec discs[3] = {kDiscL3L4, kDiscL4L5, kDiscL5S1};
  v_.resize(4);
  for (int i = 0; i < 4; ++i) {
    Vertebra& v = v_[i];
    v.spec = specs[i];
    v.halfWedge = std::atan((v.spec.heightAnt - v.spec.heightPost) / (2.f * v.spec.depthSup));
    v.zPost = -v.spec.depthSup * 0.5f;
    v.topOutline = v.outline(v.planeTop(0.f));
    v.botOutline = v.outline(v.spec.sacrum ? v.planeTop(0.f) - kSacrumCut : v.planeBot(0.f));
    v.pedY = v.planeTop(v.zPost) - v.spec.pedicleHeight * 0.5f - 1.5f;
    float th = rad(v.spec.pedicleTransverseDeg);
    float sag = rad(kPedicleSagittalDeg);
    float len = v.spec.sacrum ? 10.f : kPedicleLength;
    for (int s = 0; s < 2; ++s) {
      float sx = sgn(s);
      v.pedDirPost[s] = glm::normalize(glm::vec3(sx * std::sin(th), std::sin(sag), -std::cos(th)));
      v.pedJunction[s] = glm::vec3(sx * (v.spec.canalWidth * 0.5f + v.spec.pedicleWidth * 0.5f / std::cos(th)),
                                   v.pedY, v.zPost - 0.5f);
      v.pedEnd[s] = v.pedJunction[s] + v.pedDirPost[s] * len;
      float a = rad(facetDeg(i));
      v.nSup[s] = glm::vec3(-sx * std::cos(a), 0.f, -std::sin(a));
      v.jointSup[s] = glm::vec3(v.pedEnd[s].x - sx * 5.f, v.planeTop(v.zPost) + 5.f, v.pedEnd[s].z - 1.f);
    }
  }
  // Frames: S1 from the sacral slope, then upward through each disc.
  {
    Vertebra& s1 = v_[3];
    float alpha = -rad(kSacralSlopeDeg) - s1.halfWedge; // anterior axis angle above horizontal
    s1.frame = Basis{glm::vec3(0.f), glm::vec3(1, 0, 0), glm::vec3(0, std::cos(alpha), -std::sin(alpha)),
                     glm::vec3(0, std::sin(alpha), std::cos(alpha))};
  }
  d_.resize(3);
  for (int i = 2; i >= 0; --i) {
    Vertebra& lo = v_[i + 1];
    Vertebra& up = v_[i];
    const DiscSpec& ds = discs[i];
    float depth = 0.5f * (lo.spec.depthSup + up.spec.depthInf);
    float hp = ds.heightPost;
    float wedge = ds.heightAnt > 0.f ? std::atan((ds.heightAnt - hp) / depth) : rad(ds.wedgeDeg);
    float alphaLo = std::atan2(lo.frame.w.y, lo.frame.w.z);
    float topAngle = alphaLo + lo.halfWedge;
    float midAngle = topAngle + wedge * 0.5f;
    glm::vec3 A = lo.frame.toWorld(glm::vec3(0, lo.planeTop(lo.zPost), lo.zPost));
    glm::vec3 n(0, std::cos(midAngle), -std::sin(midAngle));
    glm::vec3 B = A + n * hp;
    float alphaUp = topAngle + wedge + up.halfWedge;
    up.frame = Basis{glm::vec3(0.f), glm::vec3(1, 0, 0), glm::vec3(0, std::cos(alphaUp), -std::sin(alphaUp)),
                     glm::vec3(0, std::sin(alphaUp), std::cos(alphaUp))};
    float zp = -up.spec.depthInf * 0.5f;
    up.frame.o = B - up.frame.dirToWorld(glm::vec3(0, up.planeBot(zp), zp));
    Disc& d = d_[i];
    d.name = std::string(up.spec.name) + "-" + lo.spec.name;
    d.lower = i + 1;
    d.upper = i;
    d.heightPost = hp;
    d.heightAnt = ds.heightAnt > 0.f ? ds.heightAnt : hp + depth * std::tan(wedge);
  }
  // Move the origin to the centre of the L4-L5 disc (the default treated level).
  {
    glm::vec3 ct = v_[2].frame.toWorld(glm::vec3(0, v_[2].planeTop(0.f), 0));
    glm::vec3 cb = v_[1].frame.toWorld(glm::vec3(0, v_[1].planeBot(0.f), 0));
    glm::vec3 shift = -(ct + cb) * 0.5f;
    for (auto& v : v_) v.frame.o += shift;
  }
  for (auto& d : d_) {
    const Vertebra& lo = v_[d.lower];
    const Vertebra& up = v_[d.upper];
    glm::vec3 ct = lo.frame.toWorld(glm::vec3(0, lo.planeTop(0.f), 0));
    glm::vec3 cb = up.frame.toWorld(glm::vec3(0, up.planeBot(0.f), 0));
    glm::vec3 nLo = lo.frame.dirToWorld(glm::normalize(glm::vec3(0, 1, -(lo.spec.heightAnt - lo.spec.heightPost) / (2.f * lo.spec.depthSup))));
    glm::vec3 nUp = up.frame.dirToWorld(glm::normalize(glm::vec3(0, 1, (up.spec.heightAnt - up.spec.heightPost) / (2.f * up.spec.depthInf))));
    glm::vec3 v = glm::normalize(nLo + nUp);
    glm::vec3 w = lo.frame.w + up.frame.w;
    w = glm::normalize(w - glm::dot(w, v) * v);
    d.frame = Basis{(ct + cb) * 0.5f, glm::cross(v, w), v, w};
  }
  for (int d = 0; d < 3; ++d) {
    Disc& dc = d_[d];
    dc.midR.resize(kTableSize + 1);
    dc.outerR.resize(kTableSize + 1);
    dc.innerR.resize(kTableSize + 1);
    Field outer = [&, d](const glm::vec3& p) { return discOuter(d, p); };
    for (int k = 0; k <= kTableSize; ++k) {
      float psi = -kPi + 2.f * kPi * float(k) / kTableSize;
      dc.midR[k] = midRadiusExact(d, psi);
      // The real outer wall in the mid-plane (the annulus shares are fractions of its sagittal length).
      glm::vec3 dir = dc.frame.dirToWorld(glm::vec3(std::sin(psi), 0.f, std::cos(psi)));
      dc.outerR[k] = march(outer, dc.frame.o, dir, 60.f, 0.2f);
    }
    for (int k = 0; k <= kTableSize; ++k) {
      float psi = -kPi + 2.f * kPi * float(k) / kTableSize;
      dc.innerR[k] = dc.outerR[k] - annulusThickness(d, psi);
    }
  }
  // Facet joints: the inferior processes of each vertebra meet the superior processes below.
  for (int i = 0; i < 3; ++i) {
    Vertebra& up = v_[i];
    const Vertebra& lo = v_[i + 1];
    up.hasInf = true;
    for (int s = 0; s < 2; ++s) {
      glm::vec3 J = lo.frame.toWorld(lo.jointSup[s]);
      up.jointInf[s] = up.frame.toLocal(J);
      up.nInf[s] = -up.frame.dirToLocal(lo.frame.dirToWorld(lo.nSup[s]));
    }
  }
}

float Spine::boneField(int i, const glm::vec3& p) const {
  const Vertebra& v = v_[i];
  glm::vec3 q = v.frame.toLocal(p);
  float f = smin(v.bodyField(q), v.archField(q), 2.f);
  if (v.spec.sacrum) {
    // Close the model below S1 with a gently domed surface and rounded edges rather than a flat saw cut.
    float cut = v.planeBot(0.f) + 0.003f * (q.x * q.x + (q.z + 4.f) * (q.z + 4.f)) - q.y;
    f = smax(f, cut, 5.f);
  }
  // Over the endplates nothing may rise above or sink below them (the pedicle blend would otherwise
  // lift the posterior rim into the disc): the endplate surfaces are shared with the discs.
  {
    float r = std::sqrt(q.x * q.x + q.z * q.z);
    float psi = std::atan2(q.x, q.z);
    if (r < v.topOutline.radius(psi) + 2.5f) f = std::max(f, q.y - v.yTop(q.x, q.z));
    if (!v.spec.sacrum && r < v.botOutline.radius(psi) + 2.5f) f = std::max(f, v.yBot(q.x, q.z) - q.y);
  }
  // Keep clear of the neighbours' articular processes (joint space).
  if (f > 2.f) return f;
  // Only near a joint can the neighbour's articular process matter.
  auto nearJoint = [&](const Vertebra& w, const glm::vec3* joints) {
    glm::vec3 ql = w.frame.toLocal(p);
    return glm::length(ql - joints[0]) < 24.f || glm::length(ql - joints[1]) < 24.f;
  };
  if (i > 0) {
    const Vertebra& a = v_[i - 1];
    if (nearJoint(a, a.jointInf)) f = std::max(f, -(a.infFacetField(a.frame.toLocal(p)) - kGap * 0.5f));
  }
  if (i < 3) {
    const Vertebra& b = v_[i + 1];
    if (nearJoint(b, b.jointSup)) f = std::max(f, -(b.supFacetField(b.frame.toLocal(p)) - kGap * 0.5f));
  }
  return f;
}

std::vector<std::string> Spine::partNames(int i) const {
  std::string n = v_[i].spec.name;
  if (v_[i].spec.sacrum)
    return {n + ".body", n + ".pedicle.left", n + ".pedicle.right", n + ".ala.left", n + ".ala.right", n + ".posterior"};
  return {n + ".body", n + ".pedicle.left", n + ".pedicle.right", n + ".posterior"};
}

namespace {
// Region fields of the partition (local point), negative inside.
float regionField(const Vertebra& v, int k, const glm::vec3& q) {
  float zb = v.zPost - 0.5f;
  float zp = v.pedEnd[0].z + 2.5f;
  float ylo = v.pedY - v.spec.pedicleHeight * 0.5f - 3.f, yhi = v.pedY + v.spec.pedicleHeight * 0.5f + 2.f;
  // S1 body/ala boundary just outside the body's side, so neither part keeps a thin sliver of the other.
  float half = v.spec.endplateWidth * 0.5f + 1.5f;
  switch (k) {
  case 0: return v.spec.sacrum ? std::max(zb - q.z, std::fabs(q.x) - half) : zb - q.z;
  case 1: return std::max({-q.x, ylo - q.y, q.y - yhi, zp - q.z, q.z - zb});
  case 2: return std::max({q.x, ylo - q.y, q.y - yhi, zp - q.z, q.z - zb});
  case 3: return std::max(half - q.x, zp - q.z);
  case 4: return std::max(half + q.x, zp - q.z);
  default: return 1e9f;
  }
}
} // namespace

float Spine::partField(int i, int part, const glm::vec3& p, float inset) const {
  const Vertebra& v = v_[i];
  glm::vec3 q = v.frame.toLocal(p);
  int regions = v.spec.sacrum ? 5 : 3;
  float reg = -1e9f;
  for (int k = 0; k < regions && k <= part; ++k) {
    float r = regionField(v, k, q);
    // Lumbar parts overlap their neighbours (S1 keeps exact cuts: its overlapping body fails to simplify);
    // the posterior elements meet the body only through the pedicles, so they do not reach into it.
    float ov = v.spec.sacrum || (k == 0 && part == 3) ? 0.f : kPartOverlap;
    reg = std::max(reg, (k == part ? r : -r) - ov);
  }
  // Well outside the region the bone need not be evaluated: the region distance is a lower bound.
  if (reg > 1.5f) return reg;
  return std::max(boneField(i, p) + inset, reg);
}

Box Spine::vertebraBox(int i) const {
  const Vertebra& v = v_[i];
  float xr = v.spec.sacrum ? 56.f : v.pedEnd[0].x + v.spec.transverseLength + 12.f;
  glm::vec3 lo(-xr, v.planeBot(0.f) - (v.spec.sacrum ? 4.f : 26.f), v.zPost - v.spec.canalDepth - v.spec.spinousLength - 22.f);
  glm::vec3 hi(xr, v.planeTop(0.f) + 22.f, v.spec.depthSup * 0.5f + 4.f);
  Box b;
  for (int c = 0; c < 8; ++c)
    b.add(v.frame.toWorld(glm::vec3(c & 1 ? hi.x : lo.x, c & 2 ? hi.y : lo.y, c & 4 ? hi.z : lo.z)));
  return b;
}

Box Spine::partBox(int i, int part) const {
  const Vertebra& v = v_[i];
  float xr = v.spec.sacrum ? 56.f : v.pedEnd[0].x + v.spec.transverseLength + 12.f;
  glm::vec3 lo(-xr, v.planeBot(0.f) - (v.spec.sacrum ? 4.f : 26.f), v.zPost - v.spec.canalDepth - v.spec.spinousLength - 22.f);
  glm::vec3 hi(xr, v.planeTop(0.f) + 22.f, v.spec.depthSup * 0.5f + 4.f);
  float zb = v.zPost - 0.5f, zp = v.pedEnd[0].z + 2.5f;
  float ylo = v.pedY - v.spec.pedicleHeight * 0.5f - 3.f, yhi = v.pedY + v.spec.pedicleHeight * 0.5f + 2.f;
  if (part == 0) { lo.z = zb - 1.f; lo.y = std::max(lo.y, v.planeBot(0.f) - 6.f); hi.y = v.planeTop(0.f) + 6.f;
    if (v.spec.sacrum) { lo.x = -v.spec.endplateWidth * 0.5f - 4.f; hi.x = -lo.x; } }
  if (part == 1 || part == 2) {
    lo.z = zp - 1.f; hi.z = zb + 1.f; lo.y = ylo - 1.f; hi.y = yhi + 1.f;
    if (part == 1) lo.x = -1.f; else hi.x = 1.f;
  }
  if (v.spec.sacrum && (part == 3 || part == 4)) {
    lo.z = zp - 1.f;
    if (part == 3) lo.x = v.spec.endplateWidth * 0.5f - 2.f; else hi.x = -v.spec.endplateWidth * 0.5f + 2.f;
  }
  if (!v.spec.sacrum) {
    lo -= glm::vec3(kPartOverlap);
    hi += glm::vec3(kPartOverlap);
  }
  Box b;
  for (int c = 0; c < 8; ++c)
    b.add(v.frame.toWorld(glm::vec3(c & 1 ? hi.x : lo.x, c & 2 ? hi.y : lo.y, c & 4 ? hi.z : lo.z)));
  return b;
}

// ---------------------------------------------------------------------------------------------
// Discs.

glm::vec2 Spine::endplateDistances(int d, const glm::vec3& p) const {
  const Vertebra& lo = v_[d_[d].lower];
  const Vertebra& up = v_[d_[d].upper];
  glm::vec3 ql = lo.frame.toLocal(p), qu = up.frame.toLocal(p);
  return {ql.y - lo.yTop(ql.x, ql.z), up.yBot(qu.x, qu.z) - qu.y};
}

float Spine::discSpace(int d, const glm::vec3& p) const {
  const glm::vec2 e = endplateDistances(d, p);
  return std::max(-e.x, -e.y);
}

float Spine::discHeightFraction(int d, const glm::vec3& p) const {
  const glm::vec2 e = endplateDistances(d, p);
  const float dB = e.x, dT = e.y;
  float s = dB + dT;
  return s > 1e-3f ? std::clamp((dB - dT) / s, -1.f, 1.f) : 0.f;
}

DiscSample Spine::sample(int d, const glm::vec3& p) const {
  const Disc& dc = d_[d];
  const Vertebra& lo = v_[dc.lower];
  const Vertebra& up = v_[dc.upper];
  glm::vec3 ql = lo.frame.toLocal(p), qu = up.frame.toLocal(p);
  DiscSample s;
  s.q = dc.frame.toLocal(p);
  s.dB = ql.y - lo.yTop(ql.x, ql.z);
  s.dT = up.yBot(qu.x, qu.z) - qu.y;
  float h = s.dB + s.dT;
  s.t = h > 1e-3f ? std::clamp((s.dB - s.dT) / h, -1.f, 1.f) : 0.f;
  // The outer wall meets each vertebra exactly on that vertebra's endplate outline and bulges between.
  float fl = std::sqrt(ql.x * ql.x + ql.z * ql.z) - lo.topOutline.radius(std::atan2(ql.x, ql.z));
  float fu = std::sqrt(qu.x * qu.x + qu.z * qu.z) - up.botOutline.radius(std::atan2(qu.x, qu.z));
  s.side = glm::mix(fl, fu, (s.t + 1.f) * 0.5f) - kAnnulusBulge * (1.f - s.t * s.t);
  return s;
}

float Spine::discOuter(int d, const glm::vec3& p) const {
  DiscSample s = sample(d, p);
  return smax(s.side, std::max(-s.dB, -s.dT), kRimRound);
}

namespace {
float lookup(const std::vector<float>& table, float psi) {
  float u = (psi + kPi) / (2.f * kPi) * kTableSize;
  u = std::clamp(u, 0.f, float(kTableSize) - 1e-4f);
  int i = int(u);
  float f = u - float(i);
  return table[i] + (table[i + 1] - table[i]) * f;
}
} // namespace

float Spine::midRadiusExact(int d, float psi) const {
  const Vertebra& lo = v_[d_[d].lower];
  const Vertebra& up = v_[d_[d].upper];
  return 0.5f * (lo.topOutline.radius(psi) + up.botOutline.radius(psi));
}

float Spine::midRadius(int d, float psi) const { return lookup(d_[d].midR, psi); }

float Spine::outerRadius(int d, float psi) const { return lookup(d_[d].outerR, psi); }

float Spine::annulusThickness(int d, float psi) const {
  float sag = outerRadius(d, 0.f) + outerRadius(d, kPi);
  float lat = outerRadius(d, kPi * 0.5f) + outerRadius(d, -kPi * 0.5f);
  float c = std::cos(psi), c2 = c * c;
  float tl = kAnnulusLatFraction * lat;
  return c >= 0.f ? tl + (kAnnulusAntFraction * sag - tl) * c2 : tl + (kAnnulusPostFraction * sag - tl) * c2;
}

float Spine::innerRadius(int d, float psi) const { return lookup(d_[d].innerR, psi); }

float Spine::nucleusFrom(int d, const DiscSample& s) const {
  float r = std::sqrt(s.q.x * s.q.x + s.q.z * s.q.z);
  float rn = innerRadius(d, std::atan2(s.q.x, s.q.z)) * std::sqrt(1.f - 0.4f * s.t * s.t);
  return std::max(r - rn, std::max(-s.dB, -s.dT));
}

float Spine::nucleus(int d, const glm::vec3& p) const { return nucleusFrom(d, sample(d, p)); }

float Spine::annulus(int d, const glm::vec3& p) const {
  DiscSample s = sample(d, p);
  float f = std::max(smax(s.side, std::max(-s.dB, -s.dT), kRimRound), -nucleusFrom(d, s));
  if (d == treated_) {
    if (hasTear() && f < 3.f) f = std::max(f, -tearLocal(s.q, s.dB, s.dT));
    if (opt_.hiz && f < 3.f) f = std::max(f, -hizField(p));
  }
  return f;
}

Box Spine::discBox(int d) const {
  const Disc& dc = d_[d];
  const Vertebra& lo = v_[dc.lower];
  float hw = lo.spec.endplateWidth * 0.5f + 4.f, hd = lo.spec.depthSup * 0.5f + 4.f;
  Box b;
  for (int c = 0; c < 8; ++c)
    b.add(dc.frame.toWorld(glm::vec3(c & 1 ? hw : -hw, c & 2 ? 12.f : -12.f, c & 4 ? hd : -hd)));
  return b;
}

float Spine::march(const Field& f, glm::vec3 p, glm::vec3 dir, float maxDist, float step) {
  float prev = f(p);
  for (float t = step; t <= maxDist; t += step) {
    float cur = f(p + dir * t);
    if ((prev < 0.f) != (cur < 0.f)) {
      // Refine by bisection.
      float a = t - step, b = t;
      for (int k = 0; k < 30; ++k) {
        float m = 0.5f * (a + b);
        if ((f(p + dir * m) < 0.f) == (prev < 0.f)) a = m; else b = m;
      }
      return 0.5f * (a + b);
    }
    prev = cur;
  }
  return -1.f;
}

// ---------------------------------------------------------------------------------------------
// Tear. Grades (modified Dallas): 1 inner third, 2 middle third, 3 outer third under 30 deg of
// circumference, 4 outer third over 30 deg, 5 full thickness with material outside the annulus.

float Spine::tearPsi() const { return wrapAngle(-opt_.clockHours * kPi / 6.f); }

float Spine::tearLocal(const glm::vec3& q, float dB, float dT) const {
  const int g = opt_.grade;
  const int d = treated_;
  float r = std::sqrt(q.x * q.x + q.z * q.z);
  float psi = std::atan2(q.x, q.z);
  float psi0 = tearPsi();
  float dpsi = wrapAngle(psi - psi0);
  float rn = innerRadius(d, psi), ro = outerRadius(d, psi);
  float T = std::max(ro - rn, 1.f);
  float rho = (r - rn) / T;
  float tang = std::fabs(dpsi) < kPi * 0.5f ? r * std::sin(dpsi) : 1e3f;
  float halfH = 0.5f * std::max(dB + dT, 0.f);
  float h = q.y;
  auto radialCleft = [&](float rho0, float rho1, float hfrac) {
    float w = 0.75f + 0.55f * std::clamp(rho, 0.f, 1.f);
    float hh = std::max(hfrac * halfH, 0.8f);
    float tw = tang - 0.5f * std::sin(0.45f * r + 1.3f); // gentle meander
    float cross = (glm::length(glm::vec2(tw / w, h / hh)) - 1.f) * std::min(w, hh);
    float along = std::max(rho0 - rho, rho - rho1) * T;
    return std::max(cross, along);
  };
  auto arc = [&](float rhoC, float halfSpanDeg, float hfrac, float halfThick) {
    float hh = std::max(hfrac * halfH, 0.8f);
    float band = std::fabs(rho - rhoC) * T - halfThick;
    float ang = (std::fabs(dpsi) - rad(halfSpanDeg)) * r;
    float vert = (std::fabs(h) - hh);
    return std::max(band, std::max(ang, vert));
  };
  switch (opt_.tear) {
  case TearType::Radial: {
    const float ends[6] = {0.f, 0.33f, 0.66f, 0.93f, 0.93f, 1.7f};
    float f = radialCleft(-0.25f, ends[g], 0.62f);
    if (g == 4) f = smin(f, arc(0.82f, 24.f, 0.45f, 0.55f), 0.6f);
    return f;
  }
  case TearType::Circumferential: {
    const float rc[6] = {0.f, 0.2f, 0.5f, 0.8f, 0.8f, 0.8f};
    const float span[6] = {0.f, 18.f, 18.f, 13.f, 34.f, 34.f};
    float f = arc(rc[g], span[g], 0.5f, 0.55f);
    float feed = radialCleft(-0.25f, rc[g], 0.3f) + 0.25f;
    f = smin(f, feed, 0.4f);
    if (g == 5) f = smin(f, radialCleft(rc[g], 1.7f, 0.5f), 0.5f);
    return f;
  }
  case TearType::Rim: {
    const float ext[6] = {0.f, 0.33f, 0.66f, 1.f, 1.f, 1.f};
    const float span[6] = {0.f, 6.f, 6.f, 6.f, 12.f, 12.f};
    float thick = 0.5f + 0.7f * std::clamp(rho, 0.f, 1.f);
    float f = std::max(dT - thick, std::max(((1.f - ext[g]) - rho) * T, std::fabs(tang) - span[g]));
    f = std::max(f, (rho - (g == 5 ? 1.7f : 1.02f)) * T);
    return f;
  }
  }
  return 1e9f;
}

float Spine::tearField(const glm::vec3& p) const {
  if (!hasTear()) return 1e9f;
  DiscSample s = sample(treated_, p);
  return tearLocal(s.q, s.dB, s.dT);
}

float Spine::tearInDisc(const glm::vec3& p) const {
  if (!hasTear()) return 1e9f;
  DiscSample s = sample(treated_, p);
  float outer = smax(s.side, std::max(-s.dB, -s.dT), kRimRound);
  return std::max(tearLocal(s.q, s.dB, s.dT), std::max(outer, -nucleusFrom(treated_, s)));
}

float Spine::hizField(const glm::vec3& p) const {
  if (!opt_.hiz) return 1e9f;
  const Disc& dc = d_[treated_];
  float psi0 = tearPsi();
  float rn = innerRadius(treated_, psi0), ro = outerRadius(treated_, psi0);
  float r = rn + 0.8f * (ro - rn);
  glm::vec3 radial(std::sin(psi0), 0.f, std::cos(psi0));
  glm::vec3 tang(std::cos(psi0), 0.f, -std::sin(psi0));
  glm::vec3 c = radial * r + tang * 3.2f; // beside the fissure, in the outer annulus
  Basis b{dc.frame.toWorld(c), dc.frame.dirToWorld(tang), dc.frame.v, dc.frame.dirToWorld(radial)};
  return sdEllipsoid(p, b, glm::vec3(1.8f, 1.3f, 0.9f));
}

glm::vec3 Spine::tearAnchor() const {
  const Disc& dc = d_[treated_];
  float psi0 = tearPsi();
  float rn = innerRadius(treated_, psi0), ro = outerRadius(treated_, psi0);
  float rho = 0.f;
  int g = std::max(opt_.grade, 1);
  glm::vec3 radial(std::sin(psi0), 0.f, std::cos(psi0));
  if (opt_.tear == TearType::Radial) {
    const float ends[6] = {0.f, 0.33f, 0.66f, 0.93f, 0.93f, 1.7f};
    rho = std::min(0.5f, 0.5f * ends[g]);
  } else if (opt_.tear == TearType::Circumferential) {
    const float rc[6] = {0.f, 0.2f, 0.5f, 0.8f, 0.8f, 0.8f};
    rho = rc[g];
  } else {
    const float ext[6] = {0.f, 0.33f, 0.66f, 1.f, 1.f, 1.f};
    rho = 1.f - 0.4f * ext[g];
  }
  glm::vec3 p = dc.frame.toWorld(radial * (rn + rho * (ro - rn)));
  if (opt_.tear == TearType::Rim) {
    // Up along the disc normal to just under the upper endplate.
    Field dt = [&](const glm::vec3& x) { return discSpace(treated_, x); };
    float t = march(dt, p, dc.frame.v, 20.f, 0.05f);
    if (t > 0.f) p += dc.frame.v * (t - 0.35f);
  }
  return p;
}

glm::vec3 Spine::tearExit() const {
  const Disc& dc = d_[treated_];
  float psi0 = tearPsi();
  glm::vec3 radial = dc.frame.dirToWorld(glm::vec3(std::sin(psi0), 0.f, std::cos(psi0)));
  Field f = [&](const glm::vec3& x) { return discOuter(treated_, x); };
  float t = march(f, dc.frame.o, radial, 60.f, 0.1f);
  return dc.frame.o + radial * std::max(t, 0.f);
}

} // namespace spinegen
