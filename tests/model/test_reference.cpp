// The generated L4 and L5 against real ones (../shared/reference: BodyParts3D, one adult body).
// Each generated vertebra is aligned to its reference by a similarity (scale, rotation, position);
// then the surface distance and the silhouette overlap in the anterior, lateral and superior views
// are held against what the two real vertebrae reach against each other (real L5 aligned to real L4
// the same way). Writes the aligned pair from four views into one picture for review.
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include "model_util.h"
#include "shape_compare.h"
#include "test_paths.h"

using namespace modeltest;
using glm::dvec3;
using namespace spineview::test;

namespace {

constexpr size_t kSamples = 6000;  // for distances
constexpr size_t kAlignSamples = 1500;

struct Shape {
  Soup soup;
  std::vector<dvec3> samples, alignSamples;
};

// The generated vertebra's outer bone surface. Its parts overlap by 1.5 mm, so a sample of one part
// that lies inside another is on a buried cut face and is left out.
Shape generated(const Model& m, const std::string& v) {
  std::vector<const Prim*> closed;
  for (const Node& n : m.nodes)
    if (n.name.rfind(v + ".", 0) == 0)
      if (const Prim* p = n.prim("bone.cortical")) closed.push_back(p);
  std::vector<Soup> parts(closed.size());
  double total = 0.0;
  for (size_t k = 0; k < closed.size(); ++k) {
    parts[k].add(*closed[k]);
    total += parts[k].area();
  }
  auto visible = [&](size_t own, const dvec3& x) {
    for (size_t k = 0; k < closed.size(); ++k)
      if (k != own && inside(*closed[k], x)) return false;
    return true;
  };
  Shape s;
  for (size_t k = 0; k < parts.size(); ++k) {
    s.soup.add(*closed[k]);
    const double share = parts[k].area() / total;
    for (const dvec3& x :
         sampleSurface(parts[k], size_t(double(kSamples) * share) + 1, unsigned(k)))
      if (visible(k, x)) s.samples.push_back(x);
    for (const dvec3& x :
         sampleSurface(parts[k], size_t(double(kAlignSamples) * share) + 1, unsigned(k + 100)))
      if (visible(k, x)) s.alignSamples.push_back(x);
  }
  return s;
}

// A reference mesh: stored in millimetres, which the loader (made for metres) has multiplied by
// 1000.
Shape reference(const std::string& file) {
  const Model r = load((sharedDir() / "reference" / "bodyparts3d" / file).string());
  Shape s;
  for (const Node& n : r.nodes)
    for (const Prim& p : n.prims) s.soup.add(p, 0.001);
  s.samples = sampleSurface(s.soup, kSamples, 1);
  s.alignSamples = sampleSurface(s.soup, kAlignSamples, 2);
  return s;
}

Shape moved(const Shape& s, const Similarity& t) {
  Shape out = s;
  for (dvec3& p : out.soup.pos) p = t.apply(p);
  for (dvec3& p : out.samples) p = t.apply(p);
  for (dvec3& p : out.alignSamples) p = t.apply(p);
  return out;
}

// Anatomical axes, in the reference's space.
struct Axes {
  dvec3 anterior, left, up;
};

struct Comparison {
  double scale = 1.0;
  Distances distance;
  double overlap[3] = {0, 0, 0};  // anterior, lateral, superior
};

Comparison compare(const Shape& aligned, const Shape& fixed, double scale, const Axes& a) {
  Comparison c;
  c.scale = scale;
  c.distance = surfaceDistances(aligned.samples, fixed.samples);
  c.overlap[0] = silhouetteOverlap(aligned.soup, fixed.soup, -a.anterior, a.up, 0.5);
  c.overlap[1] = silhouetteOverlap(aligned.soup, fixed.soup, -a.left, a.up, 0.5);
  c.overlap[2] = silhouetteOverlap(aligned.soup, fixed.soup, -a.up, a.anterior, 0.5);
  return c;
}

void print(const char* what, const Comparison& c) {
  std::printf("%-26s %6.2f %9.2f %9.2f %9.2f %9.2f %9.2f\n", what, c.scale, c.distance.mean,
              c.distance.p95, c.overlap[0], c.overlap[1], c.overlap[2]);
}

}  // namespace

