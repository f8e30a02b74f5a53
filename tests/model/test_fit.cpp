// Fit and integrity of the committed model: screws inside their pedicles, cage inside the disc space,
// needle tip in the tear, facets facing without touching, discs sharing the endplates, every mesh
// watertight, names and metadata present, triangle budget.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include "model_util.h"
#include "test_paths.h"

using namespace modeltest;
using glm::dvec3;

namespace {
const Model& model() {
  static Model m = load(spineview::test::bundledModel().string());
  return m;
}
const Prim& cortical(const std::string& n) { return *model().get(n).prim("bone.cortical"); }
} // namespace

TEST_CASE("every mesh is watertight and the file is within the triangle budget", "[model][fit]") {
  const Model& m = model();
  size_t prims = 0;
  for (const auto& n : m.nodes)
    for (const auto& p : n.prims) {
      INFO(n.name << " [" << p.material << "]");
      CHECK(p.triangles() > 0);
      CHECK(badEdges(p) == 0);
      ++prims;
    }
  CHECK(prims > 40);
  std::printf("total triangles: %zu\n", m.triangles());
  CHECK(m.triangles() <= 250000);
}

TEST_CASE("node names and metadata follow the viewer's contract", "[model][fit]") {
  const Model& m = model();
  std::vector<std::string> required = {"lumbar_spine", "L3", "L4", "L5", "S1", "disc.L3-L4", "disc.L4-L5", "disc.L5-S1",
                                       "disc.L4-L5.tear", "disc.L4-L5.tear.extruded", "disc.L4-L5.hiz", "nerve.dura",
                                       "hardware.rod.left", "hardware.rod.right", "hardware.cage.L4-L5", "hardware.graft.L4-L5",
                                       "hardware.bridge.L4-L5", "procedure.needle", "procedure.fibrin"};
  for (std::string v : {"L3", "L4", "L5", "S1"})
  {
    for (std::string p : {".body", ".pedicle.left", ".pedicle.right"}) required.push_back(v + p);
    for (const std::string& p : archPartNames(v)) required.push_back(p);
  }
  for (std::string d : {"L3-L4", "L4-L5", "L5-S1"}) {
    required.push_back("disc." + d + ".annulus");
    required.push_back("disc." + d + ".nucleus");
    for (std::string l : {"anterior_longitudinal.", "posterior_longitudinal.", "flavum.", "interspinous.", "supraspinous."})
      required.push_back("ligament." + l + d);
    for (std::string s : {".left", ".right"}) required.push_back("ligament.capsule." + d + s);
  }
  for (std::string v : {"L3", "L4", "L5", "S1"})
    for (std::string s : {"left", "right"}) required.push_back("nerve.root." + v + "." + s);
  for (std::string v : {"L4", "L5"})
    for (std::string s : {"left", "right"}) required.push_back("hardware.screw." + v + "." + s);
  for (const auto& r : required) {
    INFO(r);
    CHECK(m.find(r) != nullptr);
  }
  CHECK(m.nodes[0].name == "lumbar_spine");
  CHECK(m.nodes[0].parent == -1);
  const std::set<std::string> layers = {"vertebra", "annulus", "nucleus", "tear", "nerve", "ligament", "hardware", "graft", "needle", "fibrin"};
  std::set<std::string> names;
  for (const auto& n : m.nodes) {
    INFO(n.name);
    CHECK(names.insert(n.name).second); // unique names
    if (n.prims.empty()) continue;
    CHECK(n.extras.is_object());
    auto layer = m.inherited(n, "layer");
    REQUIRE(layer.is_string());
    CHECK(layers.count(layer.get<std::string>()) == 1);
    for (const char* k : {"displayName", "description", "clinical"}) {
      CHECK(n.extras.contains(k));
      if (n.extras.contains(k)) CHECK(n.extras[k].get<std::string>().size() > 8);
    }
    // The procedure parts and the ligaments start hidden; everything else shows.
    bool startsHidden = n.name.rfind("hardware.", 0) == 0 || n.name.rfind("procedure.", 0) == 0 ||
                        n.name.rfind("ligament.", 0) == 0;
    auto hidden = m.inherited(n, "initiallyHidden");
    CHECK(startsHidden == (hidden.is_boolean() && hidden.get<bool>()));
    // Bones carry the cortical and cancellous surfaces for cut caps.
    if (layer == "vertebra") {
      CHECK(n.prim("bone.cortical") != nullptr);
      CHECK(n.prim("bone.cancellous") != nullptr);
    }
  }
  CHECK(m.get("procedure.fibrin").prims.at(0).targets == 1);
  CHECK(m.get("procedure.fibrin").extras.at("fill").at("morphTarget") == 0);
  CHECK(m.get("hardware.bridge.L4-L5").prims.at(0).targets == 1);
}

