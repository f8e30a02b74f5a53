// Where stories are and which ones the viewer offers: the shipped folder, a story by name or
// path, every story in a folder with its title or the reason it cannot be read, and the pair
// the split view compares.
#pragma once
#include <array>
#include <string>
#include <vector>

namespace spineview {

// The folder of shipped stories (SPINEVIEW_STORY_DIR overrides the configured one), and a
// story by name ("fibrin") or by path ("x/y.json").
std::string defaultStoryDir();
std::string storyPath(const std::string& nameOrPath, const std::string& storyDir);
// Names of the *.json stories in a folder, sorted.
std::vector<std::string> listStories(const std::string& storyDir);

// A story in a folder, as a picker lists it.
struct StoryEntry {
  std::string name;   // file name without .json: what --story takes
  std::string title;  // from the file; empty when it does not load
  std::string error;  // why it does not load ("FILE: /pointer: reason")
};
// Reads every story in `dir` (titles, or the reason one is broken), sorted by name.
std::vector<StoryEntry> scanStories(const std::string& dir);

// The stories the split view and --compare show side by side, left then right.
inline constexpr std::array<const char*, 2> kComparedStories{"fibrin", "fusion"};
// True when both compared stories are among `entries` and load.
bool canCompare(const std::vector<StoryEntry>& entries);

}  // namespace spineview
