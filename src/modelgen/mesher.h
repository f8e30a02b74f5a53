// Turns a signed distance field into a closed triangle mesh: sampling on an axis-aligned grid (cells
// aligned to a global lattice, empty blocks skipped, two threads with a fixed split so results are
// deterministic), marching tetrahedra on the Kuhn split of each cube (no lookup table, always a closed
// 2-manifold), meshoptimizer simplification and vertex-cache order, and normals from the field gradient.
#pragma once
#include <cstdint>
#include <vector>
#include <glm/glm.hpp>
#include "sdf.h"

namespace spinegen {

struct Mesh {
  std::vector<glm::vec3> pos, nrm;
  std::vector<uint32_t> idx;
  std::vector<float> ambient;  // baked ambient brightness per vertex (occlusion.h); empty: none
  size_t triangles() const { return idx.size() / 3; }
  bool empty() const { return idx.empty(); }
};

struct Box {
  glm::vec3 lo{1e9f}, hi{-1e9f};
  void add(const glm::vec3& p) { lo = glm::min(lo, p); hi = glm::max(hi, p); }
  void pad(float d) { lo -= glm::vec3(d); hi += glm::vec3(d); }
  bool valid() const { return lo.x <= hi.x; }
};

struct MeshOptions {
  float cell = 0.5f;            // grid spacing, mm
  size_t targetTriangles = 0;   // 0: no simplification
  float maxErrorMm = 0.1f;      // simplification stops earlier when this error is reached
};

// Meshes the zero set of f inside box. Returns an empty mesh when f has no zero crossing there.
// With `surface` (a field whose zero set contains the visible part of f's, e.g. the whole bone for a
// part cut from it), vertices lying on that zero set take their normals from it, so the crease where a
// part's cut meets the outer surface keeps the outer surface's normal.
Mesh meshField(const Field& f, Box box, const MeshOptions& opt, const Field* surface = nullptr);

// Number of edges not shared by exactly two triangles (0 for a closed 2-manifold).
size_t openOrNonManifoldEdges(const Mesh& m);

// Recomputes normals from the gradient of f (central differences with step h).
void normalsFromField(Mesh& m, const Field& f, float h);

// Appends b to a (indices shifted).
void append(Mesh& a, const Mesh& b);

} // namespace spinegen
