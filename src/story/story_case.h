// Stories follow the case the model shows: a story file names the treated level, the vertebrae
// beside it and the root the leaked material touches through placeholders ({level}, {upper},
// {lower}, {leak}, {root}, {root_name}, {annulus_above}, {annulus_below}), filled from the model before the story is read, so that one
// file (and each of its translations) plays any case. stories/README.md lists them.
#pragma once
#include <map>
#include <string>

#include "core/result.h"

namespace spineview {

struct Scene;

using CaseWords = std::map<std::string, std::string>;  // "{level}" -> "L4-L5"

// The words of the model's case: from the root's generator options and the node whose extras
// say what the leaked material touches. Empty for a model spinegen did not make; {leak} (that
// node) is "" without leaked material, {root} and {root_name} when no root is touched.
CaseWords caseWordsOf(const Scene& scene);

// The story's text with every placeholder filled; a track whose target is a placeholder that
// stands for nothing here (the root, in a case whose material touches none) is left out. A
// placeholder the words do not know stays as written, for the reader to name.
Result<std::string> fillCaseWords(const std::string& text, const std::string& file, const CaseWords& words);

}  // namespace spineview
