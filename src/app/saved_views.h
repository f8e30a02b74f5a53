// Camera views the user saved by name, kept between runs in a JSON file in the user's config
// folder. The list lives in memory; every edit writes the whole file. Bad files never crash
// the app and are never overwritten: what was valid is kept, and the next save first moves
// the broken file aside. No ImGui, GL or camera here: the viewer passes poses in and out.
#pragma once
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "camera/orbit_camera.h"
#include "core/result.h"

namespace spineview::app {

inline constexpr int kSavedViewsVersion = 1;  // the file's "version"; newer files are not read
inline constexpr std::size_t kMaxViewNameLength = 60;  // bytes; fits a button on the panel

struct SavedView {
  std::string name;
  CameraPose pose;
  // File name (no folder) of the model it was saved on; empty when none was loaded. A pose
  // is in that model's units and frame, so views of other models are marked in the list.
  std::string model;
};

// $XDG_CONFIG_HOME/spineview/views.json, or $HOME/.config/spineview/views.json when
// XDG_CONFIG_HOME is unset or not absolute (as the XDG spec asks). Empty when neither is set.
std::filesystem::path savedViewsPath();

// The name trimmed of surrounding white space; an error when it is then empty, too long, or
// not valid UTF-8 text.
Result<std::string> cleanViewName(const std::string& name);

// What a view records as its model: the file name of modelPath, made valid UTF-8 (Linux file
// names are bytes), so it can be written to the file and compared with the open model's.
std::string viewModelName(const std::string& modelPath);

// What an edit did, for the UI to tell the user.
struct SaveOutcome {
  bool changed = false;  // the list changed (it stays changed for this run even if unsaved)
  bool written = false;  // the file now holds the list
  std::string message;   // an error, or a note such as a broken file kept aside; may be empty
};

class SavedViews {
 public:
  explicit SavedViews(std::filesystem::path file = savedViewsPath()) : file_(std::move(file)) {}

  const std::filesystem::path& file() const { return file_; }
  const std::vector<SavedView>& views() const { return views_; }
  const SavedView* find(const std::string& name) const;
  // "View N" with the smallest N from size() + 1 up that no view has.
  std::string defaultName() const;

  // Replaces the list with the file's views. A missing file is no views and no message.
  // Otherwise each problem (bad JSON, wrong type, non-finite number, distance <= 0, missing
  // field, bad or duplicate name) is listed with the file, the place (a JSON pointer) and the
  // reason; the valid views are kept and the next save moves the file aside first.
  std::optional<std::string> load();

  // Adds a view (name cleaned). A view of the same name is an error unless `replace`, which
  // puts the new pose in that view's place in the list.
  SaveOutcome add(SavedView view, bool replace);
  SaveOutcome rename(const std::string& from, const std::string& to);
  SaveOutcome remove(const std::string& name);
  // Writes the list: to a temporary file in the same folder, then renamed over the file, so
  // a crash never leaves half a file. Creates the folder.
  SaveOutcome save();

 private:
  SaveOutcome saveEdit();  // save() after a change to the list

  std::filesystem::path file_;
  std::vector<SavedView> views_;
  bool keepFileAside_ = false;  // the file on disk is not what load() could fully read
};

// A change the panel asks for. The viewer carries it out, since only it has the camera pose.
struct SavedViewEdit {
  enum class Kind { Save, Rename, Delete };
  Kind kind = Kind::Save;
  std::string name;      // Save: the new view's name; otherwise the view's current name
  std::string newName;   // Rename only
  bool replace = false;  // Save: over a view of the same name (the user confirmed it)
};

// Carries out `edit`; Save stores `pose` with the file name of `modelPath`.
SaveOutcome applyEdit(SavedViews& views, const SavedViewEdit& edit, const CameraPose& pose,
                      const std::string& modelPath);

}  // namespace spineview::app
