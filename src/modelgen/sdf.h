// Signed distance primitives and blends (millimetres; negative inside). The shapes are approximate
// distances (Lipschitz close to 1), which is all the mesher needs: it finds the zero set and skips
// blocks whose value proves them empty.
#pragma once
#include <algorithm>
#include <cmath>
#include <functional>
#include <glm/glm.hpp>
#include <vector>

namespace spinegen {

using Field = std::function<float(const glm::vec3&)>;
constexpr float kPi = 3.14159265358979f;
inline float rad(float deg) { return deg * kPi / 180.f; }

// Polynomial smooth minimum (blend radius k); smax is its mirror.
inline float smin(float a, float b, float k) {
  if (k <= 0.f) return std::min(a, b);
  float h = std::clamp(0.5f + 0.5f * (b - a) / k, 0.f, 1.f);
  return glm::mix(b, a, h) - k * h * (1.f - h);
}
inline float smax(float a, float b, float k) { return -smin(-a, -b, k); }

// Rounded intersection of two distance-like values, edge radius r.
inline float roundedAnd(float a, float b, float r) {
  glm::vec2 w(a + r, b + r);
  return glm::length(glm::max(w, glm::vec2(0.f))) + std::min(std::max(w.x, w.y), 0.f) - r;
}

// Orthonormal frame: a point p maps to local (dot(p-o,u), dot(p-o,v), dot(p-o,w)).
struct Basis {
  glm::vec3 o{0.f}, u{1, 0, 0}, v{0, 1, 0}, w{0, 0, 1};
  glm::vec3 toLocal(const glm::vec3& p) const {
    glm::vec3 d = p - o;
    return {glm::dot(d, u), glm::dot(d, v), glm::dot(d, w)};
  }
  glm::vec3 toWorld(const glm::vec3& l) const { return o + l.x * u + l.y * v + l.z * w; }
  glm::vec3 dirToWorld(const glm::vec3& l) const { return l.x * u + l.y * v + l.z * w; }
  glm::vec3 dirToLocal(const glm::vec3& d) const { return {glm::dot(d, u), glm::dot(d, v), glm::dot(d, w)}; }
};

// Basis with w along `axis` and u as close as possible to `hint`.
inline Basis basisFromAxis(const glm::vec3& o, const glm::vec3& axis, const glm::vec3& hint) {
  Basis b;
  b.o = o;
  b.w = glm::normalize(axis);
  b.u = glm::normalize(hint - glm::dot(hint, b.w) * b.w);
  b.v = glm::cross(b.w, b.u);
  return b;
}

inline float sdSphere(const glm::vec3& p, const glm::vec3& c, float r) { return glm::length(p - c) - r; }

// Ellipsoid (radii r along the basis axes); the bound from Inigo Quilez's ellipsoid estimate.
inline float sdEllipsoidLocal(const glm::vec3& q, const glm::vec3& r) {
  float k0 = glm::length(q / r);
  float k1 = glm::length(q / (r * r));
  if (k1 < 1e-6f) return -std::min(r.x, std::min(r.y, r.z));
  return k0 * (k0 - 1.f) / k1;
}
inline float sdEllipsoid(const glm::vec3& p, const Basis& b, const glm::vec3& r) {
  return sdEllipsoidLocal(b.toLocal(p), r);
}

// Rounded box with half extents h and corner radius rr, in the basis b.
inline float sdRoundBox(const glm::vec3& p, const Basis& b, const glm::vec3& h, float rr) {
  glm::vec3 q = glm::abs(b.toLocal(p)) - (h - glm::vec3(rr));
  return glm::length(glm::max(q, glm::vec3(0.f))) + std::min(std::max(q.x, std::max(q.y, q.z)), 0.f) - rr;
}

// Capsule between a and b with radius tapering from ra to rb.
inline float sdCapsule(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, float ra, float rb) {
  glm::vec3 pa = p - a, ba = b - a;
  float h = std::clamp(glm::dot(pa, ba) / std::max(glm::dot(ba, ba), 1e-9f), 0.f, 1.f);
  return glm::length(pa - ba * h) - glm::mix(ra, rb, h);
}

// Capsule with an elliptic section: half sizes sx along `across`, sy along the third axis.
inline float sdEllipticCapsule(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                               const glm::vec3& across, float sx, float sy) {
  glm::vec3 ba = b - a;
  float len = glm::length(ba);
  glm::vec3 d = ba / len;
  glm::vec3 ex = glm::normalize(across - glm::dot(across, d) * d);
  glm::vec3 ey = glm::cross(d, ex);
  glm::vec3 pa = p - a;
  float t = glm::dot(pa, d);
  glm::vec3 qq = pa - d * t;
  glm::vec2 e(glm::dot(qq, ex) / sx, glm::dot(qq, ey) / sy);
  float m = std::min(sx, sy);
  float radial = (glm::length(e) - 1.f) * m;
  float along = std::max(-t, t - len);
  // Flat-ended elliptic cylinder with edges rounded by rr.
  float rr = 0.35f * m;
  float dx = radial + rr, dy = along + rr;
  return glm::length(glm::max(glm::vec2(dx, dy), glm::vec2(0.f))) + std::min(std::max(dx, dy), 0.f) - rr;
}

// Tapered capsule with an elliptic section: half sizes sa at a and sb at b (x along `across`), with
// ellipsoidal end caps. Underestimates the distance across the long half axis, which is safe for the
// mesher's block skipping.
inline float sdTaperedEllipse(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& across,
                              const glm::vec2& sa, const glm::vec2& sb) {
  glm::vec3 ba = b - a;
  float len = std::max(glm::length(ba), 1e-6f);
  glm::vec3 d = ba / len;
  glm::vec3 ex = glm::normalize(across - glm::dot(across, d) * d);
  glm::vec3 ey = glm::cross(d, ex);
  float t = glm::dot(p - a, d);
  float tc = std::clamp(t, 0.f, len);
  glm::vec2 s = glm::mix(sa, sb, tc / len);
  glm::vec3 q = p - a - d * tc;
  float m = std::min(s.x, s.y);
  glm::vec3 e(glm::dot(q, ex) / s.x, glm::dot(q, ey) / s.y, (t - tc) / m);
  return (glm::length(e) - 1.f) * m;
}

// Rounded 2D box of half size h centred at the origin, corner radius r.
inline float sdRoundRect(const glm::vec2& p, const glm::vec2& h, float r) {
  glm::vec2 q = glm::abs(p) - h + glm::vec2(r);
  return glm::length(glm::max(q, glm::vec2(0.f))) + std::min(std::max(q.x, q.y), 0.f) - r;
}

// Triangle a, b, c in 2D (exact distance; negative inside).
inline float sdTriangle2(const glm::vec2& p, const glm::vec2& a, const glm::vec2& b, const glm::vec2& c) {
  auto seg = [&](const glm::vec2& u, const glm::vec2& v) {
    glm::vec2 pu = p - u, vu = v - u;
    float h = std::clamp(glm::dot(pu, vu) / glm::dot(vu, vu), 0.f, 1.f);
    return glm::length(pu - vu * h);
  };
  float d = std::min(seg(a, b), std::min(seg(b, c), seg(c, a)));
  auto side = [&](const glm::vec2& u, const glm::vec2& v) { return (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x); };
  float s1 = side(a, b), s2 = side(b, c), s3 = side(c, a);
  bool in = (s1 >= 0.f && s2 >= 0.f && s3 >= 0.f) || (s1 <= 0.f && s2 <= 0.f && s3 <= 0.f);
  return in ? -d : d;
}

// Distance to a polyline tube with per-point radius (used for nerves and the dural sac).
struct Tube {
  std::vector<glm::vec3> pts;
  std::vector<float> radius;
  float eval(const glm::vec3& p) const {
    float best = 1e9f;
    for (size_t i = 0; i + 1 < pts.size(); ++i)
      best = std::min(best, sdCapsule(p, pts[i], pts[i + 1], radius[i], radius[i + 1]));
    return best;
  }
};

// Catmull-Rom resampling of control points into a dense polyline (deterministic, uniform parameter).
inline std::vector<glm::vec3> catmullRom(const std::vector<glm::vec3>& c, int perSegment) {
  std::vector<glm::vec3> out;
  for (size_t i = 0; i + 1 < c.size(); ++i) {
    glm::vec3 p0 = c[i == 0 ? 0 : i - 1], p1 = c[i], p2 = c[i + 1], p3 = c[std::min(i + 2, c.size() - 1)];
    for (int s = 0; s < perSegment; ++s) {
      float t = float(s) / perSegment, t2 = t * t, t3 = t2 * t;
      out.push_back(0.5f * ((2.f * p1) + (-p0 + p2) * t + (2.f * p0 - 5.f * p1 + 4.f * p2 - p3) * t2 +
                            (-p0 + 3.f * p1 - 3.f * p2 + p3) * t3));
    }
  }
  out.push_back(c.back());
  return out;
}

} // namespace spinegen
