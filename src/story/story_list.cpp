#include "story/story_list.h"

#include <algorithm>
#include <filesystem>

#include "story/story.h"

namespace spineview {

std::string defaultStoryDir() {
  if (const char* env = std::getenv("SPINEVIEW_STORY_DIR"); env && *env) return env;
  return SPINEVIEW_STORY_DIR;
}

std::string storyPath(const std::string& nameOrPath, const std::string& storyDir) {
  const bool isPath =
      nameOrPath.find('/') != std::string::npos ||
      (nameOrPath.size() > 5 && nameOrPath.substr(nameOrPath.size() - 5) == ".json");
  return isPath ? nameOrPath : storyDir + "/" + nameOrPath + ".json";
}

std::vector<std::string> listStories(const std::string& storyDir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(storyDir, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".json")
      names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<StoryEntry> scanStories(const std::string& dir) {
  std::vector<StoryEntry> entries;
  for (const std::string& name : listStories(dir)) {
    auto story = loadStoryFile(storyPath(name, dir));
    entries.push_back({name, story ? story.value().title : "", story ? "" : story.error()});
  }
  return entries;
}

bool canCompare(const std::vector<StoryEntry>& entries) {
  return std::all_of(kComparedStories.begin(), kComparedStories.end(), [&](const char* name) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const StoryEntry& e) { return e.name == name && e.error.empty(); });
  });
}

}  // namespace spineview
