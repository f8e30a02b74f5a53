// See shape_compare.h.
#include "shape_compare.h"

#include <stb_image_write.h>
#include <algorithm>
#include <cmath>
#include <glm/gtc/quaternion.hpp>
#include <map>
#include <random>

namespace modeltest {

using glm::dvec3;

void Soup::add(const Prim& p, double scale) {
  const uint32_t base = uint32_t(pos.size());
  for (const dvec3& x : p.pos) pos.push_back(x * scale);
  for (uint32_t i : p.idx) idx.push_back(base + i);
}

dvec3 Soup::centroid() const {
  dvec3 sum(0.0);
  double area = 0.0;
  for (size_t t = 0; t + 2 < idx.size(); t += 3) {
    const dvec3 &a = pos[idx[t]], &b = pos[idx[t + 1]], &c = pos[idx[t + 2]];
    const double w = 0.5 * glm::length(glm::cross(b - a, c - a));
    sum += w * (a + b + c) / 3.0;
    area += w;
  }
  return area > 0.0 ? sum / area : dvec3(0.0);
}

double Soup::area() const {
  double total = 0.0;
  for (size_t t = 0; t + 2 < idx.size(); t += 3)
    total +=
        0.5 * glm::length(glm::cross(pos[idx[t + 1]] - pos[idx[t]], pos[idx[t + 2]] - pos[idx[t]]));
  return total;
}

std::vector<dvec3> sampleSurface(const Soup& s, size_t count, unsigned seed) {
  std::vector<double> cumulative;
  double total = 0.0;
  for (size_t t = 0; t + 2 < s.idx.size(); t += 3) {
    const dvec3 &a = s.pos[s.idx[t]], &b = s.pos[s.idx[t + 1]], &c = s.pos[s.idx[t + 2]];
    total += 0.5 * glm::length(glm::cross(b - a, c - a));
    cumulative.push_back(total);
  }
  std::vector<dvec3> out;
  if (cumulative.empty() || total <= 0.0) return out;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (size_t i = 0; i < count; ++i) {
    const size_t t =
        size_t(std::lower_bound(cumulative.begin(), cumulative.end(), unit(rng) * total) -
               cumulative.begin());
    const size_t k = std::min(t, cumulative.size() - 1) * 3;
    double u = unit(rng), v = unit(rng);
    if (u + v > 1.0) u = 1.0 - u, v = 1.0 - v;
    const dvec3 &a = s.pos[s.idx[k]], &b = s.pos[s.idx[k + 1]], &c = s.pos[s.idx[k + 2]];
    out.push_back(a + u * (b - a) + v * (c - a));
  }
  return out;
}

namespace {

// Nearest points by a uniform grid of buckets, searched ring by ring.
class PointGrid {
 public:
  PointGrid(const std::vector<dvec3>& pts, double cell) : pts_(pts), cell_(cell) {
    for (size_t i = 0; i < pts.size(); ++i) buckets_[key(pts[i])].push_back(i);
  }
  // Index of the nearest point and its distance.
  std::pair<size_t, double> closest(const dvec3& p) const {
    const glm::ivec3 c = key(p);
    double best = 1e30;
    size_t index = 0;
    for (int r = 0; r < 64; ++r) {
      if (best < 1e29 && (r - 1) * cell_ > std::sqrt(best)) break;
      for (int x = -r; x <= r; ++x)
        for (int y = -r; y <= r; ++y)
          for (int z = -r; z <= r; ++z) {
            if (std::max({std::abs(x), std::abs(y), std::abs(z)}) != r)
              continue;  // the ring's shell only
            auto it = buckets_.find(c + glm::ivec3(x, y, z));
            if (it == buckets_.end()) continue;
            for (size_t i : it->second) {
              const double d = glm::dot(pts_[i] - p, pts_[i] - p);
              if (d < best) best = d, index = i;
            }
          }
    }
    return {index, std::sqrt(best)};
  }
  double nearest(const dvec3& p) const { return closest(p).second; }

