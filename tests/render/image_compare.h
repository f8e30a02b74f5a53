// Baseline image comparison with a tolerance. Software and GPU rasterisers differ by a few
// levels on edges and in gradients, so the test counts pixels that differ by more than a
// per-channel threshold and allows a small share of them. On failure the actual image and a
// diff image (differing pixels in red over a dimmed copy) are written to the test output dir.
#pragma once
#include <string>

#include "core/image.h"

namespace spineview::test {

struct ImageDifference {
  double meanAbsolute = 0;        // mean over all channels, 0..255
  double differingShare = 0;      // share of pixels with a channel off by > threshold
  int maxChannelDifference = 0;
};

ImageDifference compareImages(const Image& a, const Image& b, int threshold);

// Compares `actual` with tests/baselines/<name>.png. With SPINEVIEW_UPDATE_BASELINES=1 in the
// environment it (re)writes the baseline instead. Returns "" on a match, else the reason.
std::string matchBaseline(const Image& actual, const std::string& name);

}  // namespace spineview::test
