#include "story/story_writer.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace spineview {
namespace {

using nlohmann::ordered_json;

// To a whole number of 1/perUnit: 1.406, not 1.4060000000000001.
double rounded(double value, double perUnit) { return std::round(value * perUnit) / perUnit; }
double seconds(double t) { return rounded(t, 1e3); }
// Lengths to a hundred-thousandth of the camera's distance: what the picture can show, for a
// model in millimetres as for one in metres.
double length(float v, float distance) {
  return rounded(v, 1e5 / std::pow(10.0, std::ceil(std::log10(std::max(double(distance), 1e-30)))));
}
double degrees(float v) { return rounded(v, 1e2); }

const char* easeName(Ease ease) {
  switch (ease) {
    case Ease::Step: return "step";
    case Ease::Linear: return "linear";
    case Ease::Smooth: return "smooth";
  }
  return "step";
}

ordered_json valueJson(const KeyValue& value) {
  if (auto b = std::get_if<bool>(&value)) return *b;
  if (auto d = std::get_if<double>(&value)) return rounded(*d, 1e4);
  if (auto s = std::get_if<std::string>(&value)) return *s;
  if (auto m = std::get_if<RenderMode>(&value)) return renderModeName(*m);
  if (auto c = std::get_if<std::optional<CutSpec>>(&value)) return *c ? cutSpecText(**c) : "off";
  const StoryPose& p = std::get<StoryPose>(value);
  return ordered_json{{"yaw", degrees(p.yawDeg)},
                      {"pitch", degrees(p.pitchDeg)},
                      {"distance", length(p.distance, p.distance)},
                      {"target", {length(p.target.x, p.distance), length(p.target.y, p.distance),
                                  length(p.target.z, p.distance)}}};
}

ordered_json timedTexts(const std::vector<TimedText>& items, const char* textKey) {
  ordered_json out = ordered_json::array();
  for (const TimedText& item : items) out.push_back({{"at", seconds(item.at)}, {textKey, item.text}});
  return out;
}

}  // namespace

std::string storyFileText(const Story& story) {
  ordered_json j{{"format", "spineview-story/1"},
                 {"name", story.name},
                 {"title", story.title},
                 {"level", story.level},
                 {"duration", seconds(story.duration)},
                 {"chapters", timedTexts(story.chapters, "title")},
                 {"captions", timedTexts(story.captions, "text")}};
  if (!story.timeScale.empty()) j["timeScale"] = timedTexts(story.timeScale, "label");
  if (!story.evidence.empty()) {
    ordered_json items = ordered_json::array();
    for (const EvidenceItem& item : story.evidence)
      items.push_back({{"text", item.text}, {"source", item.source}});
    j["evidence"] = {{"title", story.evidenceTitle}, {"items", items}};
  }
  if (!story.summary.empty()) {
    ordered_json rows = ordered_json::array();
    for (const SummaryItem& row : story.summary)
      rows.push_back({{"measure", row.measure}, {"value", row.value}, {"source", row.source}});
    j["summary"] = rows;
  }
  ordered_json tracks = ordered_json::array();
  for (const StoryTrack& track : story.tracks) {
    ordered_json keys = ordered_json::array();
    for (const StoryKey& key : track.keys)
      keys.push_back({{"at", seconds(key.at)}, {"value", valueJson(key.value)},
                      {"ease", easeName(key.ease)}});
    tracks.push_back({{"target", track.target}, {"property", trackPropertyName(track.property)},
                      {"keys", keys}});
  }
  j["tracks"] = tracks;
  return j.dump(2) + "\n";
}

}  // namespace spineview