 private:
  struct Less {
    bool operator()(const glm::ivec3& a, const glm::ivec3& b) const {
      return a.x != b.x ? a.x < b.x : a.y != b.y ? a.y < b.y : a.z < b.z;
    }
  };
  glm::ivec3 key(const dvec3& p) const { return glm::ivec3(glm::floor(p / cell_)); }
  const std::vector<dvec3>& pts_;
  double cell_;
  std::map<glm::ivec3, std::vector<size_t>, Less> buckets_;
};

// Eigen decomposition of a symmetric n x n matrix (n <= 4) by Jacobi rotations; eigenvectors in the
// columns of v, sorted by eigenvalue, largest first.
void symmetricEigen(int n, double a[4][4], double values[4], double v[4][4]) {
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) v[i][j] = i == j ? 1.0 : 0.0;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0.0;
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) off += a[i][j] * a[i][j];
    if (off < 1e-22) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        if (std::fabs(a[p][q]) < 1e-30) continue;
        const double theta = 0.5 * (a[q][q] - a[p][p]) / a[p][q];
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (int k = 0; k < n; ++k) {
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; ++k) {
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; ++k) {
          const double vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  int order[4] = {0, 1, 2, 3};
  std::sort(order, order + n, [&](int x, int y) { return a[x][x] > a[y][y]; });
  double sorted[4][4];
  for (int c = 0; c < n; ++c) {
    values[c] = a[order[c]][order[c]];
    for (int r = 0; r < n; ++r) sorted[r][c] = v[r][order[c]];
  }
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) v[r][c] = sorted[r][c];
}

dvec3 mean(const std::vector<dvec3>& p) {
  dvec3 m(0.0);
  for (const dvec3& x : p) m += x;
  return m / double(std::max<size_t>(p.size(), 1));
}

// Principal axes as the columns of a rotation-free frame (largest spread first).
glm::dmat3 principalAxes(const std::vector<dvec3>& p, double* spread) {
  const dvec3 m = mean(p);
  double c[4][4] = {};
  for (const dvec3& x : p)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) c[i][j] += (x[i] - m[i]) * (x[j] - m[j]);
  double values[4], v[4][4];
  symmetricEigen(3, c, values, v);
  *spread = values[0] + values[1] + values[2];
  glm::dmat3 e;
  for (int col = 0; col < 3; ++col) e[col] = dvec3(v[0][col], v[1][col], v[2][col]);
  return e;
}

// Horn's closed-form similarity from matched pairs a[i] -> b[i].
Similarity fitPairs(const std::vector<dvec3>& a, const std::vector<dvec3>& b) {
  const dvec3 ma = mean(a), mb = mean(b);
  double s[3][3] = {};
  double aa = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    const dvec3 p = a[i] - ma, q = b[i] - mb;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) s[r][c] += p[r] * q[c];
    aa += glm::dot(p, p);
  }
  const double xx = s[0][0], xy = s[0][1], xz = s[0][2], yx = s[1][0], yy = s[1][1], yz = s[1][2],
               zx = s[2][0], zy = s[2][1], zz = s[2][2];
  double n[4][4] = {{xx + yy + zz, yz - zy, zx - xz, xy - yx},
                    {yz - zy, xx - yy - zz, xy + yx, zx + xz},
                    {zx - xz, xy + yx, -xx + yy - zz, yz + zy},
                    {xy - yx, zx + xz, yz + zy, -xx - yy + zz}};
  double values[4], v[4][4];
  symmetricEigen(4, n, values, v);
  Similarity t;
  t.rotation = glm::mat3_cast(glm::normalize(glm::dquat(v[0][0], v[1][0], v[2][0], v[3][0])));
  double ba = 0.0;
  for (size_t i = 0; i < a.size(); ++i) ba += glm::dot(b[i] - mb, t.rotation * (a[i] - ma));
  t.scale = aa > 0.0 ? ba / aa : 1.0;
  t.offset = mb - t.scale * (t.rotation * ma);
  return t;
}

// Mean closest-point distance both ways, so that shrinking the moving shape inside the fixed one
// does not look like a better fit.
double symmetricMean(const std::vector<dvec3>& moved, const PointGrid& fixedGrid,
                     const std::vector<dvec3>& fixed) {
  PointGrid movedGrid(moved, 3.0);
  double sum = 0.0;
  for (const dvec3& p : moved) sum += fixedGrid.nearest(p);
  for (const dvec3& p : fixed) sum += movedGrid.nearest(p);
  return sum / double(std::max<size_t>(moved.size() + fixed.size(), 1));
}

std::vector<dvec3> applied(const Similarity& t, const std::vector<dvec3>& p) {
  std::vector<dvec3> out;
  for (const dvec3& x : p) out.push_back(t.apply(x));
  return out;
}

}  // namespace

