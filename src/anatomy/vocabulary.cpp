#include "anatomy/vocabulary.h"

#include <algorithm>

namespace spineview {
namespace {

constexpr std::array<std::pair<LayerKind, const char*>, 10> kNames{{
    {LayerKind::Vertebra, "vertebra"},
    {LayerKind::Annulus, "annulus"},
    {LayerKind::Nucleus, "nucleus"},
    {LayerKind::Tear, "tear"},
    {LayerKind::Nerve, "nerve"},
    {LayerKind::Ligament, "ligament"},
    {LayerKind::Hardware, "hardware"},
    {LayerKind::Graft, "graft"},
    {LayerKind::Needle, "needle"},
    {LayerKind::Fibrin, "fibrin"},
}};

}  // namespace

const char* layerKindName(LayerKind kind) {
  for (const auto& [k, name] : kNames)
    if (k == kind) return name;
  return "other";
}

std::optional<LayerKind> parseLayerKind(const std::string& name) {
  for (const auto& [kind, text] : kNames)
    if (name == text) return kind;
  return std::nullopt;
}

bool isProcedureLayer(LayerKind kind) {
  return kind == LayerKind::Hardware || kind == LayerKind::Graft || kind == LayerKind::Needle ||
         kind == LayerKind::Fibrin;
}

bool showsOnFluoroscopy(LayerKind kind) {
  return kind == LayerKind::Vertebra || kind == LayerKind::Hardware || kind == LayerKind::Needle;
}

bool isDiscLevel(const std::string& level) {
  return std::find(kDiscLevels.begin(), kDiscLevels.end(), level) != kDiscLevels.end();
}

}  // namespace spineview
