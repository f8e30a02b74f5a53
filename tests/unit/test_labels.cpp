// Labels with leader lines (annotate/labels.h), without GL: what gets a label on the bundled
// model and on a custom scene, where leader lines end, and the layout's promises (no overlaps,
// inside the viewport, no crossings, calm while the camera orbits) at every named view.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "annotate/labels.h"
#include "bundled_model.h"
#include "frame/snapshot.h"
#include "scene/cut.h"
#include "test_paths.h"

using namespace spineview;
using namespace spineview::test;

namespace {

const Scene& bundled() { return test::bundledSpine().scene; }
const Anatomy& bundledAnatomy() { return test::bundledSpine().anatomy; }
const std::vector<LabelTarget>& bundledTargets() {
  static const std::vector<LabelTarget> targets = labelTargets(bundled(), bundledAnatomy().parts);
  return targets;
}
// The layer key of a target's nodes (they share one).
std::string layerKeyOf(const LabelTarget& target) {
  return bundledAnatomy().part(target.nodes.front()).layerKey;
}
const LabelOccluders& bundledOccluders() {
  static const LabelOccluders occluders = LabelOccluders::build(bundled());
  return occluders;
}

// DejaVuSans at 18 px averages about 7.6 px per character; the layout only needs sizes.
std::vector<glm::vec2> textSizes(const std::vector<ScreenAnchor>& anchors) {
  std::vector<glm::vec2> sizes;
  for (const auto& a : anchors) sizes.emplace_back(7.6f * float(a.text.size()), 21.f);
  return sizes;
}

struct Labelled {
  ViewInputs inputs;
  FrameState frame;
  std::vector<ScreenAnchor> anchors;
  LabelLayout layout;
  LabelRect viewport;
};

Labelled labelBundled(SnapshotRequest request) {
  auto inputs = snapshotInputs(bundled(), bundledAnatomy(), request);
  REQUIRE(inputs.ok());
  Labelled out;
  out.inputs = inputs.value();
  out.frame = composeFrame(bundled(), bundledAnatomy(), out.inputs);
  const glm::vec2 size(request.width, request.height);
  AnchorOptions options;
  options.occluders = &bundledOccluders();
  out.anchors = projectAnchors(bundledTargets(), out.frame, size, options);
  out.viewport = {{0.f, 0.f}, size};
  out.layout = layoutLabels(out.anchors, textSizes(out.anchors), out.viewport, LabelStyle{});
  return out;
}

std::string describe(const PlacedLabel& l) {
  return l.text + " [" + std::to_string(l.rect.min.x) + "," + std::to_string(l.rect.min.y) + " - " +
         std::to_string(l.rect.max.x) + "," + std::to_string(l.rect.max.y) + "]";
}

// Every promise of the layout, for one result.
void checkLayout(const LabelLayout& layout, const std::vector<ScreenAnchor>& anchors,
                 const LabelRect& viewport) {
  std::map<int, glm::vec2> anchorOf;
  for (const auto& a : anchors) anchorOf[a.target] = a.point;
  std::set<int> seen;
  for (std::size_t i = 0; i < layout.labels.size(); ++i) {
    const PlacedLabel& label = layout.labels[i];
    INFO(describe(label));
    CHECK(seen.insert(label.target).second);  // one label per target
    REQUIRE(anchorOf.count(label.target) == 1);
    CHECK(label.rect.min.x >= viewport.min.x);
    CHECK(label.rect.min.y >= viewport.min.y);
    CHECK(label.rect.max.x <= viewport.max.x);
    CHECK(label.rect.max.y <= viewport.max.y);
    REQUIRE(label.leader.size() >= 2);
    CHECK(label.leader.front() == anchorOf[label.target]);
    CHECK(label.anchor == anchorOf[label.target]);
    const glm::vec2 end = label.leader.back();
    const float edge = label.side == LabelSide::Left ? label.rect.max.x : label.rect.min.x;
    CHECK(end.x == Approx(edge));
    CHECK(end.y >= label.rect.min.y);
    CHECK(end.y <= label.rect.max.y);
    CHECK_FALSE(label.rect.contains(label.anchor));  // the box never hides its own anchor
    for (std::size_t j = i + 1; j < layout.labels.size(); ++j) {
      const PlacedLabel& other = layout.labels[j];
      INFO("and " << describe(other));
      CHECK_FALSE(label.rect.overlaps(other.rect));
      if (other.side != label.side) continue;
      for (std::size_t a = 0; a + 1 < label.leader.size(); ++a)
        for (std::size_t b = 0; b + 1 < other.leader.size(); ++b)
          CHECK_FALSE(segmentsIntersect(label.leader[a], label.leader[a + 1], other.leader[b],
                                        other.leader[b + 1]));
    }
  }
}

std::set<std::string> texts(const LabelLayout& layout) {
  std::set<std::string> out;
  for (const auto& l : layout.labels) out.insert(l.text);
  return out;
}

const LabelTarget* targetNamed(const std::string& text) {
  for (const auto& t : bundledTargets())
    if (t.text == text) return &t;
  return nullptr;
}

}  // namespace