namespace {
// Iterative closest points with pairs both ways (each moved point to its nearest fixed one and each
// fixed point to its nearest moved one); the farthest tenth is left out, so parts that one shape
// has and the other lacks do not pull.
Similarity refine(Similarity t, const std::vector<dvec3>& moving, const std::vector<dvec3>& fixed,
                  const PointGrid& grid, int iterations) {
  for (int iteration = 0; iteration < iterations; ++iteration) {
    const std::vector<dvec3> moved = applied(t, moving);
    PointGrid movedGrid(moved, 3.0);
    std::vector<std::pair<double, std::pair<dvec3, dvec3>>> pairs;
    for (size_t i = 0; i < moving.size(); ++i) {
      const auto [j, d] = grid.closest(moved[i]);
      pairs.push_back({d, {moving[i], fixed[j]}});
    }
    for (size_t j = 0; j < fixed.size(); ++j) {
      const auto [i, d] = movedGrid.closest(fixed[j]);
      pairs.push_back({d, {moving[i], fixed[j]}});
    }
    std::sort(pairs.begin(), pairs.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<dvec3> a, b;
    for (size_t k = 0; k < pairs.size() * 9 / 10; ++k) {
      a.push_back(pairs[k].second.first);
      b.push_back(pairs[k].second.second);
    }
    t = fitPairs(a, b);
  }
  return t;
}

std::vector<dvec3> everyNth(const std::vector<dvec3>& p, size_t n) {
  std::vector<dvec3> out;
  for (size_t i = 0; i < p.size(); i += n) out.push_back(p[i]);
  return out;
}
}  // namespace

Similarity alignSimilar(const std::vector<dvec3>& moving, const std::vector<dvec3>& fixed) {
  double spreadA = 0.0, spreadB = 0.0;
  const glm::dmat3 ea = principalAxes(moving, &spreadA), eb = principalAxes(fixed, &spreadB);
  const dvec3 ma = mean(moving), mb = mean(fixed);
  // Each of the 24 proper pairings of the two shapes' principal axes (any order, any signs: axes of
  // similar spread can swap between two vertebrae) is tried briefly on a quarter of the points; the
  // best is then refined on all of them.
  const std::vector<dvec3> fewMoving = everyNth(moving, 4), fewFixed = everyNth(fixed, 4);
  const PointGrid fewGrid(fewFixed, 3.0), grid(fixed, 3.0);
  Similarity best;
  double bestScore = 1e30;
  const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (const auto& perm : perms)
    for (int signs = 0; signs < 8; ++signs) {
      glm::dmat3 pick(0.0);
      for (int c = 0; c < 3; ++c) pick[c][perm[c]] = signs & (1 << c) ? -1.0 : 1.0;
      const glm::dmat3 r = eb * pick * glm::transpose(ea);
      if (glm::determinant(r) < 0.0) continue;
      Similarity t;
      t.rotation = r;
      t.scale = std::sqrt(spreadB / std::max(spreadA, 1e-12));
      t.offset = mb - t.scale * (r * ma);
      t = refine(t, fewMoving, fewFixed, fewGrid, 12);
      const double score = symmetricMean(applied(t, fewMoving), fewGrid, fewFixed);
      if (score < bestScore) bestScore = score, best = t;
    }
  return refine(best, moving, fixed, grid, 30);
}

Distances surfaceDistances(const std::vector<dvec3>& a, const std::vector<dvec3>& b) {
  PointGrid ga(a, 3.0), gb(b, 3.0);
  std::vector<double> d;
  for (const dvec3& p : a) d.push_back(gb.nearest(p));
  for (const dvec3& p : b) d.push_back(ga.nearest(p));
  std::sort(d.begin(), d.end());
  Distances out;
  for (double x : d) out.mean += x;
  out.mean /= double(std::max<size_t>(d.size(), 1));
  out.p95 = d.empty() ? 0.0 : d[d.size() * 95 / 100];
  return out;
}

namespace {
// Screen axes for a view along `axis` with `up` upward.
void screenAxes(const dvec3& axis, const dvec3& up, dvec3& right, dvec3& top) {
  const dvec3 w = glm::normalize(axis);
  right = glm::normalize(glm::cross(up, w));
  top = glm::cross(w, right);
}

// Calls cover(x, y) for each cell centre of a grid (origin, cell) inside the 2D triangle.
template <typename Cover>
void rasterize(const glm::dvec2& a, const glm::dvec2& b, const glm::dvec2& c,
               const glm::dvec2& origin, double cell, int nx, int ny, Cover&& cover) {
  const glm::dvec2 lo = glm::min(a, glm::min(b, c)), hi = glm::max(a, glm::max(b, c));
  const int x0 = std::max(0, int((lo.x - origin.x) / cell)),
            x1 = std::min(nx - 1, int((hi.x - origin.x) / cell) + 1);
  const int y0 = std::max(0, int((lo.y - origin.y) / cell)),
            y1 = std::min(ny - 1, int((hi.y - origin.y) / cell) + 1);
  auto edge = [](const glm::dvec2& p, const glm::dvec2& q, const glm::dvec2& r) {
    return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  };
  const double area = edge(a, b, c);
  if (std::fabs(area) < 1e-12) return;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const glm::dvec2 p = origin + cell * glm::dvec2(x + 0.5, y + 0.5);
      const double w0 = edge(b, c, p) / area, w1 = edge(c, a, p) / area, w2 = edge(a, b, p) / area;
      if (w0 >= 0.0 && w1 >= 0.0 && w2 >= 0.0) cover(x, y, w0, w1, w2);
    }
}
}  // namespace

