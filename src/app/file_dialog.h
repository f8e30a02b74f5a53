// An "Open model" dialog drawn with ImGui: folders and .gltf/.glb files, up and home buttons,
// and a path that can be typed. The listing is separate from the drawing so it can be tested.
// The dialog only returns a path; loading (and reporting a bad file) is the caller's job.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace spineview::app {

struct DirEntry {
  std::string name;
  bool directory = false;
};

// True for names ending in .gltf or .glb (any case).
bool isModelFile(const std::filesystem::path& path);

// The path a typed entry names: a leading "~" or "~/" is the home folder, an absolute path is
// kept, and a relative one is taken from `shownDir` (the folder the dialog shows, not the
// process's working directory). Empty means `shownDir`. The result is lexically normalised.
std::filesystem::path resolveTypedPath(const std::string& typed,
                                       const std::filesystem::path& shownDir,
                                       const std::filesystem::path& home);

// Folders first, then model files, each sorted case-insensitively; hidden entries and other
// files are left out. Unreadable entries are skipped; an unreadable folder is an error.
Result<std::vector<DirEntry>> listModelDirectory(const std::filesystem::path& dir);

class FileDialog {
 public:
  // Opens the dialog at `start` (a folder, or a file whose folder is used).
  void open(const std::filesystem::path& start);
  bool isOpen() const { return open_ || requestOpen_; }
  // Draws the dialog if open (call every frame at the top level, outside other windows);
  // returns the chosen file once, when the user confirms. `cancel` closes it (Escape).
  std::optional<std::string> draw(bool cancel = false);
  // Reopens the dialog at the folder of `file`, which failed to load, with `error` shown, so
  // the user can pick another file from the same place.
  void reopenWithError(const std::filesystem::path& file, const std::string& error);

 private:
  void navigate(const std::filesystem::path& dir);
  // Sets the path field and resolves it once per edit (not every frame: is_directory may
  // touch a slow or network disk).
  void setTyped(std::string text);
  std::filesystem::path dir_;
  std::vector<DirEntry> entries_;
  std::string typed_;
  std::filesystem::path typedPath_;  // typed_ resolved against dir_
  bool typedIsDir_ = false;
  std::string error_;
  int selected_ = -1;
  bool open_ = false;
  bool requestOpen_ = false;
};

}  // namespace spineview::app