TEST_CASE("the bundled model labels the structures a clinician names", "[labels]") {
  std::map<std::string, const LabelTarget*> byText;
  for (const auto& t : bundledTargets()) byText[t.text] = &t;
  for (const char* expected : {"L3 vertebra", "L4 vertebra", "L5 vertebra", "S1 vertebra",
                               "L3-L4 disc", "L4-L5 disc", "L5-S1 disc", "L4-L5 nucleus pulposus",
                               "L4-L5 annular tear", "Disc material outside the disc", "Dural sac",
                               "L4 nerve root (left)", "S1 nerve root (right)", "Pedicle screw",
                               "Rod", "Interbody cage", "Spinal needle", "Fibrin sealant"}) {
    INFO(expected);
    CHECK(byText.count(expected) == 1);
  }
  // Sub-parts are not labelled one by one, and only the treated disc's nucleus is.
  for (const char* absent :
       {"L4 vertebral body", "L4 pedicle (left)", "L4 lamina (left)", "L4 spinous process", "L3-L4 nucleus pulposus",
        "L4-L5 annulus fibrosus", "Pedicle screw (L4, left)"}) {
    INFO(absent);
    CHECK(byText.count(absent) == 0);
  }
  CHECK(byText.at("L4 vertebra")->nodes.size() == 14); // body, two pedicles and the arch's 11 structures
  CHECK(byText.at("Pedicle screw")->nodes.size() == 4);
  CHECK(layerKeyOf(*byText.at("L4 vertebra")) == "vertebra.L4");

  // Most important first; the tear and the treated disc outrank everything else.
  const auto& targets = bundledTargets();
  for (std::size_t i = 1; i < targets.size(); ++i)
    CHECK(targets[i - 1].priority >= targets[i].priority);
  CHECK(targets.front().text == "L4-L5 annular tear");
  CHECK(byText.at("L4-L5 disc")->priority > byText.at("L3-L4 disc")->priority);
  CHECK(byText.at("L4-L5 disc")->priority > byText.at("L4 vertebra")->priority);
}

TEST_CASE("label anchors are vertices of the structure they name", "[labels]") {
  const Scene& scene = bundled();
  for (const auto& target : bundledTargets()) {
    INFO(target.text);
    CHECK(target.anchors.size() >= 20);
    std::vector<glm::vec3> vertices;
    for (int n : target.nodes)
      for (const auto& prim : scene.meshes[scene.nodes[n].mesh].primitives)
        vertices.insert(vertices.end(), prim.positions.begin(), prim.positions.end());
    int preferred = 0;
    for (const auto& anchor : target.anchors) {
      CHECK(std::find(vertices.begin(), vertices.end(), anchor.position) != vertices.end());
      CHECK(glm::length(anchor.normal) == Approx(1.f).margin(1e-4));
      preferred += anchor.preferred;
    }
    // A vertebra's leader line goes preferably to its body.
    CHECK((preferred > 0) == (layerKeyOf(target).rfind("vertebra", 0) == 0));
  }
}

