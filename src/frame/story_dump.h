// The evaluated state of a story at a moment as JSON (--dump-state): visible parts with their
// opacity, fill and other amounts, moved parts' offsets, segment angles and bone transforms,
// camera, caption. Read by people checking a story and by the regression test that keeps the
// stories' states as they were recorded.
#pragma once
#include <string>

#include "render/frame_state.h"
#include "scene/scene.h"
#include "story/story.h"

namespace spineview {

// `frame` is composeFrame's result for the state (frame/compose.h).
std::string dumpStoryState(const Story& story, const StoryState& state, const FrameState& frame,
                           const Scene& scene);

}  // namespace spineview