TEST_CASE(
    "the generated L4 and L5 are as close to real ones as two real neighbours are to each other",
    "[model][reference]") {
  if (!haveShared("reference vertebrae")) return;
  const Model m = load(bundledModel().string());
  const Shape ref4 = reference("L4.glb"), ref5 = reference("L5.glb");
  std::map<std::string, Comparison> results;
  Shape aligned[2];
  Axes axes[2];
  const char* levels[2] = {"L4", "L5"};
  for (int i = 0; i < 2; ++i) {
    const Shape gen = generated(m, levels[i]);
    const Shape& ref = i == 0 ? ref4 : ref5;
    const Similarity t = alignSimilar(gen.alignSamples, ref.alignSamples);
    aligned[i] = moved(gen, t);
    const auto& f = m.get(levels[i]).extras.at("frame");
    axes[i] = {glm::normalize(t.rotation * vec3(f.at("anterior"))),
               glm::normalize(t.rotation * vec3(f.at("left"))),
               glm::normalize(t.rotation * vec3(f.at("up")))};
    results[levels[i]] = compare(aligned[i], ref, t.scale, axes[i]);
  }
  // The real pair: L5 onto L4, viewed along L4's axes as the generated L4's alignment found them.
  const Similarity pair = alignSimilar(ref5.alignSamples, ref4.alignSamples);
  const Comparison real = compare(moved(ref5, pair), ref4, pair.scale, axes[0]);

  std::printf("\n%-26s %6s %9s %9s %9s %9s %9s\n", "aligned onto", "scale", "mean mm", "p95 mm",
              "anterior", "lateral", "superior");
  print("generated L4 -> real L4", results["L4"]);
  print("generated L5 -> real L5", results["L5"]);
  print("real L5 -> real L4", real);

  // For review: rows generated L4, real L4, generated L5, real L5; columns anterior, left lateral,
  // posterior, superior.
  Canvas canvas(4 * 240, 4 * 240);
  for (int i = 0; i < 2; ++i) {
    const Shape& ref = i == 0 ? ref4 : ref5;
    const Axes& a = axes[i];
    const dvec3 centre = ref.soup.centroid();
    const dvec3 view[4][2] = {
        {-a.anterior, a.up}, {-a.left, a.up}, {a.anterior, a.up}, {-a.up, a.anterior}};
    for (int col = 0; col < 4; ++col) {
      canvas.draw(aligned[i].soup, centre, view[col][0], view[col][1], 100.0, col * 240,
                  (2 * i) * 240, 240);
      canvas.draw(ref.soup, centre, view[col][0], view[col][1], 100.0, col * 240, (2 * i + 1) * 240,
                  240);
    }
  }
  const std::string picture = (outputDir() / "reference_L4_L5.png").string();
  CHECK(canvas.writePng(picture));
  std::printf("picture: %s\n", picture.c_str());

  // The aim is the real pair's closeness. The model does not reach it yet (models/README.md says
  // where it differs), so it may stay this far behind it: a change that takes the shapes further
  // from the real ones fails.
  constexpr double kDistanceAllowance = 1.3, kFarDistanceAllowance = 1.3, kOverlapAllowance = 0.1;
  for (const char* level : levels) {
    const Comparison& c = results[level];
    INFO(level << ": mean " << c.distance.mean << " mm (real pair " << real.distance.mean
               << "), p95 " << c.distance.p95 << " (" << real.distance.p95 << ")");
    CHECK(c.distance.mean <= kDistanceAllowance * real.distance.mean);
    CHECK(c.distance.p95 <= kFarDistanceAllowance * real.distance.p95);
    for (int v = 0; v < 3; ++v) {
      INFO("silhouette overlap " << v << ": " << c.overlap[v] << " (real pair " << real.overlap[v]
                                 << ")");
      CHECK(c.overlap[v] >= real.overlap[v] - kOverlapAllowance);
    }
  }
}
