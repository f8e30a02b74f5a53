// A story as its file (stories/README.md): what the recorder and the turntable save, so that a
// clinic edits and translates a recorded walkthrough like any shipped story. Times, angles and
// lengths are rounded to what an editor wants to read (1 ms, 0.01 degree, 10 micrometres).
#pragma once
#include <string>

#include "story/story.h"

namespace spineview {

// The file's text, which parseStory reads back to the same story within that rounding.
std::string storyFileText(const Story& story);

}  // namespace spineview