TEST_CASE("label layout: no two labels overlap at the tested views", "[labels]") {
  struct Setup {
    const char* name;
    std::vector<std::string> hide;
    const char* preset;
    bool showAll;
  };
  const std::vector<Setup> setups = {{"default", {}, "", false},
                                     {"no annulus", {"annulus"}, "", false},
                                     {"no vertebrae", {"vertebra"}, "", false},
                                     {"no nerves, no L4", {"nerve", "vertebra.L4"}, "", false},
                                     {"xray", {}, "xray", false},
                                     {"procedure parts shown", {}, "", true}};
  for (const glm::ivec2 size : {glm::ivec2(1280, 800), glm::ivec2(800, 1280)})
    for (const auto& view : namedViews())
      for (const auto& setup : setups) {
        SnapshotRequest request;
        request.width = size.x;
        request.height = size.y;
        request.view = view.name;
        request.hide = setup.hide;
        if (*setup.preset) request.preset = parseLayerPreset(setup.preset).value();
        request.showAllLayers = setup.showAll;
        INFO(view.name << " " << size.x << "x" << size.y << " " << setup.name);
        const Labelled l = labelBundled(request);
        checkLayout(l.layout, l.anchors, l.viewport);
        // Enough labels that the promises above are not met by dropping everything.
        // From above few structures face the camera; from behind the laminae cover the discs, so
        // with L4 and the nerves hidden six remain.
        const bool fewInSight = view.name == "posterior" && std::string(setup.name) == "no nerves, no L4";
        CHECK(l.layout.labels.size() >= (view.name == "axial" ? 4u : fewInSight ? 6u : 7u));
        CHECK(l.layout.labels.size() + l.layout.dropped.size() == l.anchors.size());
        // Hidden layers get no label.
        for (const auto& a : l.anchors) {
          const int node = bundledTargets()[size_t(a.target)].nodes.front();
          const LayerSetting& layer = l.inputs.layers.of(bundledAnatomy().part(node).layerKey);
          INFO(a.text);
          CHECK(layer.visible);
          CHECK(layer.opacity > 0.f);
        }
      }
}

TEST_CASE("hidden layers take their labels with them", "[labels]") {
  SnapshotRequest request;
  request.view = "left";
  const auto shown = texts(labelBundled(request).layout);
  CHECK(shown.count("L4 vertebra") == 1);
  CHECK(shown.count("L4-L5 disc") == 1);
  request.hide = {"vertebra.L4", "annulus"};
  const auto hidden = texts(labelBundled(request).layout);
  CHECK(hidden.count("L4 vertebra") == 0);
  CHECK(hidden.count("L4-L5 disc") == 0);
  CHECK(hidden.count("L3-L4 disc") == 0);
  CHECK(hidden.count("L5 vertebra") == 1);
}

TEST_CASE("a structure hidden inside another gets no label until it shows", "[labels]") {
  // The nucleus lies inside the annulus: with the annulus opaque no leader line may end on it.
  const LabelTarget* nucleus = targetNamed("L4-L5 nucleus pulposus");
  REQUIRE(nucleus);
  SnapshotRequest request;
  request.view = "left";
  CHECK(texts(labelBundled(request).layout).count(nucleus->text) == 0);
  // Without occlusion it would get one: the check above is the occluders' doing.
  const FrameState frame = snapshotFrame(bundled(), bundledAnatomy(), request).value();
  const auto unchecked = projectAnchors(bundledTargets(), frame, {1280.f, 800.f});
  CHECK(std::any_of(unchecked.begin(), unchecked.end(),
                    [&](const ScreenAnchor& a) { return a.text == nucleus->text; }));
  // Shown once the annulus is hidden or see-through.
  request.hide = {"annulus"};
  CHECK(texts(labelBundled(request).layout).count(nucleus->text) == 1);
  request.hide = {};
  request.preset = LayerPreset::Xray;
  CHECK(texts(labelBundled(request).layout).count(nucleus->text) == 1);
}

