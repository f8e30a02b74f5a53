// The case's geometry from the generator's own fields (no meshing, so every combination runs):
// leaked material meets the root its zone names and no other, a central mass the dural sac and no
// root, a contained bulge nothing; the needle's tip lies in the tear at every level.
#include <catch2/catch.hpp>

#include <cstdio>
#include "modelgen/hardware.h"
#include "modelgen/leak.h"
#include "modelgen/nerves.h"

using namespace spinegen;

namespace {

// Grid points (0.25 mm) inside the mass, and among them those inside each tube (nerveField: the
// tube less bone, as meshed).
struct Contact {
  int massPoints = 0;
  std::vector<int> perRoot;  // in Nerves::roots order
  int dura = 0;
};

Contact contacts(const Spine& spine, const Nerves& nerves, const Field& mass, const Box& box) {
  Contact c;
  c.perRoot.assign(nerves.roots.size(), 0);
  const float step = 0.25f;
  for (float x = box.lo.x; x <= box.hi.x; x += step)
    for (float y = box.lo.y; y <= box.hi.y; y += step)
      for (float z = box.lo.z; z <= box.hi.z; z += step) {
        glm::vec3 p(x, y, z);
        if (mass(p) >= 0.f) continue;
        ++c.massPoints;
        for (size_t r = 0; r < nerves.roots.size(); ++r)
          if (nerves.roots[r].eval(p) < 0.f && nerveField(spine, nerves.roots[r], p) < 0.f) ++c.perRoot[r];
        if (nerves.dura.eval(p) < 0.f && nerveField(spine, nerves.dura, p) < 0.f) ++c.dura;
      }
  return c;
}

} // namespace

TEST_CASE("leaked material meets the root its zone names, and no other", "[model][case]") {
  for (const std::string& level : kLevelNames)
    for (Leak leak : {Leak::Paracentral, Leak::Foraminal, Leak::Central})
      for (int side : {0, 1})
        for (float size : {kLeakSizeMinMm, 4.f, kLeakSizeMaxMm}) {
          Options o;
          o.level = level;
          o.leak = leak;
          o.leakSide = side;
          o.leakSizeMm = size;
          Spine spine(o);
          Nerves nerves = buildNerves(spine);
          auto mass = planLeak(spine, nerves);
          REQUIRE(mass);
          Field f = [&](const glm::vec3& p) { return leakField(spine, *mass, p); };
          Contact c = contacts(spine, nerves, f, mass->box());
          const std::string named = touchedRoot(o);
          INFO(level << " " << leakName(leak) << " " << sideName(side) << " " << size << " mm: touches "
                     << mass->touches << ", " << c.massPoints << " mass points, " << c.dura << " in the sac");
          CHECK(c.massPoints > 50);
          CHECK(mass->touches == (leak == Leak::Central ? nerves.dura.name : named));
          for (size_t r = 0; r < nerves.roots.size(); ++r) {
            INFO(nerves.roots[r].name << ": " << c.perRoot[r] << " shared points");
            if (nerves.roots[r].name == named) CHECK(c.perRoot[r] > 0);
            else CHECK(c.perRoot[r] == 0);
          }
          if (leak == Leak::Central) CHECK(c.dura > 0);
        }
}

TEST_CASE("a contained bulge pushes the disc out and touches no root", "[model][case]") {
  for (const std::string& level : kLevelNames) {
    Options o;
    o.level = level;
    o.leak = Leak::Bulge;
    o.leakSizeMm = kLeakSizeMaxMm;
    Spine spine(o);
    Nerves nerves = buildNerves(spine);
    const int d = spine.treatedDisc();
    Field bulge = [&](const glm::vec3& p) { return std::max(spine.annulus(d, p), -spine.cleanAnnulus(d, p)); };
    Contact c = contacts(spine, nerves, bulge, spine.discBox(d));
    INFO(level << ": " << c.massPoints << " points beyond the clean wall");
    CHECK(c.massPoints > 200);
    for (size_t r = 0; r < nerves.roots.size(); ++r) {
      INFO(nerves.roots[r].name);
      CHECK(c.perRoot[r] == 0);
    }
    Options none = o;
    none.leak = Leak::None;
    CHECK_FALSE(planLeak(spine, nerves));
    CHECK_FALSE(planLeak(Spine(none), nerves));
  }
}

