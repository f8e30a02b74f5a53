// Comparing a generated vertebra with a real one: surface samples, a similarity alignment (scale,
// rotation, position) by iterative closest points, surface distances, silhouette overlap along
// three axes, and a shaded orthographic picture for review. Lengths in millimetres.
#pragma once
#include <array>
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "model_util.h"

namespace modeltest {

// Triangles of one or more primitives as one soup.
struct Soup {
  std::vector<glm::dvec3> pos;
  std::vector<uint32_t> idx;
  void add(const Prim& p, double scale = 1.0);
  glm::dvec3 centroid() const;  // area-weighted
  double area() const;
};

// Points spread over the surface by area, from a fixed seed (the same soup gives the same points).
std::vector<glm::dvec3> sampleSurface(const Soup& s, size_t count, unsigned seed);

// x -> scale * rotation * x + offset.
struct Similarity {
  double scale = 1.0;
  glm::dmat3 rotation{1.0};
  glm::dvec3 offset{0.0};
  glm::dvec3 apply(const glm::dvec3& x) const { return scale * (rotation * x) + offset; }
};

// The similarity that brings `moving` onto `fixed` best (mean closest-point distance), tried from
// the principal axes of both in each of their proper sign pairings.
Similarity alignSimilar(const std::vector<glm::dvec3>& moving,
                        const std::vector<glm::dvec3>& fixed);

struct Distances {
  double mean = 0.0, p95 = 0.0;  // symmetric: both directions pooled
};
Distances surfaceDistances(const std::vector<glm::dvec3>& a, const std::vector<glm::dvec3>& b);

// Silhouettes of two soups seen along `axis` (orthographic, cells of `cell` mm): intersection over
// union.
double silhouetteOverlap(const Soup& a, const Soup& b, const glm::dvec3& axis, const glm::dvec3& up,
                         double cell);

// A grey shaded picture of the soup seen along `axis` with `up` on screen, `size` pixels square
// over `extent` mm, pasted into an RGB canvas at (x0, y0).
struct Canvas {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  Canvas(int w, int h);
  void draw(const Soup& s, const glm::dvec3& centre, const glm::dvec3& axis, const glm::dvec3& up,
            double extent, int x0, int y0, int size);
  bool writePng(const std::string& path) const;
};

}  // namespace modeltest