TEST_CASE("with a cut, label anchors lie on the kept side", "[labels]") {
  for (CutAxis axis : {CutAxis::Axial, CutAxis::Sagittal, CutAxis::Coronal}) {
    CutSpec spec;
    spec.axis = axis;
    const CutPlane cut = makeCut(bundledAnatomy().cutFrame, spec);
    SnapshotRequest request;
    request.view = cutViewName(axis);
    INFO(cutAxisName(axis));
    // Uncut, some anchors from this view lie in the half the cut removes ...
    const Labelled whole = labelBundled(request);
    CHECK(std::any_of(whole.anchors.begin(), whole.anchors.end(),
                      [&](const ScreenAnchor& a) { return !cut.keeps(a.world); }));
    // ... cut, none does, and labels are still there.
    request.cut = spec;
    const Labelled l = labelBundled(request);
    REQUIRE(l.frame.cut.enabled);
    for (const auto& a : l.anchors) {
      INFO(a.text);
      CHECK(l.frame.cut.keeps(a.world));
    }
    CHECK(l.layout.labels.size() >= 4);
    checkLayout(l.layout, l.anchors, l.viewport);
  }
}

TEST_CASE("a cut disc shows its labels on its cut surface, not under it", "[labels]") {
  // Axial cut through the treated disc's mid-plane, seen from above: the nucleus shows only as
  // its cut surface, and the disc's cap hides everything below it.
  SnapshotRequest request;
  request.view = "axial";
  request.cut = CutSpec{};
  const Labelled l = labelBundled(request);
  const CutPlane& cut = l.frame.cut;
  const RingSection& section = bundledAnatomy().part(bundled().findNode("disc.L4-L5.annulus")).section;
  REQUIRE(section.valid());
  // Whether a point of the cut plane lies on the disc's cut surface (models/README.md: outer
  // radius per 5 degrees from the anterior axis toward the left), with a margin.
  auto onDiscCap = [&](const glm::vec3& p) {
    const glm::vec3 v = p - section.centre;
    const float angle =
        std::atan2(glm::dot(v, section.leftAxis), glm::dot(v, section.anteriorAxis));
    const int k = (static_cast<int>(std::lround(glm::degrees(angle) / 5.f)) % 72 + 72) % 72;
    return glm::length(v - glm::dot(v, section.normal) * section.normal) <
           0.95f * section.outerRadius[k];
  };
  const auto placed = texts(l.layout);
  CHECK(placed.count("L4-L5 nucleus pulposus") == 1);
  CHECK(placed.count("L4-L5 disc") == 1);
  for (const auto& a : l.anchors) {
    INFO(a.text);
    const float d = cut.signedDistance(a.world);
    if (a.text == "L4-L5 nucleus pulposus" || a.text == "L4-L5 disc") {
      CHECK(d == Approx(0.f).margin(1e-4));  // on the cut surface
      CHECK(onDiscCap(a.world));
    } else if (d > 1e-4f) {
      // Below the plane: its line of sight must not pass through the disc's cut surface.
      const glm::vec3 toEye = l.frame.camera.eye - a.world;
      const glm::vec3 crossing =
          a.world + toEye * (d / (d - cut.signedDistance(l.frame.camera.eye)));
      CHECK_FALSE(onDiscCap(crossing));
    }
  }
  checkLayout(l.layout, l.anchors, l.viewport);
}

