// Layers group a scene's nodes by what they are (from the model's extras), so that a user can
// show, hide and fade whole tissues. Settings are plain data edited by the panel; the renderer
// reads them through FrameState.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "scene/scene.h"

namespace spineview {

struct LayerSetting {
  bool visible = true;
  float opacity = 1.f;  // 0..1; below 1 the layer is drawn translucent
  bool operator==(const LayerSetting& o) const { return visible == o.visible && opacity == o.opacity; }
};

struct LayerInfo {
  std::string key;          // "vertebra.L4", "annulus", ..., "other"
  std::string displayName;  // "Vertebra L4", "Annulus fibrosus", ..., "Other"
  std::vector<int> nodes;   // nodes with a mesh in this layer
};

// The layers found in a scene, in a fixed anatomical order (known layers first, "other" last).
std::vector<LayerInfo> findLayers(const Scene& scene);

// The layer key of one node: vertebrae are split per level, unknown layers fall into "other".
std::string layerKeyOf(const NodeInfo& info);

struct LayerState {
  std::map<std::string, LayerSetting> settings;  // by layer key; missing keys count as default

  // Defaults for a scene: everything visible and opaque except nodes marked initiallyHidden.
  static LayerState defaultsFor(const Scene& scene, const std::vector<LayerInfo>& layers);
  const LayerSetting& of(const std::string& key) const;
  // Hides a layer by key or display name (case-insensitive); false when no layer matches.
  bool hide(const std::vector<LayerInfo>& layers, const std::string& name);
  bool operator==(const LayerState& o) const { return settings == o.settings; }
};

// Layer presets a clinician applies in one tap. "xray": bone at 30% and the annulus at 50%,
// so the nucleus, the tear and the nerves show through them; "solid": every layer opaque
// again. Visibility is left as it is. False for an unknown name.
bool applyLayerPreset(const std::string& name, LayerState& state,
                      const std::vector<LayerInfo>& layers);
const std::vector<std::string>& layerPresetNames();
// True when `state` has the opacities `name` sets (the panel shows the preset as on).
bool layerPresetActive(const std::string& name, const LayerState& state,
                       const std::vector<LayerInfo>& layers);

}  // namespace spineview
