#include "story/story_case.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/json_input.h"
#include "scene/scene.h"

namespace spineview {

namespace {

using nlohmann::ordered_json;

std::string fill(std::string text, const CaseWords& words) {
  for (const auto& [key, value] : words.text)
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

// What holds for the case in the root's generator options: the tear's type, how deep it goes
// and where it lies; "no leak" and "no root" until a node says otherwise.
void addFacts(const nlohmann::json& options, CaseWords& words) {
  const auto tear = options.value("tear", nlohmann::json());
  if (tear.is_string()) words.facts.insert(tear.get<std::string>());
  const auto grade = options.value("grade", nlohmann::json());
  if (grade.is_number_integer()) {
    const int g = grade.get<int>();
    words.facts.insert(g <= 0 ? "no tear" : g >= 5 ? "full tear" : "partial tear");
    words.text["{grade}"] = std::to_string(g);
  }
  const auto clock = options.value("clockHours", nlohmann::json());
  if (clock.is_number()) {
    // Seen from above: 12 anterior, 3 the patient's right, 6 posterior, 9 the left.
    const double h = clock.get<double>();
    words.facts.insert(h > 0.0 && h < 6.0 ? "right" : h > 6.0 && h < 12.0 ? "left" : "midline");
    if (h > 3.0 && h < 9.0) words.facts.insert("back");
    if (h < 3.0 || h > 9.0) words.facts.insert("front");
  }
  words.facts.insert("no leak");
  words.facts.insert("no root");
}

// Keeps, of the captions (or chapters) with "when", those whose conditions hold, the first at
// each time.
void chooseByCase(ordered_json& story, const char* list, const CaseWords& words) {
  if (!story.is_object() || !story.contains(list) || !story[list].is_array()) return;
  ordered_json kept = ordered_json::array();
  std::set<double> chosenAt;
  const ordered_json& captions = story[list];
  for (size_t i = 0; i < captions.size(); ++i) {
    ordered_json caption = captions[i];
    if (!caption.is_object() || !caption.contains("when")) {
      kept.push_back(caption);
      continue;
    }
    const std::string at = std::string("/") + list + "/" + std::to_string(i);
    const ordered_json& when = caption["when"];
    if (!when.is_array()) failAt(at + "/when", "must be a list of conditions, e.g. [\"root\"] (or [] for the rest)");
    bool holds = !words.empty();
    for (size_t k = 0; k < when.size(); ++k) {
      if (!when[k].is_string() || !kCaseConditions.count(when[k].get<std::string>()))
        failAt(at + "/when/" + std::to_string(k), "unknown condition " + when[k].dump() +
                                                      " (see the story format: stories/README.md)");
      holds = holds && words.facts.count(when[k].get<std::string>());
    }
    const double time = caption.contains("at") && caption["at"].is_number() ? caption["at"].get<double>() : -1.0;
    if (!holds || chosenAt.count(time)) continue;
    chosenAt.insert(time);
    caption.erase("when");
    kept.push_back(caption);
  }
  story[list] = std::move(kept);
}

}  // namespace

const std::set<std::string> kCaseConditions = {
    "radial", "circumferential", "rim", "no tear", "partial tear", "full tear", "left", "right",
    "midline", "back",   "front",           "leak", "no leak", "root",     "no root"};

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
  words.text["{level}"] = l;
  addFacts(extras["options"], words);
  words.text["{upper}"] = l.substr(0, dash);
  words.text["{lower}"] = l.substr(dash + 1);
  // The annuli next to the treated disc, where a fusion shifts load ("" past the model's ends).
  const std::string discs[3] = {"L3-L4", "L4-L5", "L5-S1"};
  for (int d = 0; d < 3; ++d)
    if (discs[d] == l) {
      words.text["{annulus_above}"] = d > 0 ? "disc." + discs[d - 1] + ".annulus" : "";
      words.text["{annulus_below}"] = d < 2 ? "disc." + discs[d + 1] + ".annulus" : "";
    }
  words.text["{root}"] = words.text["{root_name}"] = words.text["{leak}"] = "";
  const std::string prefix = "nerve.root.";
  for (const Node& n : scene.nodes) {
    if (n.extras.find("touches") == std::string::npos) continue;
    const auto e = nlohmann::json::parse(n.extras, nullptr, false);
    if (!e.is_object() || !e.contains("touches") || !e["touches"].is_string()) continue;
    words.text["{leak}"] = n.name;
    words.facts.insert("leak");
    words.facts.erase("no leak");
    const std::string root = e["touches"].get<std::string>();
    if (root.rfind(prefix, 0) != 0) continue;  // the dural sac: no single root
    const std::string rest = root.substr(prefix.size());  // "L4.left"
    const auto dot = rest.find('.');
    if (dot == std::string::npos) continue;
    words.text["{root}"] = root;
    words.facts.insert("root");
    words.facts.erase("no root");
    words.text["{root_name}"] = rest.substr(dot + 1) + " " + rest.substr(0, dot);  // "left L4"
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
                              words.text.count(track["target"].get<std::string>()) &&
                              words.text.at(track["target"].get<std::string>()).empty();
        if (!unfilled) kept.push_back(track);
      }
      story["tracks"] = std::move(kept);
    }
    chooseByCase(story, "captions", words);
    chooseByCase(story, "chapters", words);
    fillStrings(story, words);
    return story.dump(2);
  });
}

}  // namespace spineview