TEST_CASE("a custom scene gets labels from its node names", "[labels]") {
  // Three boxes side by side, without extras: named by node, by mesh, and not at all.
  Scene scene;
  auto addBox = [&](const std::string& nodeName, const std::string& meshName, float x) {
    Primitive p;
    for (int i = 0; i < 8; ++i) {
      const glm::vec3 corner((i & 1) ? 1.f : -1.f, (i & 2) ? 1.f : -1.f, (i & 4) ? 1.f : -1.f);
      p.positions.push_back(corner * 0.4f + glm::vec3(x, 0.f, 0.f));
      p.normals.push_back(glm::normalize(corner));
      p.bounds.grow(p.positions.back());
    }
    p.indices = {0, 1, 3, 0, 3, 2, 4, 6, 7, 4, 7, 5, 0, 4, 5, 0, 5, 1,
                 2, 3, 7, 2, 7, 6, 0, 2, 6, 0, 6, 4, 1, 5, 7, 1, 7, 3};
    Mesh mesh;
    mesh.name = meshName;
    mesh.primitives.push_back(p);
    scene.meshes.push_back(mesh);
    Node node;
    node.name = nodeName;
    node.mesh = static_cast<int>(scene.meshes.size()) - 1;
    scene.nodes.push_back(node);
    scene.roots.push_back(static_cast<int>(scene.nodes.size()) - 1);
  };
  addBox("Femur", "femur_mesh", -2.f);
  addBox("", "Tibia mesh", 0.f);
  addBox("", "", 2.f);
  scene.updateWorldTransforms();

  const std::vector<PartInfo> parts = readParts(scene);
  const auto targets = labelTargets(scene, parts);
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].text == "Femur");
  CHECK(targets[1].text == "Tibia mesh");
  CHECK(parts[size_t(targets[0].nodes.front())].layerKey == "other");

  OrbitCamera camera;
  camera.setView(*findNamedView("oblique"), false);
  camera.frame(scene.worldBounds(), 1.6f, false);
  ViewInputs inputs;  // every layer shown, no cut
  inputs.camera = camera.matrices(1.6f);
  const FrameState frame = composeFrame(scene, Anatomy::of(scene), inputs);
  AnchorOptions options;
  const LabelOccluders occluders = LabelOccluders::build(scene);
  options.occluders = &occluders;
  const auto anchors = projectAnchors(targets, frame, {1280.f, 800.f}, options);
  const LabelRect viewport{{0.f, 0.f}, {1280.f, 800.f}};
  const LabelLayout layout = layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{});
  CHECK(texts(layout) == std::set<std::string>{"Femur", "Tibia mesh"});
  checkLayout(layout, anchors, viewport);
}

namespace {

// Follows the labels of the bundled model while an orbit camera turns in small steps, feeding
// each frame's anchors and layout to the next as the window does.
class OrbitFollower {
 public:
  OrbitFollower(const NamedView& view, glm::vec2 size) : size_(size) {
    camera_.setView(view, false);
    camera_.setClipBounds(bundled().worldBounds());
    camera_.frame(bundled().worldBounds(), size.x / size.y, false);
    frame_.layers = bundledAnatomy().defaultLayers();
    next();
  }
  // Orbits by a drag of (dx, dy) pixels and places the labels again; returns the box moves of
  // the labels shown before and after, and counts those that changed column.
  std::vector<float> orbit(float dx, float dy, int& columnChanges) {
    camera_.orbit(dx, dy, size_.y);
    const LabelLayout before = layout_;
    next();
    std::vector<float> moves;
    for (const auto& label : layout_.labels)
      for (const auto& old : before.labels)
        if (old.target == label.target) {
          moves.push_back(glm::distance(old.rect.min, label.rect.min));
          columnChanges += old.side != label.side;
        }
    return moves;
  }
  const LabelLayout& layout() const { return layout_; }
  const std::vector<ScreenAnchor>& anchors() const { return anchors_; }

 private:
  void next() {
    camera_.update(1.f);
    AnchorOptions options;
    options.occluders = &bundledOccluders();
    const std::vector<ScreenAnchor> previousAnchors = anchors_;
    const LabelLayout previousLayout = layout_;
    options.previous = started_ ? &previousAnchors : nullptr;
    frame_.camera = camera_.matrices(size_.x / size_.y);
    anchors_ = projectAnchors(bundledTargets(), composeFrame(bundled(), bundledAnatomy(), frame_),
                              size_, options);
    layout_ = layoutLabels(anchors_, textSizes(anchors_), {{0.f, 0.f}, size_}, LabelStyle{},
                           started_ ? &previousLayout : nullptr);
    started_ = true;
  }
  glm::vec2 size_;
  OrbitCamera camera_;
  ViewInputs frame_;  // the default layers, no cut; the camera of the step
  std::vector<ScreenAnchor> anchors_;
  LabelLayout layout_;
  bool started_ = false;
};

}  // namespace

