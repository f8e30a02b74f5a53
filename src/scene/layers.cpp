#include "scene/layers.h"

#include <algorithm>
#include <cctype>

namespace spineview {
namespace {

// Known layers in the order a clinician reads the spine: bone, disc, nerves, then the
// procedure parts. Vertebrae are split per level.
struct KnownLayer {
  const char* key;
  const char* displayName;
};
constexpr KnownLayer kKnownLayers[] = {
    {"vertebra.L1", "Vertebra L1"}, {"vertebra.L2", "Vertebra L2"},
    {"vertebra.L3", "Vertebra L3"}, {"vertebra.L4", "Vertebra L4"},
    {"vertebra.L5", "Vertebra L5"}, {"vertebra.S1", "Sacrum S1"},
    {"vertebra", "Vertebrae"},      {"annulus", "Annulus fibrosus"},
    {"nucleus", "Nucleus pulposus"}, {"tear", "Annular tear"},
    {"nerve", "Nerves"},            {"hardware", "Hardware"},
    {"graft", "Bone graft"},        {"needle", "Needle"},
    {"fibrin", "Fibrin sealant"},
};
constexpr const char* kOtherKey = "other";

int knownIndex(const std::string& key) {
  for (size_t i = 0; i < std::size(kKnownLayers); ++i)
    if (key == kKnownLayers[i].key) return static_cast<int>(i);
  return -1;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string layerKeyOf(const NodeInfo& info) {
  if (info.layer == "vertebra" && !info.level.empty()) {
    std::string key = "vertebra." + info.level;
    if (knownIndex(key) >= 0) return key;
  }
  return knownIndex(info.layer) >= 0 ? info.layer : kOtherKey;
}

std::vector<LayerInfo> findLayers(const Scene& scene) {
  std::vector<LayerInfo> layers;
  auto slot = [&](const std::string& key) -> LayerInfo& {
    for (auto& l : layers)
      if (l.key == key) return l;
    int known = knownIndex(key);
    layers.push_back({key, known >= 0 ? kKnownLayers[known].displayName : "Other", {}});
    return layers.back();
  };
  for (size_t i = 0; i < scene.nodes.size(); ++i)
    if (scene.nodes[i].mesh >= 0) slot(layerKeyOf(scene.nodes[i].info)).nodes.push_back(int(i));

  auto rank = [](const LayerInfo& l) {
    int known = knownIndex(l.key);
    return known >= 0 ? known : static_cast<int>(std::size(kKnownLayers));
  };
  std::stable_sort(layers.begin(), layers.end(),
                   [&](const LayerInfo& a, const LayerInfo& b) { return rank(a) < rank(b); });
  return layers;
}

LayerState LayerState::defaultsFor(const Scene& scene, const std::vector<LayerInfo>& layers) {
  LayerState state;
  for (const auto& layer : layers) {
    // A layer starts hidden only when every node in it asks to (procedure parts).
    bool allHidden = !layer.nodes.empty();
    for (int n : layer.nodes) allHidden = allHidden && scene.nodes[n].info.initiallyHidden;
    state.settings[layer.key] = LayerSetting{!allHidden, 1.f};
  }
  return state;
}

const LayerSetting& LayerState::of(const std::string& key) const {
  static const LayerSetting kDefault;
  auto it = settings.find(key);
  return it == settings.end() ? kDefault : it->second;
}

bool LayerState::hide(const std::vector<LayerInfo>& layers, const std::string& name) {
  const std::string wanted = lower(name);
  bool found = false;
  for (const auto& layer : layers) {
    // "vertebra" also names every per-level vertebra layer.
    const std::string key = lower(layer.key);
    if (key == wanted || lower(layer.displayName) == wanted || key.rfind(wanted + ".", 0) == 0) {
      settings[layer.key].visible = false;
      found = true;
    }
  }
  return found;
}

namespace {

// The opacity a preset gives a layer; 1 for layers it does not fade.
float presetOpacity(const std::string& preset, const std::string& layerKey) {
  if (preset != "xray") return 1.f;
  if (layerKey.rfind("vertebra", 0) == 0) return 0.3f;
  if (layerKey == "annulus") return 0.5f;
  return 1.f;
}

}  // namespace

const std::vector<std::string>& layerPresetNames() {
  static const std::vector<std::string> names = {"xray", "solid"};
  return names;
}

bool applyLayerPreset(const std::string& name, LayerState& state,
                      const std::vector<LayerInfo>& layers) {
  const auto& names = layerPresetNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) return false;
  for (const auto& layer : layers) state.settings[layer.key].opacity = presetOpacity(name, layer.key);
  return true;
}

bool layerPresetActive(const std::string& name, const LayerState& state,
                       const std::vector<LayerInfo>& layers) {
  for (const auto& layer : layers)
    if (state.of(layer.key).opacity != presetOpacity(name, layer.key)) return false;
  return !layers.empty();
}

}  // namespace spineview
