// The story controls: the side panel's Story page (picker, split view, speed, chapters,
// evidence), the transport bar and captions over the 3D view, and the evidence and summary
// cards. Like the other panels they edit state (the StoryPlayer here) and report requests
// (open a story) for the viewer to carry out; they never touch GL or the camera.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "story/story_player.h"

struct ImFont;

namespace spineview::app {

// A story in the stories folder, as the picker lists it.
struct StoryEntry {
  std::string name;   // file name without .json: what --story takes
  std::string title;  // from the file; empty when it does not load
  std::string error;  // why it does not load (shown when picked)
};

// Reads every story in `dir` for the picker (titles, or the reason one is broken).
std::vector<StoryEntry> scanStories(const std::string& dir);

struct StoryUi {
  std::vector<StoryEntry> entries;
  bool showEvidence = false;  // the evidence card of the story (both, in the split view)
  bool showSummary = false;   // the split view's side-by-side summary card
};

struct StoryActions {
  std::optional<std::string> open;  // a story by name
  bool openSplit = false;           // fibrin left, fusion right
  bool close = false;
};

// Story names the split view shows, left then right.
inline constexpr const char* kSplitLeft = "fibrin";
inline constexpr const char* kSplitRight = "fusion";

// The Story page of the side panel.
void storyPage(StoryPlayer& player, StoryUi& ui, StoryActions& actions);

// Over the 3D view, which is `sceneWidth` wide (ImGui units; the split view halves it):
// the transport bar along the bottom and each side's caption above it. Returns where the
// captions begin (ImGui units from the top), so labels and cards keep above it.
float drawStoryOverlay(StoryPlayer& player, float sceneWidth, ImFont* captionFont);

// About how much of the view's height (ImGui units) the overlay covers, from the font sizes
// rather than last frame's windows, so that the story's framing stays put when a caption is
// longer or shorter: the transport bar and a caption of two lines.
float storyOverlayHeight(const StoryPlayer& player, const ImFont* captionFont);

// The evidence card or the summary card, when asked for. `dismiss`: Enter or Escape.
void drawStoryCards(const StoryPlayer& player, StoryUi& ui, bool dismiss);
bool storyCardOpen(const StoryUi& ui);

// m:ss, for the time read-out.
std::string clockText(double seconds);

}  // namespace spineview::app