TEST_CASE("a small orbit step moves labels a little and keeps their columns", "[labels]") {
  // One degree of yaw, as a slow drag gives (a drag of the view's height turns 180 degrees).
  for (const glm::vec2 size : {glm::vec2(1280.f, 800.f), glm::vec2(800.f, 1280.f)})
    for (const auto& view : namedViews())
      for (const float direction : {-1.f, 1.f}) {
        OrbitFollower follower(view, size);
        int columnChanges = 0;
        const auto moves = follower.orbit(direction * size.y / 180.f, 0.f, columnChanges);
        INFO(view.name << " " << size.x << "x" << size.y << " direction " << direction);
        checkLayout(follower.layout(), follower.anchors(), {{0.f, 0.f}, size});
        CHECK(moves.size() >= 4);
        CHECK(columnChanges == 0);
        // Boxes are 33 px high and stack 39 px apart. Boxes move with their anchors, but a
        // leader end whose point goes out of sight moves to the next visible point of its
        // structure, and a label coming into view pushes its neighbours apart; so one box may
        // move a slot, none two.
        CHECK(std::count_if(moves.begin(), moves.end(), [](float m) { return m >= 33.f; }) <= 1);
        CHECK(*std::max_element(moves.begin(), moves.end()) < 78.f);
      }
}

TEST_CASE("labels stay calm through a slow orbit", "[labels]") {
  // 30 steps of one degree of yaw, with half a degree of pitch every third, from four views.
  // Structures come into view and leave, and leader ends move to a visible point when theirs
  // is covered, so some boxes do move; what must stay rare is a box jumping or changing column.
  const glm::vec2 size(1280.f, 800.f);
  std::vector<float> moves;
  int columnChanges = 0;
  for (const char* name : {"oblique", "posterior", "left", "anterior"}) {
    OrbitFollower follower(*findNamedView(name), size);
    for (int step = 1; step <= 30; ++step) {
      const auto stepMoves =
          follower.orbit(size.y / 180.f, step % 3 == 0 ? size.y / 360.f : 0.f, columnChanges);
      moves.insert(moves.end(), stepMoves.begin(), stepMoves.end());
      INFO(name << " step " << step);
      checkLayout(follower.layout(), follower.anchors(), {{0.f, 0.f}, size});
    }
  }
  std::sort(moves.begin(), moves.end());
  const float median = moves[moves.size() / 2], p95 = moves[moves.size() * 95 / 100];
  INFO("box moves per step: median " << median << " px, 95th percentile " << p95
                                     << " px; column changes " << columnChanges << " of "
                                     << moves.size());
  REQUIRE(moves.size() > 1000);
  CHECK(median < 1.f);
  // 12.9 px with exact cuts between parts; 15.5 since parts sink under their neighbours near the
  // cuts, which hides more of the candidate anchor points there (spread over all targets).
  CHECK(p95 < 17.f);
  // With the arch's laminae and processes, whose edges move leader ends more often, 8 or 9 of 1657
  // (6 before the arch was split into its structures).
  CHECK(columnChanges <= 10);
}

TEST_CASE("labels that do not fit are dropped lowest priority first", "[labels]") {
  // 24 anchors on one vertical line, priorities 0..23 in shuffled order, in a short viewport.
  std::vector<ScreenAnchor> anchors;
  for (int i = 0; i < 24; ++i) {
    ScreenAnchor a;
    a.target = i;
    a.priority = (i * 7) % 24;
    a.text = "Label " + std::to_string(i);
    a.point = {i % 2 ? 380.f : 420.f, 100.f + 4.f * float(i)};
    anchors.push_back(a);
  }
  const LabelRect viewport{{0.f, 0.f}, {800.f, 300.f}};
  const LabelLayout layout = layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{});
  checkLayout(layout, anchors, viewport);
  REQUIRE_FALSE(layout.dropped.empty());
  REQUIRE(layout.labels.size() >= 8);  // two columns of about 8
  int lowestPlaced = 100, highestDropped = -1;
  for (const auto& l : layout.labels) lowestPlaced = std::min(lowestPlaced, l.priority);
  for (int t : layout.dropped) highestDropped = std::max(highestDropped, anchors[t].priority);
  CHECK(highestDropped < lowestPlaced);
}