TEST_CASE("pedicle screws stay inside the pedicle and body from entry to tip", "[model][fit]") {
  const Model& m = model();
  for (std::string v : {"L4", "L5"})
    for (std::string s : {"left", "right"}) {
      const Node& sc = m.get("hardware.screw." + v + "." + s);
      dvec3 entry = vec3(sc.extras.at("axis").at("entry"), 1000.0), dir = vec3(sc.extras.at("axis").at("direction"));
      double len = sc.extras.at("axis").at("length").get<double>() * 1000.0;
      const Prim& ped = cortical(v + ".pedicle." + s);
      const Prim& body = cortical(v + ".body");
      std::vector<const Prim*> arch;
      for (const std::string& p : archPartNames(v, s)) arch.push_back(&cortical(p));
      auto inArch = [&](const dvec3& p) {
        return std::any_of(arch.begin(), arch.end(), [&](const Prim* a) { return inside(*a, p); });
      };
      int outside = 0, samples = 0;
      double reachBody = 0.0;
      for (double t = 1.5; t <= len - 1.0; t += 1.0) {
        dvec3 p = entry + dir * t;
        bool in = inside(ped, p) || inside(body, p) || inArch(p);
        outside += !in;
        ++samples;
        if (inside(body, p)) reachBody = t;
      }
      INFO(sc.name << ": " << outside << " of " << samples << " axis samples outside bone");
      CHECK(outside == 0);
      CHECK(reachBody > len * 0.5); // the screw ends in the vertebral body
      // Every screw vertex in the threaded part lies within the bone or close to its surface.
      const Prim& screw = *sc.prim("titanium");
      CHECK(badEdges(screw) == 0);
    }
}

TEST_CASE("the cage sits in the disc space without entering the endplates", "[model][fit]") {
  const Model& m = model();
  const Prim& cage = *m.get("hardware.cage.L4-L5").prim("peek");
  const Prim& up = cortical("L4.body");
  const Prim& lo = cortical("L5.body");
  double worst = 0.0;
  int inBone = 0;
  for (size_t i = 0; i < cage.pos.size(); i += 3) {
    for (const Prim* b : {&up, &lo}) {
      if (inside(*b, cage.pos[i])) {
        ++inBone;
        worst = std::max(worst, distance(*b, cage.pos[i]));
      }
    }
  }
  std::printf("cage: %d sampled vertices inside bone, deepest %.3f mm\n", inBone, worst);
  CHECK(worst < 0.2);
  // It fills the disc space: its top and bottom lie within 1 mm of the endplates.
  const auto& sec = m.get("disc.L4-L5.annulus").extras.at("section");
  dvec3 c = vec3(sec.at("centre"), 1000.0), n = vec3(sec.at("normal"));
  double hiGap = 1e9, loGap = 1e9;
  for (const auto& p : cage.pos) {
    double h = glm::dot(p - c, n);
    if (h > 0) hiGap = std::min(hiGap, distance(up, p));
    else loGap = std::min(loGap, distance(lo, p));
  }
  CHECK(hiGap < 1.0);
  CHECK(loGap < 1.0);
}

TEST_CASE("the needle tip ends inside the tear and the leak reaches a nerve root", "[model][fit]") {
  const Model& m = model();
  const Node& needle = m.get("procedure.needle");
  dvec3 dir = vec3(needle.extras.at("path").at("direction"));
  const Prim& np = *needle.prim("steel");
  dvec3 tip = np.pos[0];
  for (const auto& p : np.pos)
    if (glm::dot(p, dir) < glm::dot(tip, dir)) tip = p;
  const Prim& tear = *m.get("disc.L4-L5.tear").prim("tear");
  // The apex itself and a point 0.5 mm back along the shaft are both inside the fissure volume.
  CHECK(inside(tear, tip + dir * 0.05));
  CHECK(inside(tear, tip + dir * 0.5));
  // The needle does not pass through bone on its way in.
  for (std::string v : {"L4", "L5"}) {
    std::vector<std::string> parts = archPartNames(v);
    for (std::string p : {".body", ".pedicle.left", ".pedicle.right"}) parts.push_back(v + p);
    for (const std::string& part : parts)
      for (double t = 1.0; t < 80.0; t += 1.0) {
        INFO(part << " at " << t << " mm");
        CHECK_FALSE(inside(cortical(part), tip + dir * t));
      }
  }
  const Node& ex = m.get("disc.L4-L5.tear.extruded");
  const Prim& exm = *ex.prim("tear");
  const Prim& root = *m.get(ex.extras.at("touches").get<std::string>()).prim("nerve");
  double closest = 1e9;
  for (const auto& p : exm.pos) closest = std::min(closest, distance(root, p));
  std::printf("extruded nuclear material to %s: %.2f mm\n", ex.extras.at("touches").get<std::string>().c_str(), closest);
  CHECK(closest < 0.5);
}

