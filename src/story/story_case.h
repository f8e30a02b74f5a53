// Stories follow the case the model shows. A story file names the treated level, the vertebrae
// beside it, the leak and the root it touches through placeholders ({level}, {upper}, {lower},
// {grade}, {leak}, {root}, {root_name}, {annulus_above}, {annulus_below}), and gives captions
// for the different cases with "when": a caption whose conditions all hold for this case is
// kept, and among the conditional captions at one time only the first that holds. Both are
// resolved from the model before the story is read, so one file (and each of its translations,
// which keep all their text) plays any case. stories/README.md lists the words and conditions.
#pragma once
#include <map>
#include <set>
#include <string>

#include "core/result.h"

namespace spineview {

struct Scene;

struct CaseWords {
  std::map<std::string, std::string> text;  // "{level}" -> "L4-L5"
  std::set<std::string> facts;              // conditions that hold: "radial", "full tear", "root"
  bool empty() const { return text.empty(); }
};

// The condition words a story's "when" may use (stories/README.md).
extern const std::set<std::string> kCaseConditions;

// The words of the model's case: from the root's generator options and the node whose extras
// say what the leaked material touches. Empty for a model spinegen did not make; {leak} (that
// node) is "" without leaked material, {root} and {root_name} when no root is touched.
CaseWords caseWordsOf(const Scene& scene);

// The story's text with every placeholder filled and the captions for this case chosen; a
// track whose target is a placeholder that stands for nothing here (the root, in a case whose
// material touches none) is left out. A placeholder the words do not know stays as written,
// for the reader to name; an unknown condition is refused with its place. Without words (a
// model spinegen did not make) every conditional caption is left out.
Result<std::string> fillCaseWords(const std::string& text, const std::string& file, const CaseWords& words);

}  // namespace spineview
