#include "video/webvtt.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace spineview {

std::string vttTimestamp(double seconds) {
  const long long ms = std::llround(std::max(seconds, 0.0) * 1000.0);
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
                ms / 1000 % 60, ms % 1000);
  return text;
}

std::string webVtt(const std::vector<CaptionSource>& sources, double from, double to) {
  struct Cue {
    double start, end;
    std::string text;
  };
  std::vector<Cue> cues;
  for (const CaptionSource& source : sources) {
    const std::vector<TimedText>& captions = source.story->captions;
    for (size_t i = 0; i < captions.size(); ++i) {
      const double end = i + 1 < captions.size() ? captions[i + 1].at : source.story->duration;
      const double start = std::max(captions[i].at, from), stop = std::min(end, to);
      if (stop <= start) continue;
      // A blank line would end the cue early: captions are single paragraphs.
      std::string text = source.prefix + captions[i].text;
      std::replace(text.begin(), text.end(), '\n', ' ');
      cues.push_back({start - from, stop - from, std::move(text)});
    }
  }
  std::stable_sort(cues.begin(), cues.end(),
                   [](const Cue& a, const Cue& b) { return a.start < b.start; });
  std::string out = "WEBVTT\n";
  int n = 0;
  for (const Cue& cue : cues) {
    out += "\n" + std::to_string(++n) + "\n" + vttTimestamp(cue.start) + " --> " +
           vttTimestamp(cue.end) + "\n";
    // "-->" inside a cue's text would read as a timing line; '&' and '<' start markup.
    for (char c : cue.text) {
      if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else if (c == '>') out += "&gt;";
      else out += c;
    }
    out += "\n";
  }
  return out;
}

}  // namespace spineview