TEST_CASE("facet joints face each other without touching", "[model][fit]") {
  const Model& m = model();
  const char* pairs[3][2] = {{"L3", "L4"}, {"L4", "L5"}, {"L5", "S1"}};
  for (auto& pr : pairs) {
    for (int side = 0; side < 2; ++side) {
      const std::string sideName = side == 0 ? "left" : "right";
      // The inferior articular process above meets the superior one below (S1's is in its posterior part).
      const Prim& up = cortical(std::string(pr[0]) + ".articular.inferior." + sideName);
      const Prim& lo = cortical(std::string(pr[1]) == "S1" ? "S1.posterior" : std::string(pr[1]) + ".articular.superior." + sideName);
      double sx = side == 0 ? 1.0 : -1.0;
      double best = 1e9;
      size_t bi = 0;
      for (size_t i = 0; i < up.pos.size(); ++i) {
        if (up.pos[i].x * sx < 5.0) continue;
        double d = distance(lo, up.pos[i]);
        if (d < best) { best = d; bi = i; }
      }
      // The joint surfaces: vertices of each side within 2 mm of the closest approach to the other (the
      // facets are curved, so a narrower band sees only the patch nearest the other side).
      dvec3 nu(0.0), nl(0.0);
      int count = 0;
      for (size_t i = 0; i < up.pos.size(); ++i) {
        if (up.pos[i].x * sx < 5.0) continue;
        if (distance(lo, up.pos[i]) < best + 2.0) { nu += up.nrm[i]; ++count; }
      }
      for (size_t i = 0; i < lo.pos.size(); ++i) {
        if (lo.pos[i].x * sx < 5.0) continue;
        if (distance(up, lo.pos[i]) < best + 2.0) nl += lo.nrm[i];
      }
      nu = glm::normalize(nu);
      nl = glm::normalize(nl);
      // Angle between the joint plane and the sagittal plane (whose normal is x).
      double angle = glm::degrees(std::acos(std::min(1.0, std::fabs(nl.x))));
      std::printf("facet %s-%s %s: gap %.2f mm, %d facing vertices, normals dot %.2f, joint angle to sagittal %.1f deg\n",
                  pr[0], pr[1], side == 0 ? "left" : "right", best, count, glm::dot(nu, nl), angle);
      (void)bi;
      INFO(pr[0] << "-" << pr[1] << (side == 0 ? " left" : " right"));
      CHECK(best > 0.3);
      CHECK(best < 3.0);
      CHECK(glm::dot(nu, nl) < -0.8);
      // Jentzsch 2013 (CT, n=620): 38.7 deg at L3-4, 47 at L4-5, 47.3 at L5-S1.
      const double published = std::string(pr[0]) == "L3" ? 38.7 : std::string(pr[0]) == "L4" ? 47.0 : 47.3;
      CHECK(std::fabs(angle - published) < 10.0);
    }
  }
}

