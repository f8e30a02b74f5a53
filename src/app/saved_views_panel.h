// The View page's "Saved views" section: the user's views as finger-sized buttons, a Save
// button with a name field, and Rename/Delete behind a per-view Edit button. It reads the list
// only; changes come back as a SavedViewEdit for the viewer, which has the camera pose.
#pragma once
#include <array>
#include <optional>
#include <string>

#include "app/saved_views.h"
#include "camera/orbit_camera.h"

namespace spineview::app {

// The section's state between frames. `views` is loaded once by the viewer at start.
struct SavedViewsUi {
  SavedViews views;
  std::array<char, kMaxViewNameLength + 1> saveName{};  // the Save field
  bool saveNameTyped = false;  // until the user types, the field offers views.defaultName()
  std::string confirmReplace;  // a view of the typed name exists: ask before replacing it
  std::string editing;         // the view whose Rename/Delete row is open
  std::array<char, kMaxViewNameLength + 1> newName{};  // the Rename field
  bool confirmDelete = false;  // the open row asks "Delete?" before deleting
};

// Draws the section. `modelPath` is the loaded model, to mark views saved on other models.
// A tap on a view sets `goTo`; Save, Rename and Delete set `edit`.
void savedViewsSection(SavedViewsUi& ui, const std::string& modelPath,
                       std::optional<CameraPose>& goTo, std::optional<SavedViewEdit>& edit);

}  // namespace spineview::app
