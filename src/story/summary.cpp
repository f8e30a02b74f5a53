#include "story/summary.h"

#include <algorithm>

namespace spineview {

std::vector<SummaryRow> mergeSummaries(const std::vector<Story>& stories) {
  std::vector<SummaryRow> rows;
  for (const Story& story : stories)
    for (const SummaryItem& item : story.summary)
      if (std::none_of(rows.begin(), rows.end(),
                       [&](const SummaryRow& row) { return row.measure == item.measure; }))
        rows.push_back({item.measure, {}});
  for (SummaryRow& row : rows)
    for (const Story& story : stories) {
      const auto found =
          std::find_if(story.summary.begin(), story.summary.end(),
                       [&](const SummaryItem& i) { return i.measure == row.measure; });
      row.items.push_back(found != story.summary.end() ? &*found : nullptr);
    }
  return rows;
}

}  // namespace spineview