double silhouetteOverlap(const Soup& a, const Soup& b, const dvec3& axis, const dvec3& up,
                         double cell) {
  dvec3 right, top;
  screenAxes(axis, up, right, top);
  auto project = [&](const dvec3& p) { return glm::dvec2(glm::dot(p, right), glm::dot(p, top)); };
  glm::dvec2 lo(1e30), hi(-1e30);
  for (const Soup* s : {&a, &b})
    for (const dvec3& p : s->pos) {
      lo = glm::min(lo, project(p));
      hi = glm::max(hi, project(p));
    }
  const int nx = int((hi.x - lo.x) / cell) + 2, ny = int((hi.y - lo.y) / cell) + 2;
  std::vector<unsigned char> mask(size_t(nx) * size_t(ny), 0);
  unsigned char bit = 1;
  for (const Soup* s : {&a, &b}) {
    for (size_t t = 0; t + 2 < s->idx.size(); t += 3)
      rasterize(project(s->pos[s->idx[t]]), project(s->pos[s->idx[t + 1]]),
                project(s->pos[s->idx[t + 2]]), lo, cell, nx, ny,
                [&](int x, int y, double, double, double) {
                  mask[size_t(y) * size_t(nx) + size_t(x)] |= bit;
                });
    bit = 2;
  }
  size_t both = 0, either = 0;
  for (unsigned char m : mask) both += m == 3, either += m != 0;
  return either ? double(both) / double(either) : 0.0;
}

Canvas::Canvas(int w, int h) : width(w), height(h), rgb(size_t(w) * size_t(h) * 3, 40) {}

void Canvas::draw(const Soup& s, const dvec3& centre, const dvec3& axis, const dvec3& up,
                  double extent, int x0, int y0, int size) {
  dvec3 right, top;
  screenAxes(axis, up, right, top);
  const dvec3 toward = -glm::normalize(axis);  // from the picture toward the viewer
  const double cell = extent / size;
  const glm::dvec2 origin(-0.5 * extent, -0.5 * extent);
  std::vector<double> depth(size_t(size) * size_t(size), -1e30);
  auto project = [&](const dvec3& p) {
    return glm::dvec2(glm::dot(p - centre, right), glm::dot(p - centre, top));
  };
  for (size_t t = 0; t + 2 < s.idx.size(); t += 3) {
    const dvec3 &a = s.pos[s.idx[t]], &b = s.pos[s.idx[t + 1]], &c = s.pos[s.idx[t + 2]];
    const dvec3 n = glm::normalize(glm::cross(b - a, c - a));
    const double shade = 0.25 + 0.75 * std::fabs(glm::dot(n, toward));
    const double da = glm::dot(a - centre, toward), db = glm::dot(b - centre, toward),
                 dc = glm::dot(c - centre, toward);
    rasterize(project(a), project(b), project(c), origin, cell, size, size,
              [&](int x, int y, double w0, double w1, double w2) {
                const double d = w0 * da + w1 * db + w2 * dc;
                double& z = depth[size_t(y) * size_t(size) + size_t(x)];
                if (d <= z) return;
                z = d;
                const int px = x0 + x, py = y0 + (size - 1 - y);
                if (px < 0 || py < 0 || px >= width || py >= height) return;
                unsigned char* o = &rgb[(size_t(py) * size_t(width) + size_t(px)) * 3];
                o[0] = (unsigned char)(235 * shade), o[1] = (unsigned char)(225 * shade),
                o[2] = (unsigned char)(200 * shade);
              });
  }
}

bool Canvas::writePng(const std::string& path) const {
  return stbi_write_png(path.c_str(), width, height, 3, rgb.data(), width * 3) != 0;
}

}  // namespace modeltest
