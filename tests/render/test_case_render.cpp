// Three contrasting cases (case/case_rebuild.h) rendered as the window and --render draw them,
// against baselines: the axial cut follows the treated level and shows that case's tear and its
// leaked material where its zone says.
#include <catch2/catch.hpp>

#include "case/case_rebuild.h"
#include "frame/snapshot.h"
#include "render/gl_fixture.h"
#include "render/image_compare.h"

using namespace spineview;
using namespace spineview::test;

namespace {
constexpr int kWidth = 640, kHeight = 400;

struct CaseShot {
  const char* name;
  spinegen::Options options;
  const char* leak;  // the node of the leaked material, "" when none
};

std::vector<CaseShot> cases() {
  spinegen::Options a;  // L3-L4, a shallow rim tear on the right, nothing leaked, no HIZ
  a.level = "L3-L4";
  a.tear = spinegen::TearType::Rim;
  a.grade = 3;
  a.clockHours = 4.f;
  a.hiz = false;
  a.leak = spinegen::Leak::None;
  spinegen::Options b;  // L4-L5, a circumferential tear at the back, a large central leak
  b.tear = spinegen::TearType::Circumferential;
  b.grade = 4;
  b.clockHours = 6.f;
  b.leak = spinegen::Leak::Central;
  b.leakSizeMm = 6.f;
  spinegen::Options c;  // L5-S1, a full radial tear on the right, paracentral on the right
  c.level = "L5-S1";
  c.clockHours = 4.5f;
  c.leak = spinegen::Leak::Paracentral;
  c.leakSide = 1;
  c.leakSizeMm = 5.f;
  return {{"case_l3l4_rim", a, ""},
          {"case_l4l5_central", b, "disc.L4-L5.tear.extruded"},
          {"case_l5s1_paracentral", c, "disc.L5-S1.tear.extruded"}};
}

size_t pixelsOf(const Scene& scene, const NodeIdImage& ids, const std::string& node) {
  const std::uint32_t id = static_cast<std::uint32_t>(scene.findNode(node) + 1);
  size_t count = 0;
  for (std::uint32_t v : ids.ids) count += v == id;
  return count;
}

}  // namespace

TEST_CASE("three contrasting cases match their baselines, cut at their own level") {
  Renderer& renderer = sharedRenderer();
  for (const CaseShot& shot : cases()) {
    INFO(shot.name);
    auto scene = applyCase(bundledScene(), shot.options);
    REQUIRE(scene);
    const Scene& s = scene.value();
    const Anatomy anatomy = Anatomy::of(s);
    REQUIRE_FALSE(renderer.setScene(s, anatomy.drawHints(s)).has_value());
    SnapshotRequest r;
    r.width = kWidth;
    r.height = kHeight;
    r.view = "axial";
    r.cut = parseCutSpec("axial").value();
    auto frame = snapshotFrame(s, anatomy, r);
    REQUIRE(frame);
    RenderTarget target(RenderTarget::Kind::Offscreen, kWidth, kHeight, 4);
    REQUIRE(target.complete());
    renderer.render(frame.value(), target);
    CHECK(drainGlErrors().empty());
    const std::string problem = matchBaseline(target.readPixels(), std::string(shot.name) + "_axial_cut");
    INFO(problem);
    CHECK(problem.empty());
    // The cut goes through the case's disc, its tear (unless that lies under the upper endplate,
    // above the cut: a rim tear) and its leaked material, capped.
    const NodeIdImage ids = renderer.renderNodeIds(frame.value(), kWidth, kHeight);
    const std::string level = shot.options.level;
    CHECK(pixelsOf(s, ids, "disc." + level + ".nucleus") > 2000);
    if (shot.options.tear != spinegen::TearType::Rim) CHECK(pixelsOf(s, ids, "disc." + level + ".tear") > 20);
    if (*shot.leak) CHECK(pixelsOf(s, ids, shot.leak) > 20);
    else CHECK(s.findNode("disc." + level + ".tear.extruded") < 0);
  }
  REQUIRE_FALSE(renderer.setScene(bundledScene(), bundledHints()).has_value());
}
