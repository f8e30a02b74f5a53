#include "render/image_compare.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "test_paths.h"

namespace spineview::test {

namespace {
constexpr int kChannelThreshold = 24;      // levels out of 255
constexpr double kMaxDifferingShare = 0.01;  // 1% of pixels
constexpr double kMaxMeanAbsolute = 1.5;
}  // namespace

ImageDifference compareImages(const Image& a, const Image& b, int threshold) {
  ImageDifference d;
  const size_t pixels = static_cast<size_t>(a.width) * a.height;
  size_t differing = 0;
  double sum = 0;
  for (size_t i = 0; i < pixels; ++i) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) {
      const int diff = std::abs(int(a.rgba[i * 4 + c]) - int(b.rgba[i * 4 + c]));
      worst = std::max(worst, diff);
      sum += diff;
    }
    d.maxChannelDifference = std::max(d.maxChannelDifference, worst);
    if (worst > threshold) ++differing;
  }
  d.meanAbsolute = pixels ? sum / (pixels * 3.0) : 0;
  d.differingShare = pixels ? double(differing) / pixels : 0;
  return d;
}

std::string matchBaseline(const Image& actual, const std::string& name) {
  const auto baselinePath = sourceDir() / "tests" / "baselines" / (name + ".png");
  const auto actualPath = outputDir() / (name + ".actual.png");
  // Always kept, so a reviewer can look at it; a folder that cannot take it is no reason to
  // fail the comparison, but it is said.
  if (auto error = writePng(actual, actualPath.string()))
    std::fprintf(stderr, "note: %s\n", error->message.c_str());

  const char* update = std::getenv("SPINEVIEW_UPDATE_BASELINES");
  if (update && std::string(update) == "1") {
    if (auto error = writePng(actual, baselinePath.string())) return error->message;
    return "";
  }
  auto baseline = readPng(baselinePath.string());
  if (!baseline)
    return "no baseline " + baselinePath.string() + " (look at " + actualPath.string() +
           "; if it is right, rerun with SPINEVIEW_UPDATE_BASELINES=1)";
  if (baseline.value().width != actual.width || baseline.value().height != actual.height)
    return "baseline " + baselinePath.string() + " has another size";

  const ImageDifference d = compareImages(actual, baseline.value(), kChannelThreshold);
  if (d.differingShare <= kMaxDifferingShare && d.meanAbsolute <= kMaxMeanAbsolute) return "";

  Image diff = actual;
  for (int y = 0; y < actual.height; ++y)
    for (int x = 0; x < actual.width; ++x) {
      const auto* a = actual.pixel(x, y);
      const auto* b = baseline.value().pixel(x, y);
      int worst = 0;
      for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(int(a[c]) - int(b[c])));
      auto* out = diff.pixel(x, y);
      if (worst > kChannelThreshold) {
        out[0] = 255, out[1] = 0, out[2] = 0;
      } else {
        for (int c = 0; c < 3; ++c) out[c] = static_cast<std::uint8_t>(a[c] / 3);
      }
      out[3] = 255;
    }
  const auto diffPath = outputDir() / (name + ".diff.png");
  if (auto error = writePng(diff, diffPath.string()))
    std::fprintf(stderr, "note: %s\n", error->message.c_str());
  std::ostringstream why;
  why << name << " differs from its baseline: " << d.differingShare * 100
      << "% of pixels off by more than " << kChannelThreshold << " levels (allowed "
      << kMaxDifferingShare * 100 << "%), mean difference " << d.meanAbsolute << " (allowed "
      << kMaxMeanAbsolute << "); actual " << actualPath.string() << ", diff " << diffPath.string();
  return why.str();
}

}  // namespace spineview::test
