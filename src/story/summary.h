// The split view's summary: the figures the compared stories publish, merged into rows by
// measure (the left story's order first, then measures only a later story has), with each
// story's value and source or nothing where that story says nothing.
#pragma once
#include <string>
#include <vector>

#include "story/story.h"

namespace spineview {

struct SummaryRow {
  std::string measure;
  std::vector<const SummaryItem*> items;  // per story; null where it has no such measure
};

// Rows point into `stories`, which must outlive them.
std::vector<SummaryRow> mergeSummaries(const std::vector<Story>& stories);

}  // namespace spineview
