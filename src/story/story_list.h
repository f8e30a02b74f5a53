// Where stories are and which ones the viewer offers: the shipped folder, a story by name or
// path, every story in a folder with its title or the reason it cannot be read, and the pair
// the split view compares.
#pragma once
#include <array>
#include <string>
#include <vector>

namespace spineview {

// The folder of shipped stories (SPINEVIEW_STORY_DIR overrides the configured one), and a
// story by name ("fibrin") or by path ("x/y.json"). A name that `storyDir` lacks but the
// user's folder holds (a recorded walkthrough) is found there.
std::string defaultStoryDir();
std::string storyPath(const std::string& nameOrPath, const std::string& storyDir);
bool isStoryFilePath(const std::string& nameOrPath);  // "x/y.json" or "y.json", not a name
// Where the window saves recorded walkthroughs and turntables:
// $XDG_DATA_HOME/spineview/stories, else ~/.local/share/spineview/stories; empty when neither
// XDG_DATA_HOME nor HOME is set.
std::string userStoryDir();
// Names of the *.json stories in a folder, sorted.
std::vector<std::string> listStories(const std::string& storyDir);

// A story in a folder, as a picker lists it.
struct StoryEntry {
  std::string name;   // file name without .json: what --story takes
  std::string title;  // from the file; empty when it does not load
  std::string error;  // why it does not load ("FILE: /pointer: reason")
  bool recorded = false;  // in the user's folder (userStoryDir)
};
// Reads every story in `dir` (titles, or the reason one is broken), sorted by name.
std::vector<StoryEntry> scanStories(const std::string& dir);
// The shipped stories, then the user's recorded ones whose names the shipped ones do not take.
std::vector<StoryEntry> scanAllStories();

// The stories the split view and --compare show side by side, left then right.
inline constexpr std::array<const char*, 2> kComparedStories{"fibrin", "fusion"};

// A story in another language is its own file, named NAME-LANG ("fibrin-de"; stories/README.md,
// Translations). The name itself when `lang` is empty; a path is returned as it is.
std::string translatedStoryName(const std::string& nameOrPath, const std::string& lang);
// True for a language code as story names carry it: 2 or 3 lower-case letters ("de", "fil").
bool isLanguageCode(const std::string& lang);
// True when both compared stories are among `entries` and load.
bool canCompare(const std::vector<StoryEntry>& entries);

}  // namespace spineview