TEST_CASE("disc surfaces coincide with the vertebral endplates", "[model][fit]") {
  const Model& m = model();
  const char* discs[3][3] = {{"L3-L4", "L3", "L4"}, {"L4-L5", "L4", "L5"}, {"L5-S1", "L5", "S1"}};
  for (auto& d : discs) {
    std::string n = std::string("disc.") + d[0];
    const auto& sec = m.get(n + ".annulus").extras.at("section");
    dvec3 c = vec3(sec.at("centre"), 1000.0), nrm = vec3(sec.at("normal"));
    // All parts of each vertebra (at S1 the endplate's sides belong to the alae).
    std::vector<const Prim*> up, lo;
    for (const auto& nd : m.nodes) {
      if (nd.parent >= 0 && m.nodes[nd.parent].name == d[1] && nd.prim("bone.cortical")) up.push_back(nd.prim("bone.cortical"));
      if (nd.parent >= 0 && m.nodes[nd.parent].name == d[2] && nd.prim("bone.cortical")) lo.push_back(nd.prim("bone.cortical"));
    }
    auto distTo = [](const std::vector<const Prim*>& parts, const dvec3& p) {
      double b = 1e9;
      for (const Prim* q : parts) b = std::min(b, distance(*q, p));
      return b;
    };
    std::vector<double> dist;
    for (std::string part : {".annulus", ".nucleus"}) {
      const Prim& p = m.get(n + part).prims.at(0);
      for (size_t i = 0; i < p.pos.size(); ++i) {
        double facing = glm::dot(p.nrm[i], nrm);
        if (std::fabs(facing) < 0.9) continue; // top and bottom faces only
        bool top = glm::dot(p.pos[i] - c, nrm) > 0;
        if (top != (facing > 0)) continue;
        dist.push_back(distTo(top ? up : lo, p.pos[i]));
      }
    }
    REQUIRE(dist.size() > 50);
    std::sort(dist.begin(), dist.end());
    double p99 = dist[size_t(0.99 * (dist.size() - 1))], worst = dist.back();
    std::printf("%s: %zu endplate-facing disc vertices, median %.3f, p99 %.3f, max %.3f mm from the bone\n", d[0],
                dist.size(), dist[dist.size() / 2], p99, worst);
    INFO(d[0]);
    CHECK(p99 < 0.3);
    CHECK(worst < 0.6);
  }
}

TEST_CASE("the ligamentum flavum closes each interlaminar window at its published thickness", "[model][fit]") {
  // Khasawneh et al. 2023 (MRI, n=350), right side: 3.38, 3.71, 3.64 mm at L3-4, L4-5, L5-S1.
  const char* levels[3][3] = {{"L3-L4", "L3", "L4"}, {"L4-L5", "L4", "L5"}, {"L5-S1", "L5", "S1"}};
  const double published[3] = {3.38, 3.71, 3.64};
  const Model& m = model();
  const Prim& dura = *m.get("nerve.dura").prim("dura");
  for (int i = 0; i < 3; ++i) {
    INFO(levels[i][0]);
    const Prim& lf = *m.get(std::string("ligament.flavum.") + levels[i][0]).prim("ligament.flavum");
    // From straight behind, a ray through the window beside the spinous process (6 mm off the
    // midline, between the two vertebrae) meets the ligament before the dural sac.
    const auto& fu = m.get(levels[i][1]).extras.at("frame");
    const auto& fl = m.get(levels[i][2]).extras.at("frame");
    const dvec3 mid = 0.5 * (vec3(fu.at("origin"), 1000.0) + vec3(fl.at("origin"), 1000.0));
    const dvec3 ant = glm::normalize(vec3(fu.at("anterior")) + vec3(fl.at("anterior")));
    dvec3 inside(0.0);
    bool found = false;
    for (double dy = 0.0; dy <= 12.0 && !found; dy += 1.0)
      for (double sign : {1.0, -1.0}) {
        const dvec3 from = mid + dvec3(6.0, sign * dy, 0.0) - ant * 120.0;
        auto hl = hits(lf, from, ant), hd = hits(dura, from, ant);
        if (hl.size() < 2 || hd.empty() || hl.front() > hd.front()) continue;
        inside = from + ant * (0.5 * (hl[0] + hl[1]));
        found = true;
        break;
      }
    REQUIRE(found);
    // Thickness: the shortest chord through that point in the sagittal plane (across the sheet).
    double thickness = 1e9;
    for (double deg = 0.0; deg < 180.0; deg += 2.0) {
      const dvec3 dir(0.0, std::sin(glm::radians(deg)), std::cos(glm::radians(deg)));
      auto h = hits(lf, inside - dir * 60.0, dir);
      double before = -1.0, after = -1.0;
      for (double t : h) {
        if (t < 60.0) before = t;
        else if (after < 0.0) after = t;
      }
      if (before >= 0.0 && after >= 0.0) thickness = std::min(thickness, after - before);
    }
    std::printf("ligamentum flavum %s: %.2f mm thick (published %.2f)\n", levels[i][0], thickness, published[i]);
    CHECK(std::fabs(thickness - published[i]) < 0.1 * published[i]);
  }
}
