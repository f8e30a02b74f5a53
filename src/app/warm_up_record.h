// Whether the draw-state warm-up (frame/warm_up.h) already ran for this driver, build, model,
// shaders and stories. If so, the driver's own shader cache holds what it compiled and the
// viewer skips it. Kept in $XDG_CACHE_HOME/spineview/warmed-up (else ~/.cache/spineview/...),
// one key per line, the most recent last; losing the file only means one more warm-up.
#pragma once
#include <filesystem>
#include <string>

#include "core/result.h"

namespace spineview::app {

inline constexpr int kWarmUpRecordKeys = 32;  // models and builds remembered

// A key for what the warm-up compiles: `driver` (GL renderer and version), this executable,
// the model file (path, size, time), and the contents of the shader and story folders.
std::string warmUpKey(const std::string& driver, const std::string& modelPath,
                      const std::string& shaderDir, const std::string& storyDir);

// Empty when neither XDG_CACHE_HOME (absolute) nor HOME is set.
std::filesystem::path warmUpRecordPath();
bool warmedUpBefore(const std::filesystem::path& record, const std::string& key);
// Adds the key (keeping the last kWarmUpRecordKeys), writing the file atomically.
Status recordWarmUp(const std::filesystem::path& record, const std::string& key);

}  // namespace spineview::app
