#include "story/story_player.h"

#include <algorithm>

namespace spineview {

void StoryPlayer::open(std::vector<Story> stories) {
  stories_ = std::move(stories);
  playing_ = false;
  time_ = 0.0;
  ++seeks_;
}

void StoryPlayer::close() {
  stories_.clear();
  playing_ = false;
  time_ = 0.0;
}

double StoryPlayer::duration() const {
  double longest = 0.0;
  for (const Story& s : stories_) longest = std::max(longest, s.duration);
  return longest;
}

void StoryPlayer::play() {
  if (!active()) return;
  if (time_ >= duration()) seek(0.0);
  playing_ = true;
}

void StoryPlayer::setSpeed(double speed) {
  speed_ = std::clamp(speed, kStorySpeeds.front(), kStorySpeeds.back());
}

void StoryPlayer::slower() {
  for (auto it = kStorySpeeds.rbegin(); it != kStorySpeeds.rend(); ++it)
    if (*it < speed_ - 1e-9) return setSpeed(*it);
}

void StoryPlayer::faster() {
  for (double s : kStorySpeeds)
    if (s > speed_ + 1e-9) return setSpeed(s);
}

void StoryPlayer::seek(double t) {
  time_ = std::clamp(t, 0.0, duration());
  ++seeks_;
}

void StoryPlayer::previousChapter() {
  if (active()) seek(previousChapterStart(lead(), time_));
}

void StoryPlayer::nextChapter() {
  if (active()) seek(nextChapterStart(lead(), time_));
}

bool StoryPlayer::advance(double dt) {
  if (!active() || !playing_) return false;
  const double before = time_;
  // The timeline is the longest story's; a shorter one holds its last moment (state()).
  time_ = std::clamp(time_ + dt * speed_, 0.0, duration());
  if (time_ >= duration()) playing_ = false;
  return time_ != before;
}

StoryState StoryPlayer::state(std::size_t side) const {
  const Story& story = stories_.at(side);
  return evaluateStory(story, std::min(time_, story.duration));
}

}  // namespace spineview
