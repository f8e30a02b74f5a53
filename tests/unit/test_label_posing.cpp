// Label anchors go where the frame draws their parts (annotate/posing.h): unmoved at rest,
// moved by a part's offset and the spine's bones exactly as the renderer moves vertices, and
// gone with a part the frame hides.
#include <catch2/catch.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "anatomy/anatomy.h"
#include "annotate/posing.h"
#include "annotate/targets.h"
#include "bundled_model.h"
#include "frame/compose.h"
#include "test_paths.h"

using namespace spineview;

namespace {

struct Model {
  Scene scene;
  Anatomy anatomy;
  std::vector<LabelTarget> targets;
  AnchorSkins skins;
};
const Model& bundled() {
  static const Model model = [] {
    Model m{test::bundledSpine().scene, test::bundledSpine().anatomy, {}, {}};
    m.targets = labelTargets(m.scene, m.anatomy.parts);
    m.skins = anchorSkins(m.targets, m.anatomy.parts, m.anatomy.rig);
    return m;
  }();
  return model;
}

size_t targetNamed(const std::string& text) {
  const auto& targets = bundled().targets;
  for (size_t t = 0; t < targets.size(); ++t)
    if (targets[t].text == text) return t;
  FAIL("no label target " << text);
  return 0;
}

}  // namespace

TEST_CASE("at rest, posing leaves every anchor exactly where it was", "[labels][posing]") {
  const Model& m = bundled();
  ViewInputs inputs;
  inputs.layers = m.anatomy.defaultLayers();
  const FrameState frame = composeFrame(m.scene, m.anatomy, inputs);
  const PosedTargets posed = poseTargets(m.targets, m.skins, frame);
  REQUIRE(posed.targets.size() == m.targets.size());
  int shown = 0;
  for (size_t t = 0; t < m.targets.size(); ++t) {
    INFO(m.targets[t].text);
    if (!styleOf(frame, m.targets[t].nodes.front()).visible) {  // procedure parts, hidden at first
      CHECK(posed.targets[t].anchors.empty());
      continue;
    }
    ++shown;
    REQUIRE(posed.targets[t].anchors.size() == m.targets[t].anchors.size());
    for (size_t a = 0; a < m.targets[t].anchors.size(); ++a) {
      CHECK(posed.targets[t].anchors[a].position == m.targets[t].anchors[a].position);
      CHECK(posed.targets[t].anchors[a].normal == m.targets[t].anchors[a].normal);
      CHECK(posed.toRest[t][a] == glm::mat4(1.f));
    }
  }
  CHECK(shown >= 15);
}

TEST_CASE("posed anchors move as the renderer moves their vertices", "[labels][posing]") {
  const Model& m = bundled();
  auto story = loadStoryFor("fusion", m.scene, m.anatomy.parts);
  REQUIRE(story.ok());
  ViewInputs inputs;
  inputs.layers = m.anatomy.defaultLayers();
  inputs.story = evaluateStory(story.value(), 80.0);  // bent forward
  const FrameState frame = composeFrame(m.scene, m.anatomy, inputs);
  REQUIRE(isPosed(frame.bones));
  const PosedTargets posed = poseTargets(m.targets, m.skins, frame);
  const size_t l3 = targetNamed("L3 vertebra");
  const LabelTarget& rest = m.targets[l3];
  const LabelTarget& bent = posed.targets[l3];
  REQUIRE(bent.anchors.size() == rest.anchors.size());
  int moved = 0;
  for (size_t a = 0; a < rest.anchors.size(); ++a) {
    const glm::mat4 m4 = pointTransform(frame, rest.anchors[a].node, m.skins[l3][a]);
    const glm::vec3 expected(m4 * glm::vec4(rest.anchors[a].position, 1.f));
    CHECK(glm::distance(bent.anchors[a].position, expected) < 1e-6f);
    moved += glm::distance(bent.anchors[a].position, rest.anchors[a].position) > 1e-3f;
    // And back: the occlusion rays of this anchor are cast at rest.
    const glm::vec3 back(posed.toRest[l3][a] * glm::vec4(bent.anchors[a].position, 1.f));
    CHECK(glm::distance(back, rest.anchors[a].position) < 1e-5f);
  }
  CHECK(moved == int(rest.anchors.size()));  // the top vertebra moves the most in flexion
  // The fixed sacrum stays put.
  const size_t s1 = targetNamed("S1 vertebra");
  for (size_t a = 0; a < m.targets[s1].anchors.size(); ++a)
    CHECK(posed.targets[s1].anchors[a].position == m.targets[s1].anchors[a].position);
}

TEST_CASE("a part the frame hides loses its label, and an offset part moves", "[labels][posing]") {
  const Model& m = bundled();
  const size_t root = targetNamed("L4 nerve root (left)");
  FrameState frame;
  frame.nodeStyles.assign(m.scene.nodes.size(), NodeStyle{});
  for (int n : m.targets[root].nodes) frame.nodeStyles[size_t(n)].visible = false;
  const int dura = m.scene.findNode("nerve.dura");
  REQUIRE(dura >= 0);
  frame.nodeStyles[size_t(dura)].offset = glm::translate(glm::mat4(1.f), {0.f, 0.01f, 0.f});
  const PosedTargets posed = poseTargets(m.targets, m.skins, frame);
  CHECK(posed.targets[root].anchors.empty());
  const size_t sac = targetNamed("Dural sac");
  for (size_t a = 0; a < m.targets[sac].anchors.size(); ++a)
    CHECK(glm::distance(posed.targets[sac].anchors[a].position,
                        m.targets[sac].anchors[a].position + glm::vec3(0.f, 0.01f, 0.f)) < 1e-6f);
}
