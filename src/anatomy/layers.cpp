#include "anatomy/layers.h"

#include <algorithm>
#include <cctype>

#include "anatomy/parts.h"

namespace spineview {
namespace {

// Known layers in the order a clinician reads the spine: bone, disc, nerves, then the
// procedure parts. Vertebrae are split per level.
struct KnownLayer {
  LayerKind kind;
  const char* level;  // "" for a whole kind
  const char* displayName;
};
constexpr KnownLayer kKnownLayers[] = {
    {LayerKind::Vertebra, "L1", "Vertebra L1"},
    {LayerKind::Vertebra, "L2", "Vertebra L2"},
    {LayerKind::Vertebra, "L3", "Vertebra L3"},
    {LayerKind::Vertebra, "L4", "Vertebra L4"},
    {LayerKind::Vertebra, "L5", "Vertebra L5"},
    {LayerKind::Vertebra, "S1", "Sacrum S1"},
    {LayerKind::Vertebra, "", "Vertebrae"},
    {LayerKind::Annulus, "", "Annulus fibrosus"},
    {LayerKind::Nucleus, "", "Nucleus pulposus"},
    {LayerKind::Tear, "", "Annular tear"},
    {LayerKind::Nerve, "", "Nerves"},
    {LayerKind::Ligament, "", "Ligaments"},
    {LayerKind::Hardware, "", "Hardware"},
    {LayerKind::Graft, "", "Bone graft"},
    {LayerKind::Needle, "", "Needle"},
    {LayerKind::Fibrin, "", "Fibrin sealant"},
};
constexpr const char* kOtherKey = "other";

std::string keyOf(const KnownLayer& layer) {
  const std::string kind = layerKindName(layer.kind);
  return *layer.level ? kind + "." + layer.level : kind;
}

int knownIndex(const std::string& key) {
  for (size_t i = 0; i < std::size(kKnownLayers); ++i)
    if (key == keyOf(kKnownLayers[i])) return static_cast<int>(i);
  return -1;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string layerKeyOf(LayerKind kind, const std::string& level) {
  if (kind == LayerKind::Other) return kOtherKey;
  const std::string name = layerKindName(kind);
  if (kind == LayerKind::Vertebra && !level.empty() && knownIndex(name + "." + level) >= 0)
    return name + "." + level;
  return name;
}

std::vector<LayerInfo> findLayers(const Scene& scene, const std::vector<PartInfo>& parts) {
  std::vector<LayerInfo> layers;
  auto slot = [&](const PartInfo& part) -> LayerInfo& {
    for (auto& l : layers)
      if (l.key == part.layerKey) return l;
    const int known = knownIndex(part.layerKey);
    layers.push_back(
        {part.layerKey, known >= 0 ? kKnownLayers[known].displayName : "Other", part.layer, {}});
    return layers.back();
  };
  for (size_t i = 0; i < scene.nodes.size() && i < parts.size(); ++i)
    if (scene.nodes[i].mesh >= 0) slot(parts[i]).nodes.push_back(int(i));

  auto rank = [](const LayerInfo& l) {
    const int known = knownIndex(l.key);
    return known >= 0 ? known : static_cast<int>(std::size(kKnownLayers));
  };
  std::stable_sort(layers.begin(), layers.end(),
                   [&](const LayerInfo& a, const LayerInfo& b) { return rank(a) < rank(b); });
  return layers;
}

LayerState LayerState::defaultsFor(const std::vector<PartInfo>& parts,
                                   const std::vector<LayerInfo>& layers) {
  LayerState state;
  for (const auto& layer : layers) {
    // A layer starts hidden only when every node in it asks to (procedure parts).
    bool allHidden = !layer.nodes.empty();
    for (int n : layer.nodes) allHidden = allHidden && parts[size_t(n)].initiallyHidden;
    state.settings[layer.key] = LayerSetting{!allHidden, 1.f};
  }
  return state;
}

const LayerSetting& LayerState::of(const std::string& key) const {
  static const LayerSetting kDefault;
  auto it = settings.find(key);
  return it == settings.end() ? kDefault : it->second;
}

bool LayerState::setVisible(const std::vector<LayerInfo>& layers, const std::string& name,
                            bool visible) {
  const std::string wanted = lower(name);
  bool found = false;
  for (const auto& layer : layers) {
    // "vertebra" also names every per-level vertebra layer.
    const std::string key = lower(layer.key);
    if (key == wanted || lower(layer.displayName) == wanted || key.rfind(wanted + ".", 0) == 0) {
      settings[layer.key].visible = visible;
      found = true;
    }
  }
  return found;
}

Status LayerState::setAllVisible(const std::vector<LayerInfo>& layers,
                                 const std::vector<std::string>& names, bool visible) {
  for (const auto& name : names) {
    if (setVisible(layers, name, visible)) continue;
    std::string list;
    for (const auto& l : layers)
      list += (list.empty() ? "" : ", ") + l.displayName + " (" + l.key + ")";
    return Error{"no layer named '" + name +
                 "' in this model; its layers: " + (list.empty() ? "(none)" : list)};
  }
  return std::nullopt;
}

namespace {

// The opacity a preset gives a layer; 1 for layers it does not fade.
float presetOpacity(LayerPreset preset, LayerKind kind) {
  if (preset != LayerPreset::Xray) return 1.f;
  if (kind == LayerKind::Vertebra) return 0.3f;
  if (kind == LayerKind::Annulus) return 0.5f;
  return 1.f;
}

constexpr LayerPreset kPresets[] = {LayerPreset::Xray, LayerPreset::Solid};

}  // namespace

const char* layerPresetName(LayerPreset preset) {
  return preset == LayerPreset::Xray ? "xray" : "solid";
}

std::optional<LayerPreset> parseLayerPreset(const std::string& name) {
  for (LayerPreset p : kPresets)
    if (name == layerPresetName(p)) return p;
  return std::nullopt;
}

std::string layerPresetList() {
  std::string list;
  for (LayerPreset p : kPresets)
    list += (list.empty() ? "" : ", ") + std::string(layerPresetName(p));
  return list;
}

void applyLayerPreset(LayerPreset preset, LayerState& state, const std::vector<LayerInfo>& layers) {
  for (const auto& layer : layers)
    state.settings[layer.key].opacity = presetOpacity(preset, layer.kind);
}

bool layerPresetActive(LayerPreset preset, const LayerState& state,
                       const std::vector<LayerInfo>& layers) {
  for (const auto& layer : layers)
    if (state.of(layer.key).opacity != presetOpacity(preset, layer.kind)) return false;
  return !layers.empty();
}

}  // namespace spineview
