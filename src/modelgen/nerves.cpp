// Nerve paths, see nerves.h. Root and sac sizes are UNSOURCED working values (sac about 19 x 12 mm,
// root sleeve 4-4.6 mm, dorsal root ganglion about 6 mm across).
#include "nerves.h"

namespace spinegen {

float NerveTube::eval(const glm::vec3& p) const {
  float best = 1e9f;
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    glm::vec3 a = pts[i], b = pts[i + 1];
    // Quick reject: farther than the segment's length plus its radius.
    float reach = glm::length(b - a) + std::max(rx[i], ry[i]) + 2.f;
    float dc = glm::length(p - (a + b) * 0.5f) - reach;
    if (dc > best) continue;
    glm::vec3 d = glm::normalize(b - a);
    glm::vec3 across(1, 0, 0);
    if (std::fabs(glm::dot(across, d)) > 0.9f) across = glm::vec3(0, 1, 0);
    // Elliptic section with ellipsoidal ends: consecutive segments of the dense polyline overlap
    // smoothly, so the tube has no ribs.
    glm::vec3 ex = glm::normalize(across - glm::dot(across, d) * d);
    glm::vec3 ey = glm::cross(d, ex);
    float len = glm::length(b - a);
    float t = glm::dot(p - a, d);
    float tc = std::clamp(t, 0.f, len);
    float u = std::clamp(tc / std::max(len, 1e-6f), 0.f, 1.f);
    float sx = glm::mix(rx[i], rx[i + 1], u), sy = glm::mix(ry[i], ry[i + 1], u);
    glm::vec3 q = p - a - d * tc;
    float m = std::min(sx, sy);
    glm::vec3 e(glm::dot(q, ex) / sx, glm::dot(q, ey) / sy, (t - tc) / m);
    float f = (glm::length(e) - 1.f) * m;
    best = std::min(best, f);
  }
  return best;
}

Box NerveTube::box() const {
  Box b;
  for (size_t i = 0; i < pts.size(); ++i) {
    float r = std::max(rx[i], ry[i]) + 1.f;
    b.add(pts[i] - glm::vec3(r));
    b.add(pts[i] + glm::vec3(r));
  }
  return b;
}

int Nerves::rootIndex(const std::string& vertebra, int side) const {
  for (size_t i = 0; i < roots.size(); ++i)
    if (roots[i].name == "nerve.root." + vertebra + (side == 0 ? ".left" : ".right")) return int(i);
  return -1;
}

namespace {
NerveTube resample(const std::string& name, const std::vector<glm::vec3>& ctrl, const std::vector<float>& rx,
                   const std::vector<float>& ry, int per) {
  NerveTube t;
  t.name = name;
  t.pts = catmullRom(ctrl, per);
  for (size_t i = 0; i < t.pts.size(); ++i) {
    float u = float(i) / per;
    size_t k = std::min(size_t(u), ctrl.size() - 2);
    float f = u - float(k);
    float s = f * f * (3.f - 2.f * f);
    t.rx.push_back(glm::mix(rx[k], rx[k + 1], s));
    t.ry.push_back(glm::mix(ry[k], ry[k + 1], s));
  }
  return t;
}
} // namespace

