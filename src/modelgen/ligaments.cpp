// Ligaments, see ligaments.h. Sizes name their sources; UNSOURCED values are listed in
// models/README.md.
#include "ligaments.h"

#include <cmath>
#include <cstdio>

namespace spinegen {

namespace {

// Ligamentum flavum thickness, right side, MRI of 350 adults: L3-L4 3.38, L4-L5 3.71, L5-S1 3.64
// mm. Khasawneh, Abu El-Rub, Allouh 2023, Folia Morphol 82(1):72, doi 10.5603/FM.a2021.0120.
constexpr float kFlavumThickness[3] = {3.38f, 3.71f, 3.64f};
// Posterior longitudinal ligament width over the upper disc margin (its narrow central band) and at
// the disc's mid-height (its fan): L3-4 7.9 / 29.9, L4-5 7.0 / 31.0, L5-S1 4.8 / 32.5 mm, 14
// cadavers. Lee et al. 2018, J Korean Neurosurg Soc 61(1):89, doi 10.3340/jkns.2017.0257.
constexpr float kPllBand[3] = {7.9f, 7.0f, 4.8f};
constexpr float kPllFan[3] = {29.9f, 31.0f, 32.5f};
// UNSOURCED working values: PLL thickness 1.2, ALL thickness 1.5 and width 75% of the endplate
// width (both 40% thinner at their edges), interspinous ligament 3 mm thick, supraspinous ligament
// 5 mm across, facet capsule 1.5 mm thick reaching 7.5 x 9 x 5 mm (half sizes) around the joint
// centre.
constexpr float kPllThickness = 1.2f;
constexpr float kAllThickness = 1.5f;
constexpr float kAllWidthShare = 0.75f;
constexpr float kInterspinousHalf = 1.5f;
constexpr float kSupraspinousRadius = 2.5f;
constexpr float kCapsuleThickness = 1.5f;

// Keeps a ligament out of the bones it joins (it ends on their surfaces).
float carved(const Spine& spine, float f, const glm::vec3& p, int upper, int lower) {
  if (f > 1.f) return f;
  f = std::max(f, -(spine.boneField(upper, p) - 0.05f));
  return std::max(f, -(spine.boneField(lower, p) - 0.05f));
}

Box boxAround(const std::vector<glm::vec3>& points, float pad) {
  Box b;
  for (const glm::vec3& p : points) b.add(p);
  b.pad(pad);
  return b;
}

float bodyAt(const Vertebra& v, const glm::vec3& p) {
  return v.bodyField(v.frame.toLocal(p));
}

// A longitudinal ligament's band: its inner face on the surface u, `thickness` on its middle line
// and 40% thinner at its edges (|x| = half), where it blends into the periosteum; `region` bounds
// it.
float bandField(float u, float absX, float half, float thickness, float region, float edgeRadius) {
  float edge = std::clamp(absX / half, 0.f, 1.f);
  float t = thickness * (1.f - 0.4f * edge * edge);
  return roundedAnd(std::max(u - t, -u), region, edgeRadius);
}

// Where the flavum runs in the sagittal plane: from the front of the upper lamina's lower half to
// the upper border of the lower lamina (for S1, the roof of the sacral canal).
struct FlavumLine {
  glm::vec3 top, bottom, back;  // back: unit normal toward the skin
};
FlavumLine flavumLine(const Vertebra& up, const Vertebra& lo) {
  FlavumLine l;
  const float yu = up.pedY - 8.f;
  l.top = up.frame.toWorld(glm::vec3(0.f, yu, up.laminaFront(0.f, yu)));
  if (lo.spec.sacrum) {
    const float z = lo.zPost - lo.spec.canalDepth - 4.f;
    l.bottom =
        lo.frame.toWorld(glm::vec3(0.f, lo.planeTop(lo.zPost) - 9.f + 0.15f * (z - lo.zPost), z));
  } else {
    const float yl = lo.pedY + 2.f;
    l.bottom = lo.frame.toWorld(glm::vec3(0.f, yl, lo.laminaFront(0.f, yl)));
  }
  const glm::vec3 along = glm::normalize(l.bottom - l.top);
  l.back = glm::normalize(glm::cross(glm::vec3(1, 0, 0), along));
  if (glm::dot(l.back, lo.frame.w) > 0.f) l.back = -l.back;
  return l;
}

std::string mm(float v) {
  char b[16];
  std::snprintf(b, sizeof b, "%.2f", double(v));
  return b;
}

}  // namespace

std::vector<Ligament> buildLigaments(const Spine& spine) {
  std::vector<Ligament> out;
  const auto& vs = spine.vertebrae();
  for (int d = 0; d < 3; ++d) {
    const Disc& disc = spine.discs()[size_t(d)];
    const int ui = disc.upper, li = disc.lower;
    const Vertebra &up = vs[size_t(ui)], &lo = vs[size_t(li)];
    const std::string lvl = disc.name;
    // Each longitudinal ligament segment reaches from mid-body above to mid-body below (1 mm past,
    // so neighbouring segments cross inside each other); the top one runs up to L3's superior rim.
    const float reachUp = glm::dot(up.frame.o - disc.frame.o, disc.frame.v) +
                          (d == 0 ? 0.5f * up.spec.heightAnt - 1.f : 1.f);
    const float reachDown =
        glm::dot(disc.frame.o - lo.frame.o, disc.frame.v) + (lo.spec.sacrum ? 8.f : 1.f);
    const float depth = 0.5f * lo.spec.depthSup + 6.f;
    // The bodies and the disc as one smooth surface: the bands bridge the grooves at the rims.
    auto surface = [&, d](const glm::vec3& p) {
      return smin(smin(bodyAt(up, p), bodyAt(lo, p), 3.f), spine.discOuter(d, p), 3.f);
    };
    auto discFrameBox = [&](float z0, float z1, float halfWidth) {
      std::vector<glm::vec3> corners;
      for (int c = 0; c < 8; ++c)
        corners.push_back(disc.frame.toWorld(glm::vec3(
            c & 1 ? halfWidth : -halfWidth, c & 2 ? reachUp : -reachDown, c & 4 ? z1 : z0)));
      return boxAround(corners, 2.f);
    };

    {  // Anterior longitudinal ligament: a band on the front of the bodies and the disc.
      const float half = 0.5f * kAllWidthShare * lo.spec.endplateWidth;
      Ligament l{"ligament.anterior_longitudinal." + lvl,
                 lvl,
                 lvl + " anterior longitudinal ligament",
                 "A strong flat band along the front of the vertebrae and discs.",
                 "Anterior longitudinal ligament: broad band on the anterior bodies and annulus; "
                 "it resists "
                 "extension. Its width and thickness here are working values.",
                 "ligament",
                 nullptr,
                 discFrameBox(0.f, depth, half + 2.f),
                 MeshOptions{0.4f, 2500, 0.12f}};
      l.field = [&disc, surface, half, reachUp, reachDown](const glm::vec3& p) {
        glm::vec3 q = disc.frame.toLocal(p);
        float region =
            std::max({std::fabs(q.x) - half, 4.f - q.z, q.y - reachUp, -reachDown - q.y});
        if (region > 3.f) return region;
        return bandField(surface(p), std::fabs(q.x), half, kAllThickness, region, 0.5f);
      };
      out.push_back(std::move(l));
    }
    {  // Posterior longitudinal ligament: a narrow band on the back of the bodies, fanning over the
       // disc.
      const float band = kPllBand[d], fan = kPllFan[d];
      const float discHalf = 0.5f * 0.5f * (disc.heightAnt + disc.heightPost) + 2.f;
      Ligament l{"ligament.posterior_longitudinal." + lvl,
                 lvl,
                 lvl + " posterior longitudinal ligament",
                 "A thin band inside the spinal canal on the back of the vertebrae and discs, in "
                 "front of the nerves.",
                 "Posterior longitudinal ligament: narrow over the bodies, fanning out over the "
                 "disc (widths from "
                 "Lee et al. 2018, 14 cadavers).",
                 "ligament",
                 nullptr,
                 discFrameBox(-depth, 0.f, 0.5f * fan + 2.f),
                 MeshOptions{0.35f, 1600, 0.15f}};
      l.field = [&disc, surface, band, fan, discHalf, reachUp, reachDown](const glm::vec3& p) {
        glm::vec3 q = disc.frame.toLocal(p);
        float over = std::exp(-(q.y / discHalf) * (q.y / discHalf));
        float half = 0.5f * glm::mix(band, fan, over);
        float region =
            std::max({std::fabs(q.x) - half, q.z + 4.f, q.y - reachUp, -reachDown - q.y});
        if (region > 3.f) return region;
        return bandField(surface(p), std::fabs(q.x), half, kPllThickness, region, 0.3f);
      };
      out.push_back(std::move(l));
    }
    const FlavumLine line = flavumLine(up, lo);
    const float thick = kFlavumThickness[d];
    const float halfWidth = 0.5f * lo.spec.canalWidth + 1.f;
    {  // Ligamentum flavum: the yellow sheet that closes the interlaminar window, lining the canal.
      const glm::vec3 along = glm::normalize(line.bottom - line.top);
      const float len = glm::length(line.bottom - line.top);
      std::vector<glm::vec3> pts;
      for (float sx : {-halfWidth, halfWidth})
        for (const glm::vec3& e : {line.top - along * 4.f, line.bottom + along * 4.f})
          for (float t : {0.f, thick}) pts.push_back(e + line.back * t + glm::vec3(sx, 0.f, 0.f));
      Ligament l{"ligament.flavum." + lvl,
                 lvl,
                 lvl + " ligamentum flavum",
                 "A thick, stretchy yellow sheet that closes the gap between two vertebrae at the "
                 "back of the canal.",
                 "Ligamentum flavum, " + mm(thick) +
                     " mm thick (Khasawneh et al. 2023, MRI, n=350); it spans the interlaminar "
                     "window, and an "
                     "interlaminar approach or a TLIF passes or removes it.",
                 "ligament.flavum",
                 nullptr,
                 boxAround(pts, 2.f),
                 MeshOptions{0.45f, 700, 0.15f}};
      l.field = [&spine, line, along, len, thick, halfWidth, ui, li](const glm::vec3& p) {
        glm::vec3 r = p - line.top;
        float s = glm::dot(r, along), t = glm::dot(r, line.back);
        float f = std::max({-s - 4.f, s - len - 4.f, -t, t - thick, std::fabs(p.x) - halfWidth});
        return carved(spine, f, p, ui, li);
      };
      out.push_back(std::move(l));
    }
    const glm::vec3 tipUp = up.frame.toWorld(up.spinousTip()),
                    tipLo = lo.frame.toWorld(lo.spinousTip());
    {  // Interspinous ligament: a thin sagittal sheet between the spinous processes.
      const glm::vec3 a = line.top + line.back * thick, b = line.bottom + line.back * thick;
      Ligament l{
          "ligament.interspinous." + lvl,
          lvl,
          lvl + " interspinous ligament",
          "A thin sheet joining two neighbouring bumps of the spine.",
          "Interspinous ligament between the spinous processes, from the ligamentum flavum to the "
          "supraspinous ligament.",
          "ligament",
          nullptr,
          boxAround({a, b, tipUp, tipLo}, kInterspinousHalf + 4.f),
          MeshOptions{0.45f, 400, 0.15f}};
      const glm::vec2 A(a.y, a.z), B(b.y, b.z), C(tipLo.y, tipLo.z), D(tipUp.y, tipUp.z);
      l.field = [&spine, A, B, C, D, ui, li](const glm::vec3& p) {
        glm::vec2 q(p.y, p.z);
        float quad = std::min(sdTriangle2(q, A, B, C), sdTriangle2(q, A, C, D));
        return carved(spine, std::max(std::fabs(p.x) - kInterspinousHalf, quad), p, ui, li);
      };
      out.push_back(std::move(l));
    }
    {  // Supraspinous ligament: a cord over the tips of the spinous processes.
      const glm::vec3 a = tipUp - up.frame.w * 2.f, b = tipLo - lo.frame.w * 2.f;
      Ligament l{"ligament.supraspinous." + lvl,
                 lvl,
                 lvl + " supraspinous ligament",
                 "A cord running over the tips of the bumps of the spine, just under the skin.",
                 "Supraspinous ligament joining the tips of the spinous processes.",
                 "ligament",
                 nullptr,
                 boxAround({a, b}, kSupraspinousRadius + 3.f),
                 MeshOptions{0.45f, 300, 0.15f}};
      l.field = [&spine, a, b, ui, li](const glm::vec3& p) {
        return carved(spine, sdCapsule(p, a, b, kSupraspinousRadius, kSupraspinousRadius), p, ui,
                      li);
      };
      out.push_back(std::move(l));
    }
    for (int s = 0; s < 2; ++s) {  // Facet joint capsules: a cuff around each joint's margins.
      const glm::vec3 joint = lo.frame.toWorld(lo.jointSup[s]);
      const glm::vec3 n = lo.frame.dirToWorld(lo.nSup[s]);
      const glm::vec3 across = glm::normalize(glm::cross(lo.frame.v, n));
      const Basis basis{joint, across, glm::normalize(glm::cross(n, across)), n};
      const std::string side = s == 0 ? "left" : "right";
      Ligament l{
          "ligament.capsule." + lvl + "." + side,
          lvl,
          lvl + " facet joint capsule (" + side + ")",
          "The sleeve that closes a small joint at the back of the spine and holds its fluid.",
          "Facet joint capsule around the " + lvl +
              " zygapophyseal joint, attached at the margins of the "
              "articular facets.",
          "ligament",
          nullptr,
          boxAround({joint}, 13.f),
          MeshOptions{0.45f, 450, 0.15f}};
      l.field = [&spine, basis, ui, li](const glm::vec3& p) {
        float e = sdEllipsoid(p, basis, glm::vec3(7.5f, 9.f, 5.f));
        return carved(spine, std::max(e, -(e + kCapsuleThickness)), p, ui, li);
      };
      out.push_back(std::move(l));
    }
  }
  return out;
}

}  // namespace spinegen
