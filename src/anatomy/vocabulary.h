// The words SpineView's models use for their parts (models/README.md), declared once. Files
// carry them as text (extras.layer, story targets); everything past parsing uses these types.
#pragma once
#include <array>
#include <optional>
#include <string>

namespace spineview {

// What a part is, from its extras.layer; Other for no layer or one SpineView does not know.
enum class LayerKind {
  Vertebra,
  Annulus,
  Nucleus,
  Tear,
  Nerve,
  Ligament,  // anatomy
  Hardware,
  Graft,
  Needle,
  Fibrin,  // procedure parts
  Other,
};

// "vertebra", "annulus", ... as the files write them; parse gives empty for an unknown name
// (and for "other", which no file writes).
const char* layerKindName(LayerKind kind);
std::optional<LayerKind> parseLayerKind(const std::string& name);

// Treatment parts, listed after the anatomy and hidden until a story shows them.
bool isProcedureLayer(LayerKind kind);
// Bone and metal: what a fluoroscopy image shows.
bool showsOnFluoroscopy(LayerKind kind);

// The disc levels of the bundled model, top down; a story's level is one of them.
inline constexpr std::array<const char*, 3> kDiscLevels{"L3-L4", "L4-L5", "L5-S1"};
bool isDiscLevel(const std::string& level);

}  // namespace spineview
