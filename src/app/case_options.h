// The case on the command line: --case FILE and the flags that override it (or, without a
// file, the model's own case), applied to the imported model for --render, --story, --compare,
// --dump-state, --export and the window's start.
#pragma once
#include <optional>
#include <string>

#include "case/case_file.h"
#include "core/result.h"
#include "scene/scene.h"

namespace spineview::app {

struct CliOptions;

struct CaseFlags {
  std::string file;  // --case
  std::optional<std::string> level, tear, herniation, side;
  std::optional<int> grade;
  std::optional<float> clock, leakSize;
  std::optional<bool> hiz;
  bool any() const {
    return !file.empty() || level || tear || herniation || side || grade || clock || leakSize || hiz;
  }
};

// The case the flags ask for, starting from the file's or the model's: nothing when no flag
// was given.
Result<std::optional<Case>> caseFromFlags(const CaseFlags& flags, const Scene& model);

// Imports options.file and applies the case its flags ask for (case/case_rebuild.h).
Result<Scene> importModel(const CliOptions& options);

}  // namespace spineview::app
