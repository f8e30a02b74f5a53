// The sentence that tells a case in plain words: each zone and the root it touches, each grade,
// the clock and its side, and no word that promises or predicts anything.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "case/case_file.h"

using namespace spineview;
using spinegen::Leak;
using spinegen::TearType;

namespace {

Case makeCase(const std::string& level, Leak leak, int side) {
  Case c;
  c.anatomy.level = level;
  c.anatomy.leak = leak;
  c.anatomy.leakSide = side;
  return c;
}

}  // namespace

TEST_CASE("case: the summary says the tear and the leak in plain words", "[case]") {
  CHECK(caseSummary(Case{}) ==
        "A radial tear at L4-L5 through the whole annulus, at 7:30 on the left, with a bright "
        "spot on MRI (high-intensity zone); material in the left foramen touches the left L4 "
        "nerve root.");
  Case c;
  c.anatomy.hiz = false;
  c.anatomy.leak = Leak::Paracentral;
  CHECK(caseSummary(c) ==
        "A radial tear at L4-L5 through the whole annulus, at 7:30 on the left; material in the "
        "left subarticular (paracentral) zone touches the left L5 nerve root.");
  c.anatomy.level = "L5-S1";
  c.anatomy.leakSide = 1;
  CHECK(caseSummary(c).find("right subarticular (paracentral) zone touches the right S1 nerve "
                            "root.") != std::string::npos);
  c.anatomy.leak = Leak::Foraminal;
  CHECK(caseSummary(c).find("material in the right foramen touches the right L5 nerve root.") !=
        std::string::npos);
  c.anatomy.leak = Leak::Central;
  CHECK(caseSummary(c).find("; material in the centre of the canal presses on the dural sac and "
                            "touches no single root.") != std::string::npos);
  c.anatomy.leak = Leak::Bulge;
  CHECK(caseSummary(c).find("; the disc bulges but its material stays contained: it touches no "
                            "nerve root.") != std::string::npos);
  c.anatomy.leak = Leak::None;
  c.anatomy.tear = TearType::Rim;
  c.anatomy.grade = 1;
  c.anatomy.clockHours = 12.f;
  CHECK(caseSummary(c) ==
        "A rim (transverse) tear at L5-S1 into the inner third of the annulus, at 12:00 in the "
        "midline; no material has leaked out of the disc.");
  c.anatomy.tear = TearType::Circumferential;
  c.anatomy.grade = 3;
  CHECK(caseSummary(c).rfind("A circumferential tear at L5-S1 into the outer third, over less "
                             "than 30° of its circumference, at 12:00",
                             0) == 0);
  c.anatomy.grade = 4;
  CHECK(caseSummary(c).find("into the outer third, over more than 30°, at") != std::string::npos);
  c.anatomy.grade = 2;
  CHECK(caseSummary(c).find(" into the middle third, at") != std::string::npos);
}

TEST_CASE("case: grade 0 says there is no tear; the clock reads as on a watch", "[case]") {
  Case c;
  c.anatomy.grade = 0;
  c.anatomy.leak = Leak::None;
  CHECK(caseSummary(c) ==
        "No tear at L4-L5: contrast would stay in the nucleus; MRI shows a bright spot "
        "(high-intensity zone); no material has leaked out of the disc.");
  c.anatomy.grade = 5;
  c.anatomy.hiz = false;
  const std::vector<std::pair<float, std::string>> clocks = {
      {0.f, "at 12:00 in the midline;"},
      {12.f, "at 12:00 in the midline;"},
      {6.f, "at 6:00 at the back in the midline;"},
      {3.f, "at 3:00 on the right;"},
      {0.5f, "at 12:30 on the right;"},
      {9.25f, "at 9:15 on the left;"},
      {11.99f, "at 11:59 on the left;"},
      {3.08f, "at 3:05 on the right;"},
      {5.99f, "at 5:59 on the right;"},
      {6.01f, "at 6:01 on the left;"}};
  for (const auto& [hours, words] : clocks) {
    c.anatomy.clockHours = hours;
    INFO(hours);
    CHECK(caseSummary(c).find(words) != std::string::npos);
  }
  // Neutral words only: no case's sentence promises or predicts anything.
  for (const std::string& level : spinegen::kLevelNames)
    for (const std::string& zone : spinegen::kLeakNames)
      for (int grade = 0; grade <= 5; ++grade) {
        Case any = makeCase(level, *spinegen::parseLeak(zone), grade % 2);
        any.anatomy.grade = grade;
        const std::string sentence = caseSummary(any);
        INFO(sentence);
        for (const char* claim : {"heal", "pain", "will ", "cure", "recover", "should"})
          CHECK(sentence.find(claim) == std::string::npos);
        CHECK(sentence.back() == '.');
      }
}
