// Vertebra geometry in its local frame: endplate outlines and surfaces, body, arch, facets,
// the sacrum. See spine.h. All lengths in millimetres.
#include <cmath>

#include "spine.h"

namespace spinegen {

namespace {

constexpr float kFacetCurve = 0.02f; // facet curvature (1/mm), SAP concave and IAP convex: UNSOURCED shape

float bowl(float rho) {
  float c = kConcaveFraction;
  if (rho >= c) return 0.f;
  float t = 1.f - (rho / c) * (rho / c);
  return t * t;
}
float lip(float rho) { return kRimLip * std::exp(-((rho - 0.86f) / 0.05f) * ((rho - 0.86f) / 0.05f)); }

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
    float down = std::max(planeTop(0.f) - y, 0.f) / kS1Segment;
    o.halfWidth *= 1.f - 0.18f * down;
    o.antDepth *= 1.f - 0.22f * down;
    o.postDepth *= 1.f - 0.1f * down;
  } else {
    float m = 2.f * t - 1.f;
    float waist = kBodyWaist * (1.f - m * m) * (1.f - m * m); // flat at the rims, where the disc meets them
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

float Vertebra::supFacetField(const glm::vec3& q) const { return std::min(supFacet(q, 0), supFacet(q, 1)); }

// Superior articular process: a plate rising from the pedicle-lamina junction, its concave facet facing
// posteromedially, with the mammillary process, a small rounded bump, on its back edge.
float Vertebra::supFacet(const glm::vec3& q, int s) const {
  const glm::vec3& J = jointSup[s];
  const glm::vec3& n = nSup[s];
  glm::vec3 dj = glm::normalize(glm::cross(glm::vec3(0, 1, 0), n));
  // The joint plane cuts the process 3.2 of its 4.5 mm half depth from the centre: a facet about 10 x 13 mm.
  Basis b{J - n * 3.2f + glm::vec3(0, -2.5f, 0), dj, glm::vec3(0, 1, 0), n};
  float lump = sdEllipsoid(q, b, glm::vec3(7.f, 9.5f, 4.5f));
  float stem = sdCapsule(q, pedEnd[s] + glm::vec3(0, 3.f, 0), b.o, 4.4f, 4.f);
  float mam = sdEllipsoid(q, Basis{b.o - dj * 6.2f + glm::vec3(0, -3.5f, 0), dj, glm::vec3(0, 1, 0), n},
                          glm::vec3(3.2f, 3.8f, 3.f));
  float x = glm::dot(q - J, dj);
  float cut = glm::dot(q - J, n) + kFacetGap * 0.5f + kFacetCurve * x * x;
  return std::max(smin(smin(lump, stem, 2.5f), mam, 2.f), cut);
}

float Vertebra::infFacetField(const glm::vec3& q) const { return std::min(infFacet(q, 0), infFacet(q, 1)); }

// Inferior articular process: a column hanging from the lower end of the pars; its convex facet faces
// anterolaterally, toward the superior process of the vertebra below.
float Vertebra::infFacet(const glm::vec3& q, int s) const {
  if (!hasInf) return 1e9f;
  const glm::vec3& J = jointInf[s];
  const glm::vec3& n = nInf[s];
  glm::vec3 dj = glm::normalize(glm::cross(glm::vec3(0, 1, 0), n));
  Basis b{J - n * 3.f + glm::vec3(0, -0.5f, 0), dj, glm::vec3(0, 1, 0), n};
  float lump = sdEllipsoid(q, b, glm::vec3(5.8f, 8.5f, 4.2f)); // an upright oval, not a bulb
  float stem = sdCapsule(q, parsBottom(s), b.o + glm::vec3(0, 2.f, 0), 4.2f, 3.9f);
  float x = glm::dot(q - J, dj);
  float cut = glm::dot(q - J, n) + kFacetGap * 0.5f - kFacetCurve * x * x;
  return std::max(smin(lump, stem, 3.f), cut);
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
// surface falling away laterally a few millimetres below the endplate. Downward each lateral mass
// narrows (the sacrum's inverted triangle) and lies further back, so the wings sweep back and down
// rather than forming a flat tray.
float Vertebra::sacralWings(const glm::vec3& q) const {
  float f = 1e9f;
  float top0 = planeTop(0.f);
  float below = std::clamp((top0 - q.y) / kS1Segment, 0.f, kSacrumCut / kS1Segment); // 0 at the endplate
  float reach = 23.f * (1.f - 0.3f * below);                       // half length of the wing
  for (int s = 0; s < 2; ++s) {
    float sx = sgn(s);
    float ang = rad(16.f); // the lateral end lies further back
    glm::vec2 c(sx * (7.f + reach), -6.f - 2.f * below);
    glm::vec2 d(q.x - c.x, q.z - c.y);
    glm::vec2 ax(sx * std::cos(ang), -std::sin(ang));
    glm::vec2 az(sx * std::sin(ang), std::cos(ang));
    glm::vec2 e(glm::dot(d, ax) / reach, glm::dot(d, az) / 13.f);
    float plan = (glm::length(e) - 1.f) * 13.f;
    float lx = std::clamp((std::fabs(q.x) - 20.f) / 32.f, 0.f, 1.f);
    float yTopAla = top0 - 2.5f - 8.f * lx + 3.5f * lx * lx + 0.1f * std::min(q.z, 0.f);
    float wing = smax(plan, q.y - yTopAla, 4.f);
    f = std::min(f, wing);
  }
  return f;
}

// The first sacral foramina of one side: from the canal's lateral corner a short tunnel runs out under
// the pedicle (the sacral intervertebral foramen) and forks into the anterior foramen, opening on the
// pelvic face beside the body, and the smaller posterior foramen, opening on the back beside the roof.
// Negative inside; the S1 root leaves through the anterior one (nerves.cpp).
float Vertebra::sacralForamen(const glm::vec3& q, int s) const {
  float sx = sgn(s);
  glm::vec3 up(0, 1, 0);
  float y = planeTop(0.f) - kForamenDepth;
  glm::vec3 inner(sx * 10.f, y + 5.f, zPost + 1.f), fork = sacralForamenFork(s);
  float tunnel = sdCapsule(q, inner, fork, 4.5f, 5.5f);
  float front = sdEllipticCapsule(q, fork, glm::vec3(sx * 29.f, y - 2.f, 16.f), up, kAntForamenHeight * 0.5f,
                                  kAntForamenWidth * 0.5f);
  float back = sdEllipticCapsule(q, glm::vec3(sx * 16.f, y + 1.f, zPost + 1.f), glm::vec3(sx * 19.f, y - 1.f, zPost - 18.f),
                                 up, kPostForamenHeight * 0.5f, kPostForamenWidth * 0.5f);
  return std::min(smin(tunnel, front, 3.f), back);
}
glm::vec3 Vertebra::sacralForamenFork(int s) const {
  return glm::vec3(sgn(s) * 23.f, planeTop(0.f) - kForamenDepth + 1.f, zPost + 4.f);
}

// The top of the median sacral crest: on the roof's midline, 2 mm under its upper border.
glm::vec3 Vertebra::sacralCrestTop() const {
  const float z = zPost - spec.canalDepth - 5.f - 6.f * 1.2f;
  return glm::vec3(0.f, planeTop(zPost) - 10.f + 0.15f * (z - zPost), z);
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
  glm::vec3 crestTop = glm::vec3(0.f, yTopArch - 2.f, sacralCrestTop().z);
  float crest = sdTaperedEllipse(q, crestTop, crestTop + glm::vec3(0, -kSacrumCut, -4.f), glm::vec3(1, 0, 0),
                                 glm::vec2(2.8f, 4.f), glm::vec2(3.2f, 4.5f));
  return smin(arch, crest, 2.5f);
}

} // namespace spinegen