Nerves buildNerves(const Spine& spine) {
  const auto& v = spine.vertebrae();
  Nerves n;
  // Dural sac through the canal centres, from a rounded, tapered top a little above the L3 superior
  // endplate (the model shows no level above) to just above the sacral cut.
  std::vector<glm::vec3> c;
  std::vector<float> rx, ry;
  auto centre = [&](int i, float y) {
    const Vertebra& w = v[i];
    return w.frame.toWorld(glm::vec3(0.f, y, w.zPost - w.spec.canalDepth * 0.5f - 0.5f));
  };
  c.push_back(centre(0, v[0].planeTop(v[0].zPost) + 7.f));
  for (int i = 0; i < 4; ++i) {
    c.push_back(centre(i, v[i].pedY + (i == 3 ? 6.f : 0.f)));
    if (i < 3) c.push_back(0.5f * (centre(i, v[i].planeBot(v[i].zPost) + 2.f) + centre(i + 1, v[i + 1].planeTop(v[i + 1].zPost) + 1.f)));
  }
  c.push_back(centre(3, v[3].planeBot(0.f) + 5.f));
  for (size_t k = 0; k < c.size(); ++k) {
    bool end = k + 1 == c.size(), top = k == 0;
    rx.push_back(end ? 7.f : top ? 6.5f : 9.5f);
    ry.push_back(end ? 5.f : top ? 4.8f : 6.f);
  }
  n.dura = resample("nerve.dura", c, rx, ry, 6);
  n.dura.nearVertebrae = {0, 1, 2, 3};

  for (int i = 0; i < 4; ++i) {
    const Vertebra& w = v[i];
    const VertebraSpec& sp = w.spec;
    for (int s = 0; s < 2; ++s) {
      float sx = s == 0 ? 1.f : -1.f;
      float top = w.planeTop(w.zPost);
      std::vector<glm::vec3> p;
      std::vector<float> r;
      p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f - 6.5f), top + 5.f, w.zPost - sp.canalDepth * 0.5f + 0.5f));
      r.push_back(1.9f);
      p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f - 3.2f), top - 3.f, w.zPost - 4.2f));
      r.push_back(2.2f);
      if (!sp.sacrum) {
        p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f + 0.5f), w.pedY - sp.pedicleHeight * 0.5f - 3.6f, w.zPost - 3.2f));
        r.push_back(2.3f);
        p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f + sp.pedicleWidth * 0.6f + 2.f),
                              w.pedY - sp.pedicleHeight * 0.5f - 6.f, w.zPost - 3.f));
        r.push_back(3.0f);
        p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f + sp.pedicleWidth + 13.f), w.planeBot(0.f) - 3.f, w.zPost + 4.f));
        r.push_back(2.6f);
        p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f + sp.pedicleWidth + 21.f), w.planeBot(0.f) - 17.f, w.zPost + 10.f));
        r.push_back(2.4f);
      } else {
        // Down the sacral canal, out under the pedicle and through the first anterior sacral foramen,
        // then down in front of the sacrum toward the sciatic nerve.
        float y = w.planeTop(0.f) - kForamenDepth;
        glm::vec3 fork = w.sacralForamenFork(s);
        p.push_back(glm::vec3(sx * (sp.canalWidth * 0.5f - 4.5f), y + 11.f, w.zPost - 4.f));
        r.push_back(2.4f);
        p.push_back(glm::vec3(sx * 13.f, y + 4.f, w.zPost));
        r.push_back(2.4f);
        p.push_back(fork + glm::vec3(0.f, -1.f, 0.f));
        r.push_back(2.5f);
        p.push_back(glm::vec3(sx * 29.f, y - 3.f, 13.f));
        r.push_back(2.6f);
        p.push_back(glm::vec3(sx * 33.f, y - 16.f, 19.f));
        r.push_back(2.6f);
      }
      for (auto& q : p) q = w.frame.toWorld(q);
      NerveTube t = resample(std::string("nerve.root.") + sp.name + (s == 0 ? ".left" : ".right"), p, r, r, 8);
      for (int k = std::max(0, i - 1); k <= std::min(3, i + 1); ++k) t.nearVertebrae.push_back(k);
      n.roots.push_back(std::move(t));
    }
  }
  return n;
}

float nerveField(const Spine& spine, const NerveTube& t, const glm::vec3& p) {
  float f = t.eval(p);
  if (f > 1.5f) return f;
  for (int k : t.nearVertebrae) {
    Box b = spine.vertebraBox(k);
    if (glm::any(glm::lessThan(p, b.lo)) || glm::any(glm::greaterThan(p, b.hi))) continue;
    f = std::max(f, -(spine.boneField(k, p) - 0.3f));
  }
  return f;
}

} // namespace spinegen
