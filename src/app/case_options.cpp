#include "app/case_options.h"

#include "app/cli.h"
#include "case/case_rebuild.h"
#include "scene/gltf/import.h"

namespace spineview::app {

Result<std::optional<Case>> caseFromFlags(const CaseFlags& flags, const Scene& model) {
  if (!flags.any()) return std::optional<Case>{};
  Case c;
  if (!flags.file.empty()) {
    auto loaded = loadCase(flags.file);
    if (!loaded) return Error{loaded.error()};
    c = loaded.value();
  } else if (auto own = modelOptions(model)) {
    c.anatomy = *own;
    c.anatomy.cellScale = 1.f;
  } else {
    return Error{"the case flags apply only to SpineView's generated model, and " + model.sourcePath +
                 " was not made by spinegen"};
  }
  spinegen::Options& o = c.anatomy;
  // The flags' words were checked against the name tables when parsing.
  if (flags.level) o.level = *flags.level;
  if (flags.tear) o.tear = *spinegen::parseTear(*flags.tear);
  if (flags.herniation) o.leak = *spinegen::parseLeak(*flags.herniation);
  if (flags.side) o.leakSide = *spinegen::parseSide(*flags.side);
  if (flags.grade) o.grade = *flags.grade;
  if (flags.clock) o.clockHours = *flags.clock;
  if (flags.leakSize) o.leakSizeMm = *flags.leakSize;
  if (flags.hiz) o.hiz = *flags.hiz;
  if (std::string why = spinegen::invalidReason(o); !why.empty()) return Error{"the case: " + why};
  return std::optional<Case>{c};
}

Result<Scene> importModel(const CliOptions& options) {
  auto scene = importGltf(options.file);
  if (!scene || !options.caseFlags.any()) return scene;
  auto chosen = caseFromFlags(options.caseFlags, scene.value());
  if (!chosen) return Error{chosen.error()};
  return applyCase(scene.value(), chosen.value()->anatomy);
}

}  // namespace spineview::app