TEST_CASE("where the overlays leave no room, every label is dropped without a crash", "[labels]") {
  // The window's label area ends above where it starts when a tall info card meets the
  // toolbar's second row (a cut's slider): the layout must give up cleanly.
  std::vector<ScreenAnchor> anchors;
  for (int i = 0; i < 6; ++i) {
    ScreenAnchor a;
    a.target = i;
    a.text = "Structure " + std::to_string(i);
    a.point = {300.f + 20.f * float(i), 90.f};
    anchors.push_back(a);
  }
  for (const LabelRect& area : {LabelRect{{0.f, 120.f}, {800.f, 80.f}},    // upside down
                                LabelRect{{0.f, 80.f}, {800.f, 100.f}},     // thinner than margins
                                LabelRect{{0.f, 0.f}, {0.f, 0.f}}}) {      // nothing
    const LabelLayout layout = layoutLabels(anchors, textSizes(anchors), area, LabelStyle{});
    CHECK(layout.labels.empty());
    CHECK(layout.dropped.size() == anchors.size());
  }
}

TEST_CASE("label leader lines that would cross are untangled", "[labels]") {
  // Far anchors just above near ones: boxes pushed apart in anchor order would give crossing
  // leader lines, so some boxes must leave that order.
  std::vector<ScreenAnchor> anchors;
  const float ys[] = {300.f, 302.f, 304.f, 306.f, 308.f, 310.f};
  const float xs[] = {600.f, 300.f, 560.f, 310.f, 520.f, 320.f};
  for (int i = 0; i < 6; ++i) {
    ScreenAnchor a;
    a.target = i;
    a.text = "Structure " + std::to_string(i);
    a.point = {xs[i], ys[i]};
    anchors.push_back(a);
  }
  // Anchors far right keep the centre line to the right of all six.
  for (int i = 6; i < 9; ++i) {
    ScreenAnchor a;
    a.target = i;
    a.text = "Right " + std::to_string(i);
    a.point = {1100.f, 100.f * float(i)};
    anchors.push_back(a);
  }
  const LabelRect viewport{{0.f, 0.f}, {1280.f, 800.f}};
  const LabelLayout layout = layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{});
  CHECK(layout.labels.size() == 9);
  checkLayout(layout, anchors, viewport);
  std::vector<int> leftOrder;
  for (const auto& l : layout.labels)
    if (l.side == LabelSide::Left) leftOrder.push_back(l.target);
  CHECK(leftOrder.size() == 6);
  CHECK(leftOrder != std::vector<int>{0, 1, 2, 3, 4, 5});  // the anchors' order in y
}

TEST_CASE("a label whose anchor is near the centre line keeps last frame's column", "[labels]") {
  std::vector<ScreenAnchor> anchors;
  for (int i = 0; i < 3; ++i) {
    ScreenAnchor a;
    a.target = i;
    a.text = "Part " + std::to_string(i);
    anchors.push_back(a);
  }
  anchors[0].point = {400.f, 300.f};
  anchors[1].point = {800.f, 400.f};
  anchors[2].point = {595.f, 500.f};  // just left of the centre line at 600
  const LabelRect viewport{{0.f, 0.f}, {1200.f, 800.f}};
  const LabelLayout first = layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{});
  auto sideOf = [](const LabelLayout& layout, int target) {
    for (const auto& l : layout.labels)
      if (l.target == target) return l.side;
    FAIL("no label for target " << target);
    return LabelSide::Left;
  };
  REQUIRE(sideOf(first, 2) == LabelSide::Left);
  anchors[2].point.x = 610.f;  // drifts just across
  CHECK(sideOf(layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{}, &first), 2) ==
        LabelSide::Left);
  CHECK(sideOf(layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{}), 2) ==
        LabelSide::Right);     // without history it would switch
  anchors[2].point.x = 700.f;  // clearly on the right now
  CHECK(sideOf(layoutLabels(anchors, textSizes(anchors), viewport, LabelStyle{}, &first), 2) ==
        LabelSide::Right);
}
