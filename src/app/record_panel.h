// Recording a walkthrough (story/recorder.h) from the window: the Story page's Record and
// Turntable controls, the recording bar over the 3D view (time, Caption here, Chapter here,
// Stop), and the small window that takes a caption's or chapter's words. Like the other
// panels they only edit RecordUi and report requests; the viewer records and saves.
#pragma once
#include <optional>
#include <string>

namespace spineview::app {

inline constexpr int kRecordTextBytes = 240;

struct RecordUi {
  bool recording = false;
  double elapsed = 0.0;      // seconds recorded, for the read-out
  bool unsaved = false;      // a recording whose save failed: offered again, never dropped
  char title[96] = "My walkthrough";
  // The words being typed for a caption or chapter, and the recording time it was asked at.
  enum class Asking { None, Caption, Chapter } asking = Asking::None;
  double askedAt = 0.0;
  char text[kRecordTextBytes + 1] = "";
};

struct RecordActions {
  bool start = false, stop = false, discard = false, saveAgain = false;
  std::optional<std::pair<double, std::string>> caption, chapter;  // at a recording time
  std::optional<double> turntable;                                 // seconds for one turn
};

// The Story page's section: Record (with the walkthrough's title) and Turntable while no story
// plays; the recording's controls while one is under way.
void recordSection(RecordUi& ui, RecordActions& actions, bool storyOpen);
// Over the 3D view's top-right corner while recording, `sceneWidth` wide at most.
void drawRecordBar(RecordUi& ui, RecordActions& actions, float sceneWidth);
// The words of a caption or chapter asked for with "here"; Enter or Done adds them.
void recordTextWindow(RecordUi& ui, RecordActions& actions, bool dismiss);

}  // namespace spineview::app
