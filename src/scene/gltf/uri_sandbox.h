// File access for tinygltf that never leaves the model's folder: the callbacks read only
// regular files inside it (canonical paths, so symbolic links cannot escape), refuse absolute
// paths and URLs, and never write. Internal to src/scene/gltf.
#pragma once
#include <tiny_gltf.h>

#include <filesystem>
#include <string>
#include <vector>

namespace spineview::gltf {

// What the file callbacks may read: only files inside `root` (canonical). tinygltf joins
// base_dir + "/" + uri, then also tries "./" + uri relative to the working directory; only the
// first form is ever allowed.
struct FolderGuard {
  std::filesystem::path root;         // empty: no file may be read
  std::string prefix;                 // root as a string, ending in '/'
  std::vector<std::string> refusals;  // why URIs were refused, for the error message
};

// The callbacks, reading through `guard` (which must outlive the loader).
tinygltf::FsCallbacks sandboxedFileAccess(FolderGuard& guard);

// Reads a whole regular file of at most kMaxBytes; `err` gets the reason otherwise.
bool readWholeFile(const std::filesystem::path& path, std::vector<unsigned char>* out,
                   std::string* err);

}  // namespace spineview::gltf
