#include "story/story_case.h"

#include <nlohmann/json.hpp>

#include "core/json_input.h"
#include "scene/scene.h"

namespace spineview {

namespace {

using nlohmann::ordered_json;

std::string fill(std::string text, const CaseWords& words) {
  for (const auto& [key, value] : words)
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

// Iterative, so that depth is no concern (the boundary has bounded it already).
void fillStrings(ordered_json& root, const CaseWords& words) {
  std::vector<ordered_json*> stack = {&root};
  while (!stack.empty()) {
    ordered_json* j = stack.back();
    stack.pop_back();
    if (j->is_string()) *j = fill(j->get<std::string>(), words);
    else if (j->is_structured())
      for (auto& child : *j) stack.push_back(&child);
  }
}

}  // namespace

CaseWords caseWordsOf(const Scene& scene) {
  CaseWords words;
  if (scene.roots.size() != 1) return words;
  const auto extras = nlohmann::json::parse(scene.nodes[size_t(scene.roots.front())].extras, nullptr, false);
  if (!extras.is_object() || !extras.contains("options") || !extras["options"].is_object()) return words;
  const auto& level = extras["options"].value("level", nlohmann::json());
  if (!level.is_string()) return words;
  const std::string l = level.get<std::string>();
  const auto dash = l.find('-');
  if (dash == std::string::npos) return words;
  words["{level}"] = l;
  words["{upper}"] = l.substr(0, dash);
  words["{lower}"] = l.substr(dash + 1);
  // The annuli next to the treated disc, where a fusion shifts load ("" past the model's ends).
  const std::string discs[3] = {"L3-L4", "L4-L5", "L5-S1"};
  for (int d = 0; d < 3; ++d)
    if (discs[d] == l) {
      words["{annulus_above}"] = d > 0 ? "disc." + discs[d - 1] + ".annulus" : "";
      words["{annulus_below}"] = d < 2 ? "disc." + discs[d + 1] + ".annulus" : "";
    }
  words["{root}"] = words["{root_name}"] = words["{leak}"] = "";
  const std::string prefix = "nerve.root.";
  for (const Node& n : scene.nodes) {
    if (n.extras.find("touches") == std::string::npos) continue;
    const auto e = nlohmann::json::parse(n.extras, nullptr, false);
    if (!e.is_object() || !e.contains("touches") || !e["touches"].is_string()) continue;
    words["{leak}"] = n.name;
    const std::string root = e["touches"].get<std::string>();
    if (root.rfind(prefix, 0) != 0) continue;  // the dural sac: no single root
    const std::string rest = root.substr(prefix.size());  // "L4.left"
    const auto dot = rest.find('.');
    if (dot == std::string::npos) continue;
    words["{root}"] = root;
    words["{root_name}"] = rest.substr(dot + 1) + " " + rest.substr(0, dot);  // "left L4"
    break;
  }
  return words;
}

Result<std::string> fillCaseWords(const std::string& text, const std::string& file, const CaseWords& words) {
  return readJson<ordered_json>(text, file, JsonLimits{}, [&](const ordered_json& doc) {
    ordered_json story = doc;
    if (story.is_object() && story.contains("tracks") && story["tracks"].is_array()) {
      ordered_json kept = ordered_json::array();
      for (const auto& track : story["tracks"]) {
        const bool unfilled = track.is_object() && track.contains("target") && track["target"].is_string() &&
                              words.count(track["target"].get<std::string>()) &&
                              words.at(track["target"].get<std::string>()).empty();
        if (!unfilled) kept.push_back(track);
      }
      story["tracks"] = std::move(kept);
    }
    fillStrings(story, words);
    return story.dump(2);
  });
}

}  // namespace spineview
