// The story controls: the side panel's Story page (picker, split view, speed, chapters,
// evidence), the transport bar and captions over the 3D view, and the evidence and summary
// cards. Like the other panels they edit state (the StoryPlayer here) and report requests
// (open a story) for the viewer to carry out; they never touch GL or the camera.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/record_panel.h"
#include "story/story_list.h"
#include "story/story_player.h"

struct ImFont;

namespace spineview::app {

struct StoryUi {
  std::vector<StoryEntry> entries;
  bool showEvidence = false;  // the evidence card of the story (both, in the split view)
  bool showSummary = false;   // the split view's side-by-side summary card
  RecordUi record;            // recording a walkthrough, and the turntable
};

struct StoryActions {
  std::optional<std::string> open;  // a story by name
  bool openSplit = false;           // the compared stories side by side (kComparedStories)
  bool close = false;
  bool exportVideo = false;  // open the Export video dialog for the story shown
  RecordActions record;
};

// The Story page of the side panel: the stories, the one playing, and recording.
void storyPage(StoryPlayer& player, StoryUi& ui, StoryActions& actions);

// Over the 3D view, which is `sceneWidth` wide (ImGui units; the split view halves it):
// the transport bar along the bottom and each side's caption above it. Returns where the
// captions begin (ImGui units from the top), so labels and cards keep above it.
float drawStoryOverlay(StoryPlayer& player, float sceneWidth, ImFont* captionFont);

// One story's caption box (its title in the split view, chapter, calendar time, caption),
// centred over its pane (`side` of `sides`, each `paneWidth` wide) and ending at `bottom`, as
// the window shows it; exported videos burn in the same box. Returns where the box begins.
float drawCaptionBox(const Story& story, const StoryState& state, int side, int sides,
                     float paneWidth, float bottom, ImFont* captionFont);

// About how much of the view's height (ImGui units) the overlay covers, from the font sizes
// rather than last frame's windows, so that the story's framing stays put when a caption is
// longer or shorter: the transport bar and a caption of two lines.
float storyOverlayHeight(const StoryPlayer& player, const ImFont* captionFont);
// Its caption part alone (`sides` 2: the split view, whose captions carry the story's title).
float storyCaptionHeight(int sides, const ImFont* captionFont);

// The evidence card or the summary card, when asked for. `dismiss`: Enter or Escape.
void drawStoryCards(const StoryPlayer& player, StoryUi& ui, bool dismiss);
bool storyCardOpen(const StoryUi& ui);

// m:ss, for the time read-out.
std::string clockText(double seconds);

}  // namespace spineview::app
