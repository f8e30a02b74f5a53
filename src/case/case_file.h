// A patient's case as a file: the treated level, the tear and the leaked material that the
// generator builds (spinegen::Options), with a short free label, so that a clinician can keep a
// case, reopen it and pass it on. The file is JSON (docs/case-format.md) and is read through
// the one JSON boundary (core/json_input.h); every refusal names the file, the place and why.
// Also the list of recently opened cases and a plain-words sentence that describes a case.
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modelgen/options.h"
#include "scene/surface_anchor.h"

namespace spineview {

constexpr int kCaseFormatVersion = 1;           // the file's "version"; newer files are refused
constexpr std::size_t kMaxCaseLabelBytes = 60;  // fits a title line and a list entry
constexpr std::size_t kMaxRecentCases = 8;

struct Case {
  std::string label;          // a short free label ("case A"), never a patient's name
  spinegen::Options anatomy;  // level, tear, grade, clock, HIZ, leak; cellScale is always 1
  Notes notes;                // pins and ink on the model (case/case_notes.h)
};

// Same label, same geometry (spinegen::Options::sameCase) and the same notes.
bool operator==(const Case& a, const Case& b);
inline bool operator!=(const Case& a, const Case& b) {
  return !(a == b);
}

// Why `label` cannot be a case's label ("" when it can): longer than kMaxCaseLabelBytes, not
// valid UTF-8, or holding a control character (a line break would break the line it is shown on).
std::string caseLabelProblem(std::string_view label);

// Reads a case file's text. Every failure is "FILE: /pointer: reason". Clock and size are kept
// to hundredths (rounded on reading and on writing) so that a written file reads back equal.
Result<Case> parseCase(std::string_view text, const std::string& file);

// The file's text: every key written, in a fixed order, 2-space indent, ending with "\n".
std::string caseToJson(const Case& c);

// Reads a case file; a missing file, a folder, an unreadable file or one over 1 MiB is an
// error naming the file.
Result<Case> loadCase(const std::filesystem::path& file);

// Writes the case whole or not at all (core/file_write.h), creating the folder. A case that
// would not read back (an invalid label or anatomy) is refused and nothing is written.
Status saveCase(const Case& c, const std::filesystem::path& file);

// One plain-words sentence for a patient and a clinician: tear type, level, how far the tear
// reaches (modified Dallas grade), where it lies on the clock, the high-intensity zone, and
// where leaked material lies and which root it touches. Neutral: it claims no outcome.
std::string caseSummary(const Case& c);

// Recently opened case files, newest first, at most kMaxRecentCases. A missing or damaged
// list reads as empty (it is only a convenience); files that have since gone are still listed.
std::vector<std::filesystem::path> recentCases(const std::filesystem::path& listFile);

// Puts `caseFile` (made absolute) at the front of the list, removing it further down and
// dropping the entries past kMaxRecentCases; writes the list atomically. A damaged list is
// replaced. A file name that is not valid UTF-8 cannot be kept in JSON and is an error.
Status rememberCase(const std::filesystem::path& listFile, const std::filesystem::path& caseFile);

// $XDG_CONFIG_HOME/spineview/recent-cases.json (else ~/.config/...); empty when neither
// XDG_CONFIG_HOME nor HOME is set.
std::filesystem::path recentCasesFile();

}  // namespace spineview
