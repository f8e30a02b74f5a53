// Measures the committed model's geometry (rays through the meshes, not the generator's constants) and
// prints it beside the published values. Each value must lie within one published SD of the mean, or
// within 10% where the source gives no SD (and for UNSOURCED working values, see models/README.md).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include "model_util.h"
#include "test_paths.h"

using namespace modeltest;
using glm::dvec3;

namespace {

struct Ref {
  double mean, sd; // sd <= 0: +-10%
  const char* source;
};

struct Row {
  std::string what;
  double measured;
  Ref ref;
  bool ok() const {
    double tol = ref.sd > 0 ? ref.sd : 0.1 * ref.mean;
    return std::fabs(measured - ref.mean) <= tol;
  }
};

struct Frame {
  dvec3 o, up, ant, left;
};
Frame frameOf(const Model& m, const std::string& v) {
  const auto& f = m.get(v).extras.at("frame");
  return {vec3(f.at("origin"), 1000.0), vec3(f.at("up")), vec3(f.at("anterior")), vec3(f.at("left"))};
}

double span(const std::vector<double>& h) { return h.size() >= 2 ? h.back() - h.front() : -1.0; }

// Chord of a closed mesh along a line through `centre` in direction d: from far outside to far outside.
double chord(const Prim& p, const dvec3& centre, const dvec3& d) {
  auto h = hits(p, centre - d * 200.0, d);
  return span(h);
}

} // namespace

