// WebVTT captions for an exported video: the story's captions as cues on the video's own
// clock (0 at the export's first frame), written beside the video for players and course sites.
#pragma once
#include <string>
#include <vector>

#include "story/story.h"

namespace spineview {

// One story whose captions go into the file; side by side, each cue names its story.
struct CaptionSource {
  const Story* story = nullptr;
  std::string prefix;  // put before each of its cues ("Fibrin sealing: "), empty for one story
};

// "HH:MM:SS.mmm", rounded to the millisecond.
std::string vttTimestamp(double seconds);

// The cues of [from, to): each caption from its time until the next one (or the end), clipped
// to the exported stretch and shifted by -from. Captions that end before `from` or start at
// or after `to` are left out.
std::string webVtt(const std::vector<CaptionSource>& sources, double from, double to);

}  // namespace spineview
