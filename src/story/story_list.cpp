#include "story/story_list.h"

#include <algorithm>
#include <filesystem>

#include "core/file_write.h"
#include "story/story.h"

namespace spineview {

std::string defaultStoryDir() {
  if (const char* env = std::getenv("SPINEVIEW_STORY_DIR"); env && *env) return env;
  return SPINEVIEW_STORY_DIR;
}

bool isStoryFilePath(const std::string& nameOrPath) {
  return nameOrPath.find('/') != std::string::npos ||
         (nameOrPath.size() > 5 && nameOrPath.substr(nameOrPath.size() - 5) == ".json");
}

std::string storyPath(const std::string& nameOrPath, const std::string& storyDir) {
  if (isStoryFilePath(nameOrPath)) return nameOrPath;
  const std::string shipped = storyDir + "/" + nameOrPath + ".json";
  std::error_code ec;
  const std::string user = userStoryDir();
  if (!user.empty() && !std::filesystem::exists(shipped, ec) &&
      std::filesystem::exists(user + "/" + nameOrPath + ".json", ec))
    return user + "/" + nameOrPath + ".json";
  return shipped;
}

std::string translatedStoryName(const std::string& nameOrPath, const std::string& lang) {
  if (lang.empty() || isStoryFilePath(nameOrPath)) return nameOrPath;
  return nameOrPath + "-" + lang;
}

bool isLanguageCode(const std::string& lang) {
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang)
    if (c < 'a' || c > 'z') return false;
  return true;
}

std::string userStoryDir() {
  const std::filesystem::path data = xdgFolder("XDG_DATA_HOME", ".local/share");
  return data.empty() ? std::string() : (data / "spineview" / "stories").string();
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

std::vector<StoryEntry> scanAllStories() {
  std::vector<StoryEntry> entries = scanStories(defaultStoryDir());
  const std::string user = userStoryDir();
  if (user.empty()) return entries;
  const size_t shipped = entries.size();
  for (StoryEntry& entry : scanStories(user)) {
    const auto begin = entries.begin(), end = entries.begin() + long(shipped);
    if (std::any_of(begin, end, [&](const StoryEntry& e) { return e.name == entry.name; })) continue;
    entry.recorded = true;
    entries.push_back(std::move(entry));
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
