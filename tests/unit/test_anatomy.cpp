// What SpineView reads from its models beyond glTF (src/anatomy): the vocabulary, the renderer's
// hints for the bundled model and for a model without extras, and the bone palette.
#include <catch2/catch.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "anatomy/anatomy.h"
#include "anatomy/vocabulary.h"
#include "bundled_model.h"
#include "test_paths.h"

using namespace spineview;

namespace {

const Scene& bundled() {
  return test::bundledSpine().scene;
}

const NodeHints& hintsOf(const DrawHints& hints, const std::string& node) {
  const int index = bundled().findNode(node);
  REQUIRE(index >= 0);
  REQUIRE(size_t(index) < hints.nodes.size());
  return hints.nodes[size_t(index)];
}

}  // namespace

TEST_CASE("layer names parse to kinds and back; unknown names are not kinds", "[anatomy]") {
  for (LayerKind kind : {LayerKind::Vertebra, LayerKind::Annulus, LayerKind::Nucleus,
                         LayerKind::Tear, LayerKind::Nerve, LayerKind::Ligament,
                         LayerKind::Hardware, LayerKind::Graft,
                         LayerKind::Needle, LayerKind::Fibrin}) {
    INFO(layerKindName(kind));
    CHECK(parseLayerKind(layerKindName(kind)) == kind);
  }
  CHECK_FALSE(parseLayerKind("muscle"));
  CHECK_FALSE(parseLayerKind("other"));
  CHECK_FALSE(parseLayerKind("Vertebra"));  // the files' words, exactly
  CHECK(isProcedureLayer(LayerKind::Needle));
  CHECK_FALSE(isProcedureLayer(LayerKind::Nerve));
  CHECK(showsOnFluoroscopy(LayerKind::Hardware));
  CHECK_FALSE(showsOnFluoroscopy(LayerKind::Annulus));
  CHECK(isDiscLevel("L4-L5"));
  CHECK_FALSE(isDiscLevel("L4"));
}

TEST_CASE("the bundled model's hints pattern each tissue's cut and skin its moving parts",
          "[anatomy]") {
  const DrawHints hints = test::bundledSpine().anatomy.drawHints(bundled());
  CHECK(hints.boneCount == kBoneCount);
  REQUIRE(hints.nodes.size() == bundled().nodes.size());

  const NodeHints& annulus = hintsOf(hints, "disc.L4-L5.annulus");
  REQUIRE(annulus.primitives.size() == 1);
  CHECK(annulus.primitives[0].cutPattern == CutPattern::Lamellae);
  CHECK(annulus.rings.valid());
  CHECK(annulus.capPriority == 2);
  CHECK_FALSE(annulus.primitives[0].skin.empty());  // blends between L5 and L4

  const NodeHints& body = hintsOf(hints, "L4.body");
  REQUIRE(body.primitives.size() == 2);  // cortical shell, cancellous core
  int cores = 0;
  for (const PrimitiveHints& p : body.primitives) {
    cores += p.capOnly;
    CHECK(p.cutPattern == (p.capOnly ? CutPattern::Cancellous : CutPattern::Cortical));
    for (const glm::vec3& s : p.skin) CHECK(s == glm::vec3(3.f, 3.f, 0.f));  // rigid on L4
  }
  CHECK(cores == 1);
  CHECK(hintsOf(hints, "disc.L4-L5.nucleus").primitives[0].cutPattern == CutPattern::Gel);
  CHECK(hintsOf(hints, "nerve.dura").primitives[0].cutPattern == CutPattern::Fibrous);
  // Implants say nothing: the renderer's own rule makes metal of metal.
  const NodeHints& screw = hintsOf(hints, "hardware.screw.L4.left");
  CHECK_FALSE(screw.primitives[0].cutPattern);
  CHECK_FALSE(screw.capPriority);
  // The needle is held by the operator: it does not move with the spine.
  CHECK(hintsOf(hints, "procedure.needle").primitives[0].skin.empty());
}

TEST_CASE("a model without SpineView's extras gets no hints and no rig", "[anatomy]") {
  Scene scene;
  Mesh mesh;
  Primitive p;
  p.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
  p.normals.assign(3, {0, 0, 1});
  p.indices = {0, 1, 2};
  mesh.primitives.push_back(p);
  scene.meshes.push_back(mesh);
  Material bone;
  bone.name = "bone";  // a name, but not one of SpineView's
  scene.materials.push_back(bone);
  scene.meshes[0].primitives[0].material = 0;
  Node node;
  node.name = "triangle";
  node.mesh = 0;
  scene.nodes.push_back(node);
  scene.updateWorldTransforms();
  const Anatomy anatomy = Anatomy::of(scene);
  CHECK_FALSE(anatomy.rig.valid());
  REQUIRE(anatomy.layers.size() == 1);
  CHECK(anatomy.layers[0].key == "other");
  const DrawHints hints = anatomy.drawHints(scene);
  REQUIRE(hints.nodes.size() == 1);
  REQUIRE(hints.nodes[0].primitives.size() == 1);
  CHECK_FALSE(hints.nodes[0].primitives[0].cutPattern);
  CHECK_FALSE(hints.nodes[0].primitives[0].capOnly);
  CHECK(hints.nodes[0].primitives[0].skin.empty());
  CHECK_FALSE(hints.nodes[0].capPriority);
}

TEST_CASE("a bone palette blends two bones and rests beyond its end", "[anatomy]") {
  const glm::mat4 up = glm::translate(glm::mat4(1.f), {0.f, 1.f, 0.f});
  const BonePalette bones = {glm::mat4(1.f), up};
  CHECK(blendedBone(bones, {0, 1, 0.25f}) * glm::vec4(0, 0, 0, 1) == glm::vec4(0, 0.25f, 0, 1));
  CHECK(blendedBone(bones, {1, 1, 0.f}) == up);
  CHECK(blendedBone(bones, {7, 7, 0.f}) == glm::mat4(1.f));  // not in the palette: at rest
  CHECK(blendedBone({}, {1, 2, 0.5f}) == glm::mat4(1.f));
  CHECK(isPosed(bones));
  CHECK_FALSE(isPosed({glm::mat4(1.f), glm::mat4(1.f)}));
  CHECK_FALSE(isPosed({}));
}
