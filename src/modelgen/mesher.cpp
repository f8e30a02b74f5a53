// Marching tetrahedra mesher, see mesher.h. The Kuhn split takes the six paths from corner 000 to 111
// along the axes in every order; neighbouring cubes share split faces, so the surface is closed.
#include "mesher.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unordered_map>
#include <meshoptimizer.h>

namespace spinegen {

namespace {

constexpr int kBlock = 8;

struct Grid {
  glm::vec3 origin;
  float cell;
  int nx, ny, nz;
  std::vector<float> v;
  size_t index(int i, int j, int k) const { return (size_t(k) * ny + j) * nx + i; }
  glm::vec3 point(int i, int j, int k) const { return origin + cell * glm::vec3(i, j, k); }
};

void sample(Grid& g, const Field& f) {
  int bx = (g.nx + kBlock - 1) / kBlock, by = (g.ny + kBlock - 1) / kBlock, bz = (g.nz + kBlock - 1) / kBlock;
  int blocks = bx * by * bz;
  // Half diagonal of a block of samples plus one cell: a block whose centre value exceeds this (with a
  // margin for fields that are not exact distances) holds no surface and gets the centre value.
  float skip = 1.3f * (std::sqrt(3.f) * 0.5f * (kBlock - 1) * g.cell) + 1.5f * g.cell;
  auto work = [&](int part) {
    for (int b = part; b < blocks; b += 2) {
      int ib = b % bx, jb = (b / bx) % by, kb = b / (bx * by);
      int i0 = ib * kBlock, j0 = jb * kBlock, k0 = kb * kBlock;
      int i1 = std::min(i0 + kBlock, g.nx), j1 = std::min(j0 + kBlock, g.ny), k1 = std::min(k0 + kBlock, g.nz);
      glm::vec3 c = g.origin + g.cell * glm::vec3(i0 + i1 - 1, j0 + j1 - 1, k0 + k1 - 1) * 0.5f;
      float fc = f(c);
      bool empty = std::fabs(fc) > skip;
      for (int k = k0; k < k1; ++k)
        for (int j = j0; j < j1; ++j)
          for (int i = i0; i < i1; ++i) {
            float val = empty ? fc : f(g.point(i, j, k));
            if (val == 0.f) val = 1e-7f; // keep the level set away from grid points
            g.v[g.index(i, j, k)] = val;
          }
    }
  };
  std::thread t(work, 1);
  work(0);
  t.join();
}

Mesh extract(const Grid& g) {
  Mesh m;
  std::unordered_map<uint64_t, uint32_t> edgeVertex;
  edgeVertex.reserve(1 << 16);
  const size_t total = size_t(g.nx) * g.ny * g.nz;
  auto vertexOn = [&](size_t a, size_t b, const glm::vec3& pa, const glm::vec3& pb, float fa, float fb) {
    if (a > b) { std::swap(a, b); }
    uint64_t key = uint64_t(a) * total + b;
    auto it = edgeVertex.find(key);
    if (it != edgeVertex.end()) return it->second;
    float t = fa / (fa - fb);
    uint32_t id = uint32_t(m.pos.size());
    m.pos.push_back(pa + (pb - pa) * t);
    edgeVertex.emplace(key, id);
    return id;
  };
  static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  for (int k = 0; k + 1 < g.nz; ++k)
    for (int j = 0; j + 1 < g.ny; ++j)
      for (int i = 0; i + 1 < g.nx; ++i) {
        std::array<float, 8> cv;
        std::array<size_t, 8> ci;
        std::array<glm::vec3, 8> cp;
        int neg = 0;
        for (int c = 0; c < 8; ++c) {
          int di = c & 1, dj = (c >> 1) & 1, dk = (c >> 2) & 1;
          ci[c] = g.index(i + di, j + dj, k + dk);
          cv[c] = g.v[ci[c]];
          neg += cv[c] < 0.f;
        }
        if (neg == 0 || neg == 8) continue;
        for (int c = 0; c < 8; ++c) cp[c] = g.point(i + (c & 1), j + ((c >> 1) & 1), k + ((c >> 2) & 1));
        for (const auto& pm : perms) {
          int tv[4] = {0, 1 << pm[0], (1 << pm[0]) | (1 << pm[1]), 7};
          int in[4], out[4], ni = 0, no = 0;
          for (int q = 0; q < 4; ++q) (cv[tv[q]] < 0.f ? in[ni++] : out[no++]) = tv[q];
          if (ni == 0 || ni == 4) continue;
          auto V = [&](int a, int b) { return vertexOn(ci[a], ci[b], cp[a], cp[b], cv[a], cv[b]); };
          glm::vec3 cin(0.f), cout(0.f);
          for (int q = 0; q < ni; ++q) cin += cp[in[q]];
          for (int q = 0; q < no; ++q) cout += cp[out[q]];
          glm::vec3 outward = cout / float(no) - cin / float(ni);
          auto emit = [&](uint32_t a, uint32_t b, uint32_t c) {
            glm::vec3 n = glm::cross(m.pos[b] - m.pos[a], m.pos[c] - m.pos[a]);
            if (glm::dot(n, outward) < 0.f) std::swap(b, c);
            m.idx.insert(m.idx.end(), {a, b, c});
          };
          if (ni == 1) {
            emit(V(in[0], out[0]), V(in[0], out[1]), V(in[0], out[2]));
          } else if (ni == 3) {
            emit(V(out[0], in[0]), V(out[0], in[1]), V(out[0], in[2]));
          } else {
            uint32_t a = V(in[0], out[0]), b = V(in[0], out[1]), c = V(in[1], out[1]), d = V(in[1], out[0]);
            emit(a, b, c);
            emit(a, c, d);
          }
        }
      }
  return m;
}

// Drops vertices no triangle uses and orders for the vertex cache and fetch.
void compact(Mesh& m) {
  std::vector<uint32_t> cached(m.idx.size());
  meshopt_optimizeVertexCache(cached.data(), m.idx.data(), m.idx.size(), m.pos.size());
  std::vector<glm::vec3> fetched(m.pos.size());
  size_t n = meshopt_optimizeVertexFetch(fetched.data(), cached.data(), cached.size(), m.pos.data(),
                                         m.pos.size(), sizeof(glm::vec3));
  fetched.resize(n);
  m.pos = std::move(fetched);
  m.idx = std::move(cached);
}

// Removes every triangle whose vertex set occurs more than once (coincident faces).
void removeFins(Mesh& m) {
  std::map<std::array<uint32_t, 3>, int> seen;
  auto key = [&](size_t t) {
    std::array<uint32_t, 3> k{m.idx[t], m.idx[t + 1], m.idx[t + 2]};
    std::sort(k.begin(), k.end());
    return k;
  };
  for (size_t t = 0; t < m.idx.size(); t += 3) seen[key(t)]++;
  std::vector<uint32_t> out;
  out.reserve(m.idx.size());
  for (size_t t = 0; t < m.idx.size(); t += 3)
    if (seen[key(t)] == 1) out.insert(out.end(), {m.idx[t], m.idx[t + 1], m.idx[t + 2]});
  m.idx = std::move(out);
}

// Where two sheets touch along an edge (4 faces on one edge), gives each sheet its own copies of the
// edge's vertices: the faces around a vertex are grouped into fans joined by two-face edges, and every
// fan after the first gets a new vertex at the same position. Each edge then has exactly two faces.
void splitPinches(Mesh& m) {
  std::map<std::pair<uint32_t, uint32_t>, int> edgeUse;
  auto ek = [](uint32_t a, uint32_t b) { return std::make_pair(std::min(a, b), std::max(a, b)); };
  for (size_t t = 0; t < m.idx.size(); t += 3)
    for (int e = 0; e < 3; ++e) edgeUse[ek(m.idx[t + e], m.idx[t + (e + 1) % 3])]++;
  std::vector<uint32_t> badVerts;
  for (const auto& kv : edgeUse)
    if (kv.second != 2) { badVerts.push_back(kv.first.first); badVerts.push_back(kv.first.second); }
  if (badVerts.empty()) return;
  std::sort(badVerts.begin(), badVerts.end());
  badVerts.erase(std::unique(badVerts.begin(), badVerts.end()), badVerts.end());
  std::map<uint32_t, std::vector<size_t>> facesOf;
  for (size_t t = 0; t < m.idx.size(); t += 3)
    for (int e = 0; e < 3; ++e)
      if (std::binary_search(badVerts.begin(), badVerts.end(), m.idx[t + e])) facesOf[m.idx[t + e]].push_back(t);
  for (uint32_t v : badVerts) {
    const auto& faces = facesOf[v];
    std::vector<int> fan(faces.size(), -1);
    int fans = 0;
    for (size_t s = 0; s < faces.size(); ++s) {
      if (fan[s] >= 0) continue;
      std::vector<size_t> stack{s};
      fan[s] = fans;
      while (!stack.empty()) {
        size_t a = stack.back();
        stack.pop_back();
        for (size_t b = 0; b < faces.size(); ++b) {
          if (fan[b] >= 0) continue;
          // Faces a and b share an edge through v that has exactly two faces.
          for (int i = 0; i < 3 && fan[b] < 0; ++i) {
            uint32_t x = m.idx[faces[a] + i];
            if (x == v) continue;
            bool inB = false;
            for (int k = 0; k < 3; ++k) inB |= m.idx[faces[b] + k] == x;
            if (inB && edgeUse[ek(v, x)] == 2) { fan[b] = fans; stack.push_back(b); }
          }
        }
      }
      ++fans;
    }
    for (int f = 1; f < fans; ++f) {
      uint32_t copy = uint32_t(m.pos.size());
      m.pos.push_back(m.pos[v]);
      for (size_t s = 0; s < faces.size(); ++s)
        if (fan[s] == f)
          for (int k = 0; k < 3; ++k)
            if (m.idx[faces[s] + k] == v) m.idx[faces[s] + k] = copy;
    }
  }
}

// Closes the small holes that removing fins can leave: each boundary loop is fanned from its first vertex.
void fillSmallHoles(Mesh& m) {
  std::map<std::pair<uint32_t, uint32_t>, int> uses;
  for (size_t t = 0; t < m.idx.size(); t += 3)
    for (int e = 0; e < 3; ++e) {
      uint32_t a = m.idx[t + e], b = m.idx[t + (e + 1) % 3];
      uses[{std::min(a, b), std::max(a, b)}]++;
    }
  std::map<uint32_t, uint32_t> next;
  for (size_t t = 0; t < m.idx.size(); t += 3)
    for (int e = 0; e < 3; ++e) {
      uint32_t a = m.idx[t + e], b = m.idx[t + (e + 1) % 3];
      if (uses[{std::min(a, b), std::max(a, b)}] == 1) next[a] = b;
    }
  while (!next.empty()) {
    std::vector<uint32_t> loop{next.begin()->first};
    bool closed = false;
    while (loop.size() <= 16) {
      auto it = next.find(loop.back());
      if (it == next.end()) break;
      uint32_t n = it->second;
      next.erase(it);
      if (n == loop.front()) { closed = true; break; }
      loop.push_back(n);
    }
    if (!closed) { for (uint32_t v : loop) next.erase(v); continue; }
    for (size_t i = 1; i + 1 < loop.size(); ++i) m.idx.insert(m.idx.end(), {loop[0], loop[i + 1], loop[i]});
  }
}

// Moves each vertex onto the zero set with a few damped Newton steps: linear interpolation on the grid
// and simplification leave vertices up to a fraction of a cell off the surface, most at creases.
void projectToSurface(Mesh& m, const Field& f, float cell) {
  const float h = std::max(0.05f, 0.15f * cell);
  const float maxStep = 0.3f * cell;
  for (auto& p : m.pos) {
    for (int it = 0; it < 3; ++it) {
      float v = f(p);
      glm::vec3 g(f(p + glm::vec3(h, 0, 0)) - f(p - glm::vec3(h, 0, 0)), f(p + glm::vec3(0, h, 0)) - f(p - glm::vec3(0, h, 0)),
                  f(p + glm::vec3(0, 0, h)) - f(p - glm::vec3(0, 0, h)));
      g /= 2.f * h;
      float g2 = glm::dot(g, g);
      if (g2 < 1e-8f) break;
      glm::vec3 step = g * (v / g2);
      float len = glm::length(step);
      if (len > maxStep) step *= maxStep / len;
      p -= step;
      if (std::fabs(v) < 1e-4f) break;
    }
  }
}

} // namespace

size_t openOrNonManifoldEdges(const Mesh& m) {
  std::map<std::pair<uint32_t, uint32_t>, int> count;
  for (size_t t = 0; t + 2 < m.idx.size(); t += 3)
    for (int e = 0; e < 3; ++e) {
      uint32_t a = m.idx[t + e], b = m.idx[t + (e + 1) % 3];
      count[{std::min(a, b), std::max(a, b)}]++;
    }
  size_t bad = 0;
  for (const auto& kv : count) bad += kv.second != 2;
  return bad;
}

void normalsFromField(Mesh& m, const Field& f, float h) {
  m.nrm.resize(m.pos.size());
  for (size_t i = 0; i < m.pos.size(); ++i) {
    const glm::vec3& p = m.pos[i];
    glm::vec3 g(f(p + glm::vec3(h, 0, 0)) - f(p - glm::vec3(h, 0, 0)),
                f(p + glm::vec3(0, h, 0)) - f(p - glm::vec3(0, h, 0)),
                f(p + glm::vec3(0, 0, h)) - f(p - glm::vec3(0, 0, h)));
    float len = glm::length(g);
    m.nrm[i] = len > 1e-12f ? g / len : glm::vec3(0, 1, 0);
  }
}

void append(Mesh& a, const Mesh& b) {
  uint32_t base = uint32_t(a.pos.size());
  a.pos.insert(a.pos.end(), b.pos.begin(), b.pos.end());
  a.nrm.insert(a.nrm.end(), b.nrm.begin(), b.nrm.end());
  for (uint32_t i : b.idx) a.idx.push_back(base + i);
}

Mesh meshField(const Field& f, Box box, const MeshOptions& opt, const Field* surface) {
  Grid g;
  g.cell = opt.cell;
  box.pad(2.f * opt.cell);
  glm::vec3 lo = glm::floor(box.lo / opt.cell) * opt.cell;
  g.origin = lo;
  glm::ivec3 n = glm::ivec3(glm::ceil((box.hi - lo) / opt.cell)) + 1;
  g.nx = n.x; g.ny = n.y; g.nz = n.z;
  g.v.assign(size_t(g.nx) * g.ny * g.nz, 0.f);
  sample(g, f);
  Mesh raw = extract(g);
  if (raw.empty()) return raw;
  compact(raw);
  Mesh m = raw;
  if (opt.targetTriangles > 0 && raw.triangles() > opt.targetTriangles) {
    float scale = meshopt_simplifyScale(&raw.pos[0].x, raw.pos.size(), sizeof(glm::vec3));
    // Edge collapses occasionally fold two faces onto each other (a fin of two coincident triangles)
    // or pinch an edge; fins are removed, and a pinched result is retried with a gentler target.
    for (size_t target = opt.targetTriangles; target < raw.triangles(); target = target * 5 / 4 + 1) {
      Mesh s;
      s.pos = raw.pos;
      s.idx.resize(raw.idx.size());
      size_t count = meshopt_simplify(s.idx.data(), raw.idx.data(), raw.idx.size(), &raw.pos[0].x, raw.pos.size(),
                                      sizeof(glm::vec3), target * 3, opt.maxErrorMm / scale, 0, nullptr);
      s.idx.resize(count);
      removeFins(s);
      if (s.empty()) continue;
      splitPinches(s);
      fillSmallHoles(s);
      compact(s);
      if (openOrNonManifoldEdges(s) == 0) { m = std::move(s); break; }
    }
  }
  projectToSurface(m, f, opt.cell);
  const float h = std::max(0.15f, 0.5f * opt.cell);
  normalsFromField(m, f, h);
  if (surface) {
    Mesh on;
    std::vector<size_t> which;
    for (size_t i = 0; i < m.pos.size(); ++i)
      if (std::fabs((*surface)(m.pos[i])) < 0.05f * opt.cell) { on.pos.push_back(m.pos[i]); which.push_back(i); }
    normalsFromField(on, *surface, h);
    for (size_t j = 0; j < which.size(); ++j) m.nrm[which[j]] = on.nrm[j];
  }
  return m;
}

} // namespace spinegen
