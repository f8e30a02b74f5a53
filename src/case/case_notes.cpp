#include "case/case_notes.h"

#include <cmath>

#include "core/json_input.h"
#include "core/utf8.h"

namespace spineview {

namespace {

using json = nlohmann::ordered_json;

constexpr double kMaxCoordinate = 100.0;  // metres: far beyond any model a pin is placed on
constexpr std::size_t kMaxNodeNameBytes = 256;

json anchorToJson(const SurfaceAnchor& a) {
  return {{"node", a.node},
          {"primitive", a.primitive},
          {"triangle", a.triangle},
          {"weights", {a.weights.x, a.weights.y}},
          {"at", {a.placed.x, a.placed.y, a.placed.z}}};
}

void onlyKeys(const json& j, const std::string& at, std::initializer_list<const char*> keys) {
  if (!j.is_object()) failAt(at, std::string("must be an object, got ") + j.type_name());
  for (const auto& member : j.items()) {
    bool known = false;
    for (const char* k : keys) known = known || member.key() == k;
    if (!known) failAt(at + "/" + member.key(), "unknown key \"" + toValidUtf8(member.key().substr(0, 40)) + "\"");
  }
}

const json& need(const json& j, const std::string& at, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) failAt(at + "/" + key, "missing");
  return *it;
}

float number(const json& j, const std::string& at, double low, double high) {
  if (!j.is_number()) failAt(at, std::string("must be a number, got ") + j.type_name());
  const double v = j.get<double>();
  if (!(std::isfinite(v) && v >= low && v <= high))
    failAt(at, "must lie in [" + json(low).dump() + ", " + json(high).dump() + "], got " + j.dump());
  return float(v);
}

int index(const json& j, const std::string& at) {
  if (!j.is_number_integer() || (!j.is_number_unsigned() && j.get<std::int64_t>() < 0) ||
      j.get<std::uint64_t>() > 100'000'000ull)
    failAt(at, "must be a whole number 0-100000000, got " + j.dump());
  return int(j.get<std::uint64_t>());
}

const json& array(const json& j, const std::string& at, std::size_t min, std::size_t max) {
  if (!j.is_array()) failAt(at, std::string("must be an array, got ") + j.type_name());
  if (j.size() < min || j.size() > max)
    failAt(at, "must hold " + std::to_string(min) + "-" + std::to_string(max) + " entries, has " +
                   std::to_string(j.size()));
  return j;
}

SurfaceAnchor readAnchor(const json& j, const std::string& at) {
  onlyKeys(j, at, {"node", "primitive", "triangle", "weights", "at", "text"});
  SurfaceAnchor a;
  const json& node = need(j, at, "node");
  if (!node.is_string() || node.get<std::string>().empty() || node.get<std::string>().size() > kMaxNodeNameBytes)
    failAt(at + "/node", "must be a node's name (1-256 bytes of text)");
  a.node = node.get<std::string>();
  a.primitive = index(need(j, at, "primitive"), at + "/primitive");
  a.triangle = index(need(j, at, "triangle"), at + "/triangle");
  const json& w = array(need(j, at, "weights"), at + "/weights", 2, 2);
  a.weights = {number(w[0], at + "/weights/0", 0.0, 1.0), number(w[1], at + "/weights/1", 0.0, 1.0)};
  if (a.weights.x + a.weights.y > 1.0001f) failAt(at + "/weights", "must add up to at most 1");
  const json& p = array(need(j, at, "at"), at + "/at", 3, 3);
  for (int k = 0; k < 3; ++k)
    a.placed[k] = number(p[size_t(k)], at + "/at/" + std::to_string(k), -kMaxCoordinate, kMaxCoordinate);
  return a;
}

}  // namespace

json notesToJson(const Notes& notes) {
  json pins = json::array(), strokes = json::array();
  for (const Pin& p : notes.pins) {
    json j = anchorToJson(p.at);
    j["text"] = p.text;
    pins.push_back(j);
  }
  for (const Stroke& s : notes.strokes) {
    json points = json::array();
    for (const SurfaceAnchor& a : s.points) points.push_back(anchorToJson(a));
    strokes.push_back({{"points", points}});
  }
  return {{"pins", pins}, {"strokes", strokes}};
}

Notes readNotes(const json& j, const std::string& pointer) {
  onlyKeys(j, pointer, {"pins", "strokes"});
  Notes notes;
  if (const auto it = j.find("pins"); it != j.end()) {
    const json& pins = array(*it, pointer + "/pins", 0, kMaxPins);
    for (size_t i = 0; i < pins.size(); ++i) {
      const std::string at = pointer + "/pins/" + std::to_string(i);
      Pin pin{readAnchor(pins[i], at), ""};
      if (const auto text = pins[i].find("text"); text != pins[i].end()) {
        if (!text->is_string()) failAt(at + "/text", "must be text");
        pin.text = text->get<std::string>();
        if (pin.text.size() > kMaxPinTextBytes || !isValidUtf8(pin.text))
          failAt(at + "/text", "must be at most 200 bytes of UTF-8 text");
        for (unsigned char c : pin.text)
          if (c < 0x20) failAt(at + "/text", "holds a control character (a line break, a tab)");
      }
      notes.pins.push_back(std::move(pin));
    }
  }
  if (const auto it = j.find("strokes"); it != j.end()) {
    const json& strokes = array(*it, pointer + "/strokes", 0, kMaxStrokes);
    for (size_t i = 0; i < strokes.size(); ++i) {
      const std::string at = pointer + "/strokes/" + std::to_string(i);
      onlyKeys(strokes[i], at, {"points"});
      const json& points = array(need(strokes[i], at, "points"), at + "/points", 2, kMaxStrokePoints);
      Stroke stroke;
      for (size_t k = 0; k < points.size(); ++k) {
        const std::string pat = at + "/points/" + std::to_string(k);
        if (points[k].is_object() && points[k].contains("text")) failAt(pat + "/text", "a stroke's point has no text");
        stroke.points.push_back(readAnchor(points[k], pat));
      }
      notes.strokes.push_back(std::move(stroke));
    }
  }
  return notes;
}

}  // namespace spineview