TEST_CASE("the needle's tip lies inside the tear at every level and tear type", "[model][case]") {
  for (const std::string& level : kLevelNames)
    for (TearType tear : {TearType::Radial, TearType::Circumferential, TearType::Rim})
      for (int grade : {1, 3, 5}) {
        Options o;
        o.level = level;
        o.tear = tear;
        o.grade = grade;
        Spine spine(o);
        Nerves nerves = buildNerves(spine);
        NeedlePath path = planNeedle(spine, nerves);
        INFO(level << " " << tearName(tear) << " grade " << grade << ": clearance " << path.clearance);
        CHECK(spine.tearInDisc(path.tip + path.dir * 0.05f) < 0.f);
        // The path never enters bone or a nerve; at L5-S1, low between the alae and the L5
        // transverse processes with both roots beside the disc, the model leaves less room.
        CHECK(path.clearance > (level == "L5-S1" ? 0.f : 0.5f));
      }
}

TEST_CASE("at every level the screws stay in bone and the cage fits the disc space", "[model][case]") {
  for (const std::string& level : kLevelNames) {
    Options o;
    o.level = level;
    Spine spine(o);
    const Disc& disc = spine.discs()[size_t(spine.treatedDisc())];
    // Screws: along the axis from 1.5 mm past the entry to 1 mm short of the tip, inside their
    // vertebra's bone, and reaching into the body (more than half the length).
    const std::vector<Screw> screws = placeScrews(spine);
    REQUIRE(screws.size() == 4);
    for (const Screw& s : screws) {
      INFO(level << " " << s.name);
      CHECK((s.vertebra == disc.upper || s.vertebra == disc.lower));
      const glm::vec3 dir = -s.frame.w;
      int outside = 0;
      for (float t = 1.5f; t <= kScrewLength - 1.f; t += 1.f)
        outside += spine.boneField(s.vertebra, s.frame.o + dir * t) > 0.f;
      CHECK(outside == 0);
      CHECK(spine.partField(s.vertebra, 0, s.frame.o + dir * (kScrewLength - 2.f), 0.f) < 0.f);  // the tip in the body
    }
    // Cage: no point of it more than 0.2 mm inside either endplate's bone, and it fills the
    // disc space's height (points within 1 mm of both endplates).
    const Box box = spine.discBox(spine.treatedDisc());
    float deepest = 0.f, nearUpper = 1e9f, nearLower = 1e9f;
    int inside = 0;
    for (float x = box.lo.x; x <= box.hi.x; x += 0.5f)
      for (float y = box.lo.y; y <= box.hi.y; y += 0.5f)
        for (float z = box.lo.z; z <= box.hi.z; z += 0.5f) {
          const glm::vec3 p(x, y, z);
          if (cageField(spine, p) >= 0.f) continue;
          ++inside;
          deepest = std::max({deepest, -spine.boneField(disc.upper, p), -spine.boneField(disc.lower, p)});
          const glm::vec2 gaps = spine.endplateDistances(spine.treatedDisc(), p);
          nearLower = std::min(nearLower, gaps.x);
          nearUpper = std::min(nearUpper, gaps.y);
        }
    std::printf("%s cage: %d grid points, deepest in bone %.2f mm, gaps to the endplates %.2f / %.2f mm\n",
                level.c_str(), inside, deepest, nearLower, nearUpper);
    INFO(level);
    CHECK(inside > 1000);
    CHECK(deepest < 0.2f);
    CHECK(nearLower < 1.f);
    CHECK(nearUpper < 1.f);
  }
}
