// Fuzz target: a views.json through load, an edit whose view name and model path are bytes of
// the input (Linux file names need not be UTF-8), save, and load again. Whatever the input,
// the saved file must read back whole: every view kept, no problem reported.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/saved_views.h"
#include "fuzz_check.h"

namespace fs = std::filesystem;
using spineview::app::SavedViewEdit;
using spineview::app::SavedViews;

namespace {

const fs::path& workFolder() {
  static const fs::path folder = [] {
    fs::path f = fs::temp_directory_path() / ("spineview-fuzz-views-" + std::to_string(getpid()));
    fs::create_directories(f);
    return f;
  }();
  return folder;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fs::path folder = workFolder();
  for (const auto& entry : fs::directory_iterator(folder)) fs::remove_all(entry.path());
  const fs::path file = folder / "views.json";
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::ofstream(file, std::ios::binary) << bytes;

  SavedViews views(file);
  (void)views.load();
  const std::size_t kept = views.views().size();

  // The last bytes name the new view, the first ones its model (so both vary with the input).
  const std::string name = bytes.substr(bytes.size() - std::min<std::size_t>(bytes.size(), 70));
  const std::string modelPath = bytes.substr(0, 300);
  const auto outcome = spineview::app::applyEdit(
      views, SavedViewEdit{SavedViewEdit::Kind::Save, name, "", false}, {}, modelPath);
  const auto saved = outcome.changed ? outcome : views.save();
  FUZZ_CHECK(saved.written, "the list is written");
  const std::size_t expected = kept + (outcome.changed ? 1 : 0);
  FUZZ_CHECK(views.views().size() == expected, "an edit adds one view or none");

  SavedViews again(file);
  const auto problems = again.load();
  FUZZ_CHECK(!problems, "a saved file reads back without problems");
  FUZZ_CHECK(again.views().size() == expected, "a saved file reads back every view");
  for (std::size_t i = 0; i < expected; ++i) {
    FUZZ_CHECK(again.views()[i].name == views.views()[i].name, "names read back as saved");
    FUZZ_CHECK(again.views()[i].model == views.views()[i].model, "models read back as saved");
  }
  return 0;
}
