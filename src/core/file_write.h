// Files the app writes (saved views, the warm-up record) are written whole or not at all: into
// a temporary file beside the target, flushed to disk, then renamed over it. A full disk, a
// crash or a power cut leaves the old file, never half of a new one.
#pragma once
#include <filesystem>
#include <string>

#include "core/result.h"

namespace spineview {

// The user's folder named by an XDG variable ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"), else
// $HOME/`homeFallback` (".config", ".cache") as the XDG spec asks when the variable is unset,
// empty or relative. Empty when neither is set.
std::filesystem::path xdgFolder(const char* variable, const char* homeFallback);

// Writes `text` to a new temporary file in `folder` (named .PREFIX.XXXXXX), flushed to disk;
// returns its path, for the caller to rename where it belongs.
Result<std::filesystem::path> writeTempFile(const std::filesystem::path& folder,
                                            const std::string& prefix, const std::string& text);

// Creates the folder if needed, then writes `text` to `file` through a temporary file.
Status writeFileAtomically(const std::filesystem::path& file, const std::string& text);

}  // namespace spineview