TEST_CASE("measured geometry matches published anatomy", "[model][measure]") {
  Model m = load(spineview::test::bundledModel().string());
  std::vector<Row> rows;
  // Published references (mm). Cook & Baker 2021 (L5, CT n=196); "Lower lumbar vertebra size" (pedicle
  // width); ANATOMY.md working values (UNSOURCED) for L3/L4 body and canal; Onishi 2019 (L4-5 anterior
  // disc height); Medicine 2014 (nucleus 64.0%, annulus 20.5% / 15.6%).
  const Ref W[3] = {{47, 0, "UNSOURCED"}, {49, 0, "UNSOURCED"}, {50, 0, "UNSOURCED"}};
  const Ref D[3] = {{34, 0, "UNSOURCED"}, {35, 0, "UNSOURCED"}, {35.7, 3.5, "Cook&Baker 2021"}};
  const Ref HA[3] = {{27, 0, "UNSOURCED"}, {27, 0, "UNSOURCED"}, {30.3, 1.9, "Cook&Baker 2021"}};
  const Ref HP[3] = {{27, 0, "UNSOURCED"}, {27, 0, "UNSOURCED"}, {26.3, 1.9, "Cook&Baker 2021"}};
  const Ref PW[3] = {{9.0, 0, "UNSOURCED"}, {10.5, 0, "UNSOURCED"}, {12.18, 1.71, "Chitwan dry bone (n=50)"}};
  const Ref PH[3] = {{14, 0, "UNSOURCED"}, {14, 0, "UNSOURCED"}, {12.9, 1.9, "Cook&Baker 2021"}};
  const Ref CW[3] = {{24, 0, "UNSOURCED"}, {25, 0, "UNSOURCED"}, {28.2, 3.1, "Cook&Baker 2021"}};
  const Ref CD[3] = {{15.5, 0, "UNSOURCED"}, {15.5, 0, "UNSOURCED"}, {15.6, 2.1, "Cook&Baker 2021"}};
  const char* names[3] = {"L3", "L4", "L5"};
  for (int i = 0; i < 3; ++i) {
    std::string L = names[i];
    Frame f = frameOf(m, L);
    const Prim& body = *m.get(L + ".body").prim("bone.cortical");
    const Prim& pedL = *m.get(L + ".pedicle.left").prim("bone.cortical");
    const Prim& pedR = *m.get(L + ".pedicle.right").prim("bone.cortical");
    const Prim& laminaL = *m.get(L + ".lamina.left").prim("bone.cortical");
    // Superior endplate: probe 2 mm below the top surface at the body centre.
    auto top = hits(body, f.o + f.up * 60.0, -f.up);
    REQUIRE(!top.empty());
    dvec3 probe = f.o + f.up * (60.0 - top.front() - 2.0);
    rows.push_back({L + " endplate width (sup)", chord(body, probe, f.left), W[i]});
    auto ap = hits(body, probe + f.ant * 100.0, -f.ant);
    REQUIRE(ap.size() >= 2);
    double depth = ap.back() - ap.front();
    rows.push_back({L + " endplate depth (sup)", depth, D[i]});
    dvec3 antPt = probe + f.ant * (100.0 - ap.front() - 2.0), postPt = probe + f.ant * (100.0 - ap.back() + 2.0);
    rows.push_back({L + " body height anterior", chord(body, antPt, f.up), HA[i]});
    rows.push_back({L + " body height posterior", chord(body, postPt, f.up), HP[i]});
    // Pedicle: axis from the chord midpoints of two horizontal slices, then width across it and height.
    dvec3 c(0.0);
    for (const auto& p : pedL.pos) c += p;
    c /= double(pedL.pos.size());
    double yPed = glm::dot(c - f.o, f.up);
    double zBody = glm::dot(postPt - f.o, f.ant) - 2.0; // posterior wall (midline)
    auto midX = [&](double z) {
      dvec3 q = f.o + f.up * yPed + f.ant * z + f.left * 60.0;
      auto h = hits(pedL, q, -f.left);
      return h.size() >= 2 ? std::make_pair(60.0 - 0.5 * (h.front() + h.back()), h.back() - h.front())
                           : std::make_pair(0.0, -1.0);
    };
    double z1 = zBody - 3.0, z2 = zBody - 6.0;
    auto s1 = midX(z1), s2 = midX(z2);
    double theta = std::atan2(std::fabs(s2.first - s1.first), std::fabs(z2 - z1));
    double width = s1.second * std::cos(theta);
    dvec3 axisPt = f.o + f.up * yPed + f.ant * z1 + f.left * s1.first;
    rows.push_back({L + " pedicle width", width, PW[i]});
    rows.push_back({L + " pedicle height", chord(pedL, axisPt, f.up), PH[i]});
    // Canal at the pedicle level: body's posterior wall to the lamina; width between the pedicles.
    dvec3 start = f.o + f.up * yPed;
    auto hb = hits(body, start, -f.ant);
    REQUIRE(!hb.empty());
    dvec3 wall = start - f.ant * hb.back();
    auto hl = hits(laminaL, wall, -f.ant); // the laminae meet at the midline; the left one reaches it
    REQUIRE(!hl.empty());
    double canalDepth = hl.front();
    rows.push_back({L + " canal depth", canalDepth, CD[i]});
    // Interpedicular distance: the narrowest gap between the pedicles' medial walls.
    double narrowest = 1e9;
    for (double back = 2.0; back <= 10.0; back += 0.5) {
      dvec3 cc = wall - f.ant * back;
      auto wl = hits(pedL, cc, f.left), wr = hits(pedR, cc, -f.left);
      if (!wl.empty() && !wr.empty()) narrowest = std::min(narrowest, wl.front() + wr.front());
    }
    REQUIRE(narrowest < 1e8);
    rows.push_back({L + " canal width (interpedicular)", narrowest, CW[i]});
  }
  // Discs.
  const char* discs[3] = {"L3-L4", "L4-L5", "L5-S1"};
  const Ref DA[3] = {{9.30, 0, "Onishi 2019"}, {10.94, 0, "Onishi 2019"}, {12.41, 0, "Onishi 2019"}};
  // Nucleus share (Medicine 2014: 64.0% at L4-5, 72.4% at L5-S1; L3-4 takes L4-5's); the annulus keeps its
  // anterior/posterior split, so at L5-S1 both shrink by the same factor.
  const double share[3] = {64.0, 64.0, 72.4};
  const Ref DP = {7.0, 0, "UNSOURCED"};
  for (int i = 0; i < 3; ++i) {
    std::string n = std::string("disc.") + discs[i];
    const Node& an = m.get(n + ".annulus");
    const Prim& ann = *an.prim("annulus");
    const Prim& nuc = *m.get(n + ".nucleus").prim("nucleus");
    const auto& sec = an.extras.at("section");
    dvec3 c = vec3(sec.at("centre"), 1000.0), nrm = vec3(sec.at("normal")), ant = vec3(sec.at("anteriorAxis"));
    auto h = hits(ann, c - ant * 100.0, ant);
    REQUIRE(h.size() >= 2);
    double discLen = h.back() - h.front();
    dvec3 post = c - ant * 100.0 + ant * h.front(), front = c - ant * 100.0 + ant * h.back();
    rows.push_back({std::string(discs[i]) + " disc height anterior", chord(ann, front - ant * 2.0, nrm), DA[i]});
    rows.push_back({std::string(discs[i]) + " disc height posterior", chord(ann, post + ant * 2.0, nrm), DP});
    auto hn = hits(nuc, c - ant * 100.0, ant);
    REQUIRE(hn.size() >= 2);
    double nucLen = hn.back() - hn.front();
    const double rest = (100.0 - share[i]) / (100.0 - 64.0);
    const char* shareSource = i == 0 ? "UNSOURCED (L4-5's)" : "Medicine 2014";
    rows.push_back({std::string(discs[i]) + " nucleus % sagittal length", 100.0 * nucLen / discLen, {share[i], 0, shareSource}});
    rows.push_back({std::string(discs[i]) + " anterior annulus %", 100.0 * (h.back() - hn.back()) / discLen, {20.5 * rest, 0, shareSource}});
    rows.push_back({std::string(discs[i]) + " posterior annulus %", 100.0 * (hn.front() - h.front()) / discLen, {15.6 * rest, 0, shareSource}});
    int lam = sec.at("lamellae").get<int>();
    rows.push_back({std::string(discs[i]) + " lamellae", double(lam), {20.0, 5.0, "Marchand & Ahmed 1990 (15-25)"}});
    CHECK(sec.at("outerRadius").size() == 72);
    CHECK(sec.at("innerRadius").size() == 72);
  }
  std::printf("\n%-34s %9s %9s %7s  %s\n", "measure (mm or %)", "measured", "published", "+-", "source");
  for (const auto& r : rows)
    std::printf("%-34s %9.2f %9.2f %7.2f  %s%s\n", r.what.c_str(), r.measured, r.ref.mean,
                r.ref.sd > 0 ? r.ref.sd : 0.1 * r.ref.mean, r.ref.source, r.ok() ? "" : "   <-- OUT OF RANGE");
  for (const auto& r : rows) {
    INFO(r.what << " measured " << r.measured << " vs " << r.ref.mean);
    CHECK(r.ok());
  }
}
