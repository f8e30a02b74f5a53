// A case's pins and ink strokes in its file (the "notes" member, docs/case-format.md): written
// and read here, with limits so that a damaged or hostile file cannot make the viewer draw
// millions of points.
#pragma once
#include <nlohmann/json.hpp>

#include "scene/surface_anchor.h"

namespace spineview {

constexpr std::size_t kMaxPins = 200, kMaxStrokes = 200, kMaxStrokePoints = 2000;
constexpr std::size_t kMaxPinTextBytes = 200;

nlohmann::ordered_json notesToJson(const Notes& notes);
// Reads the "notes" member at `pointer`; a problem is thrown as core/json_input.h's
// JsonReadError (failAt), which the case file's reader turns into its message.
Notes readNotes(const nlohmann::ordered_json& j, const std::string& pointer);

}  // namespace spineview
