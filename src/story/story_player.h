// Playback in the viewer: one story, or two side by side on one timeline (the split view),
// the time, playing or paused, and the speed. No drawing here: each frame the viewer
// evaluates the stories at time(), exactly as a headless render of that moment does, so a
// paused, scrubbed or played-to moment is the same picture.
#pragma once
#include <array>
#include <vector>

#include "story/story.h"

namespace spineview {

// The speeds the panel offers, slowest first.
inline constexpr std::array<double, 4> kStorySpeeds{0.5, 1.0, 1.5, 2.0};

class StoryPlayer {
 public:
  // Plays these stories (one, or left and right), paused at the start, at the speed set.
  void open(std::vector<Story> stories);
  void close();
  bool active() const { return !stories_.empty(); }
  bool split() const { return stories_.size() > 1; }
  const std::vector<Story>& stories() const { return stories_; }
  // The story whose chapters the timeline shows (the left one in the split view).
  const Story& lead() const { return stories_.front(); }
  double duration() const;  // of the longest story
  double time() const { return time_; }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }

  void play();  // from the start when at the end
  void pause() { playing_ = false; }
  void togglePlay() { playing_ ? pause() : play(); }
  void setSpeed(double speed);
  void slower();  // the next speed down in kStorySpeeds, if any
  void faster();
  void seek(double t);  // clamped to the timeline; counts as a seek (see seeks())
  void previousChapter();
  void nextChapter();

  // Advances by dt seconds of wall time times the speed while playing and pauses at the end;
  // true when the time moved. Only the time changes: what is shown at a time is state().
  bool advance(double dt);

  // The state of side `side` now (past a shorter story's end: its last moment).
  StoryState state(std::size_t side) const;

  // How many times the time was set rather than played (opening, seeking, stepping): the
  // viewer hands the camera back to the story after each, and leaves it to the user between.
  unsigned seeks() const { return seeks_; }

 private:
  std::vector<Story> stories_;
  double time_ = 0.0;
  double speed_ = 1.0;
  bool playing_ = false;
  unsigned seeks_ = 0;
};

}  // namespace spineview
