#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "anatomy/layers.h"
#include "anatomy/parts.h"

using namespace spineview;

namespace {
// A node's extras as a SpineView model writes them (models/README.md).
std::string info(const char* layer, const char* level = "", bool hidden = false) {
  nlohmann::json extras = nlohmann::json::object();
  if (*layer) extras["layer"] = layer;
  if (*level) extras["level"] = level;
  if (hidden) extras["initiallyHidden"] = true;
  return extras.dump();
}
Scene sceneWith(const std::vector<std::string>& extras) {
  Scene s;
  s.meshes.push_back(Mesh{"m", {}, {}});
  for (size_t i = 0; i < extras.size(); ++i) {
    Node n;
    n.name = "node" + std::to_string(i);
    n.mesh = 0;
    n.extras = extras[i];
    s.nodes.push_back(n);
  }
  return s;
}
std::string layerKeyOf(const std::string& extras) { return readParts(sceneWith({extras}))[0].layerKey; }
std::vector<LayerInfo> findLayers(const Scene& s) { return spineview::findLayers(s, readParts(s)); }
}  // namespace

TEST_CASE("layer keys split vertebrae per level and send unknown layers to Other") {
  CHECK(layerKeyOf(info("vertebra", "L4")) == "vertebra.L4");
  CHECK(layerKeyOf(info("vertebra", "S1")) == "vertebra.S1");
  CHECK(layerKeyOf(info("vertebra")) == "vertebra");
  CHECK(layerKeyOf(info("annulus", "L4-L5")) == "annulus");
  CHECK(layerKeyOf(info("ligament")) == "ligament");
  CHECK(layerKeyOf(info("muscle")) == "other");
  CHECK(layerKeyOf(info("")) == "other");
}

TEST_CASE("layers come in anatomical order with Other last") {
  Scene s = sceneWith({info("fibrin"), info("mystery"), info("nucleus"), info("vertebra", "L5"),
                       info("vertebra", "L3"), info("annulus"), info("nerve")});
  s.nodes.push_back(Node{});  // a group node without a mesh belongs to no layer
  const auto layers = findLayers(s);
  std::vector<std::string> keys;
  for (const auto& l : layers) keys.push_back(l.key);
  CHECK(keys == std::vector<std::string>{"vertebra.L3", "vertebra.L5", "annulus", "nucleus",
                                         "nerve", "fibrin", "other"});
  CHECK(layers.back().displayName == "Other");
  CHECK(layers.back().nodes == std::vector<int>{1});
}

TEST_CASE("procedure parts start hidden, anatomy starts visible") {
  Scene s = sceneWith({info("vertebra", "L4"), info("hardware", "", true),
                       info("hardware", "", true), info("nerve", "", false)});
  const auto layers = findLayers(s);
  const LayerState state = LayerState::defaultsFor(readParts(s), layers);
  CHECK(state.of("vertebra.L4").visible);
  CHECK_FALSE(state.of("hardware").visible);
  CHECK(state.of("nerve").visible);
  CHECK(state.of("never-seen").visible);  // unknown keys read as the default
  CHECK(state.of("never-seen").opacity == 1.f);
}

TEST_CASE("hiding by key, display name or family") {
  Scene s = sceneWith({info("vertebra", "L3"), info("vertebra", "L4"), info("annulus")});
  const auto layers = findLayers(s);
  LayerState state = LayerState::defaultsFor(readParts(s), layers);
  CHECK(state.hide(layers, "Annulus Fibrosus"));  // display name, any case
  CHECK_FALSE(state.of("annulus").visible);
  CHECK(state.of("vertebra.L3").visible);
  CHECK(state.hide(layers, "vertebra"));  // every level
  CHECK_FALSE(state.of("vertebra.L3").visible);
  CHECK_FALSE(state.of("vertebra.L4").visible);
  CHECK_FALSE(state.hide(layers, "spleen"));
}
