// The Case page of the side panel: the patient's case (case/case_file.h) with large controls,
// its summary in plain words, and New, Open, Save and Save as. Like the other panels it edits
// its state and reports requests; the viewer rebuilds the model (case/case_rebuild.h) and reads
// and writes the files.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "case/case_file.h"

namespace spineview::app {

struct CaseUi {
  bool available = false;  // the model is SpineView's generated one: a case applies to it
  Case edited;             // what the controls show; the model follows once rebuilt
  bool building = false;   // a rebuild is under way; the model on screen is the previous case
  std::string status;      // the last rebuild, open or save, in words
  bool statusIsError = false;
  char path[1024] = "";    // the case file: where Save writes and Open reads
  char saveAsPath[1024] = "";  // the Save as window's field
  std::vector<std::filesystem::path> recent;
  int editPin = -1;  // a pin just placed: a small window asks for its text
  bool showNotes = true;  // the case's pins and ink over the 3D view
};

struct CaseActions {
  bool changed = false;  // a control changed `edited`: rebuild for it
  bool newCase = false;  // back to the default case, unsaved
  std::optional<std::string> open, save;  // a case file to read, or to write `edited` to
  bool notesChanged = false;  // a pin's text edited, a pin or all notes removed
  bool undoNote = false;      // remove the pin or stroke added last
};

void casePage(CaseUi& ui, CaseActions& actions);
// The window that asks for a new pin's text (while ui.editPin names one), drawn at the top level;
// `dismiss` (Enter or Escape) closes it.
void pinTextWindow(CaseUi& ui, CaseActions& actions, bool dismiss);

// Where case files go unless another path is typed: ~/Documents/SpineView cases/case.json
// (the home folder when there is no Documents folder).
std::string defaultCasePath();

}  // namespace spineview::app
