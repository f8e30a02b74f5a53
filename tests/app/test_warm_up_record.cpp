// The warm-up record: a key that changes with what the warm-up compiles, kept across runs in a
// small file written atomically; a missing, damaged or unwritable file only means another
// warm-up, never a crash.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/warm_up_record.h"

using namespace spineview::app;
namespace fs = std::filesystem;

namespace {

struct TempFolder {
  fs::path path;
  TempFolder() {
    path = fs::temp_directory_path() / ("spineview-warm-up-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path / "shaders");
    fs::create_directories(path / "stories");
  }
  ~TempFolder() { fs::remove_all(path); }
  void write(const fs::path& relative, const std::string& text) const {
    std::ofstream(path / relative) << text;
  }
};

}  // namespace

TEST_CASE("the warm-up key changes with the driver, the model, a shader and a story") {
  TempFolder dir;
  dir.write("shaders/pbr.frag", "void main() {}");
  dir.write("stories/a.json", "{}");
  dir.write("model.glb", "glTF");
  const std::string shaders = (dir.path / "shaders").string(),
                    stories = (dir.path / "stories").string(),
                    model = (dir.path / "model.glb").string();
  const std::string key = warmUpKey("llvmpipe / 4.5 Mesa 22.3.6", model, shaders, stories);
  CHECK(key.size() == 16);
  CHECK(key == warmUpKey("llvmpipe / 4.5 Mesa 22.3.6", model, shaders, stories));
  CHECK(key != warmUpKey("llvmpipe / 4.5 Mesa 23.0.0", model, shaders, stories));
  dir.write("model.glb", "glTF2");  // another size
  const std::string otherModel = warmUpKey("llvmpipe / 4.5 Mesa 22.3.6", model, shaders, stories);
  CHECK(otherModel != key);
  dir.write("shaders/pbr.frag", "void main() { }");
  const std::string otherShader = warmUpKey("llvmpipe / 4.5 Mesa 22.3.6", model, shaders, stories);
  CHECK(otherShader != otherModel);
  dir.write("stories/b.json", "{}");
  CHECK(warmUpKey("llvmpipe / 4.5 Mesa 22.3.6", model, shaders, stories) != otherShader);
}

TEST_CASE("a recorded warm-up is found again; the record keeps the most recent keys") {
  TempFolder dir;
  const fs::path record = dir.path / "cache" / "spineview" / "warmed-up";
  CHECK_FALSE(warmedUpBefore(record, "0123456789abcdef"));  // no file yet
  REQUIRE_FALSE(recordWarmUp(record, "0123456789abcdef").has_value());
  CHECK(warmedUpBefore(record, "0123456789abcdef"));
  CHECK_FALSE(warmedUpBefore(record, "fedcba9876543210"));
  for (int i = 0; i < kWarmUpRecordKeys; ++i)
    REQUIRE_FALSE(recordWarmUp(record, "key" + std::to_string(i)).has_value());
  CHECK_FALSE(warmedUpBefore(record, "0123456789abcdef"));  // the oldest is dropped
  CHECK(warmedUpBefore(record, "key0"));
  CHECK(warmedUpBefore(record, "key" + std::to_string(kWarmUpRecordKeys - 1)));
  // Only the record is left in its folder: no temporary file.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(record.parent_path()))
    files += entry.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("a damaged or unwritable warm-up record means another warm-up, not a crash") {
  TempFolder dir;
  const fs::path record = dir.path / "warmed-up";
  std::ofstream(record, std::ios::binary) << std::string("\0\xff\xfe\n", 4);
  CHECK_FALSE(warmedUpBefore(record, "0123456789abcdef"));  // binary bytes: no key of ours
  REQUIRE_FALSE(recordWarmUp(record, "0123456789abcdef").has_value());  // replaced
  CHECK(warmedUpBefore(record, "0123456789abcdef"));
  std::ofstream(record, std::ios::binary) << "0123456789abcdef\n" << std::string(200000, 'x');
  CHECK_FALSE(warmedUpBefore(record, "0123456789abcdef"));  // too large to be ours: ignored
  // A file where the record's folder should be created.
  dir.write("blocked", "a file");
  const auto error = recordWarmUp(dir.path / "blocked" / "warmed-up", "0123456789abcdef");
  REQUIRE(error.has_value());
  CHECK(error->message.find("blocked") != std::string::npos);
  CHECK(recordWarmUp({}, "0123456789abcdef").has_value());  // no HOME nor XDG_CACHE_HOME
}

TEST_CASE("the warm-up record lives in the user's cache folder, as the XDG spec places it") {
  const char* oldXdg = std::getenv("XDG_CACHE_HOME");
  const std::string savedXdg = oldXdg ? oldXdg : "";
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  setenv("XDG_CACHE_HOME", "/var/tmp/cache", 1);
  CHECK(warmUpRecordPath() == fs::path("/var/tmp/cache/spineview/warmed-up"));
  setenv("XDG_CACHE_HOME", "relative/cache", 1);  // ignored: not absolute
  if (!home.empty()) CHECK(warmUpRecordPath() == fs::path(home) / ".cache/spineview/warmed-up");
  if (oldXdg)
    setenv("XDG_CACHE_HOME", savedXdg.c_str(), 1);
  else
    unsetenv("XDG_CACHE_HOME");
}
