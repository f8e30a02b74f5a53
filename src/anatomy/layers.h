// Layers group a model's parts by what they are (from the parts' extras), so that a user can
// show, hide and fade whole tissues. Settings are plain data edited by the panel; the frame
// composer (frame/compose.h) turns them into what each node looks like.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/vocabulary.h"
#include "core/result.h"

namespace spineview {

struct PartInfo;
struct Scene;

struct LayerSetting {
  bool visible = true;
  float opacity = 1.f;  // 0..1; below 1 the layer is drawn translucent
  bool operator==(const LayerSetting& o) const {
    return visible == o.visible && opacity == o.opacity;
  }
};

struct LayerInfo {
  std::string key;          // "vertebra.L4", "annulus", ..., "other"
  std::string displayName;  // "Vertebra L4", "Annulus fibrosus", ..., "Other"
  LayerKind kind = LayerKind::Other;
  std::vector<int> nodes;  // nodes with a mesh in this layer
};

// The layers of a scene's drawn nodes, from their parts (readParts), in a fixed anatomical
// order (known layers first, "other" last).
std::vector<LayerInfo> findLayers(const Scene& scene, const std::vector<PartInfo>& parts);

// The layer key of a part: vertebrae are split per level, unknown layers fall into "other".
std::string layerKeyOf(LayerKind kind, const std::string& level);

struct LayerState {
  std::map<std::string, LayerSetting> settings;  // by layer key; missing keys count as default

  // Defaults: everything visible and opaque except layers whose every part is initiallyHidden.
  static LayerState defaultsFor(const std::vector<PartInfo>& parts,
                                const std::vector<LayerInfo>& layers);
  const LayerSetting& of(const std::string& key) const;
  // Shows or hides a layer by key or display name (case-insensitive); false when no layer
  // matches.
  bool setVisible(const std::vector<LayerInfo>& layers, const std::string& name, bool visible);
  bool hide(const std::vector<LayerInfo>& layers, const std::string& name) {
    return setVisible(layers, name, false);
  }
  // Shows or hides each named layer; the error names the first unknown one and lists the
  // model's layers ("Vertebra L3 (vertebra.L3), ...").
  Status setAllVisible(const std::vector<LayerInfo>& layers, const std::vector<std::string>& names,
                       bool visible);
  Status hideAll(const std::vector<LayerInfo>& layers, const std::vector<std::string>& names) {
    return setAllVisible(layers, names, false);
  }
  bool operator==(const LayerState& o) const { return settings == o.settings; }
};

// Layer presets a clinician applies in one tap. Xray: bone at 30% and the annulus at 50%, so
// the nucleus, the tear and the nerves show through them; Solid: every layer opaque again.
// Visibility is left as it is.
enum class LayerPreset { Xray, Solid };
const char* layerPresetName(LayerPreset preset);  // "xray", "solid"
std::optional<LayerPreset> parseLayerPreset(const std::string& name);
std::string layerPresetList();  // "xray, solid", for messages
void applyLayerPreset(LayerPreset preset, LayerState& state, const std::vector<LayerInfo>& layers);
// True when `state` has the opacities the preset sets (the panel shows the preset as on).
bool layerPresetActive(LayerPreset preset, const LayerState& state,
                       const std::vector<LayerInfo>& layers);

}  // namespace spineview
