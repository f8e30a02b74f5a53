#include "scene/gltf/uri_sandbox.h"

#include <algorithm>
#include <fstream>
#include <optional>

#include "scene/gltf/checks.h"

namespace spineview::gltf {
namespace {

namespace fs = std::filesystem;

void noteRefusal(FolderGuard& guard, const std::string& uri, const std::string& why) {
  std::string note = "URI '" + uri + "' " + why;
  if (std::find(guard.refusals.begin(), guard.refusals.end(), note) == guard.refusals.end())
    guard.refusals.push_back(note);
}

std::optional<fs::path> resolveInside(FolderGuard& guard, const std::string& joined) {
  if (guard.root.empty()) {  // a model read from memory has no folder
    noteRefusal(guard, joined, "names a separate file, which a model read from memory cannot");
    return std::nullopt;
  }
  if (joined.compare(0, guard.prefix.size(), guard.prefix) != 0) return std::nullopt;
  const std::string uri = joined.substr(guard.prefix.size());
  if (uri.empty()) return std::nullopt;
  if (uri[0] == '/' || uri[0] == '\\') {
    noteRefusal(guard, uri, "is an absolute path; only files in the model's folder are read");
    return std::nullopt;
  }
  if (uri.find("://") != std::string::npos) {
    noteRefusal(guard, uri, "is not a local file; only files in the model's folder are read");
    return std::nullopt;
  }
  const fs::path relative = fs::path(uri).lexically_normal();
  if (relative.empty() || *relative.begin() == "..") {
    noteRefusal(guard, uri, "leaves the model's folder");
    return std::nullopt;
  }
  // Symbolic links may point anywhere: compare canonical paths.
  std::error_code ec;
  const fs::path full = fs::weakly_canonical(guard.root / relative, ec);
  if (ec) return std::nullopt;
  auto rootEnd = guard.root.end();
  if (std::mismatch(guard.root.begin(), rootEnd, full.begin(), full.end()).first != rootEnd) {
    noteRefusal(guard, uri, "leaves the model's folder through a symbolic link");
    return std::nullopt;
  }
  return full;
}

bool guardedFileExists(const std::string& path, void* user) {
  auto& guard = *static_cast<FolderGuard*>(user);
  const auto full = resolveInside(guard, path);
  std::error_code ec;
  return full && fs::is_regular_file(*full, ec);
}

std::string noExpansion(const std::string& path, void*) {
  return path;
}

bool guardedReadWholeFile(std::vector<unsigned char>* out, std::string* err,
                          const std::string& path, void* user) {
  auto& guard = *static_cast<FolderGuard*>(user);
  const auto full = resolveInside(guard, path);
  if (!full) {
    if (err) *err += "refused to read " + path;
    return false;
  }
  std::string why;
  if (!readWholeFile(*full, out, &why)) {
    if (err) *err += path + " " + why;
    return false;
  }
  return true;
}

bool refuseWrite(std::string* err, const std::string&, const std::vector<unsigned char>&, void*) {
  if (err) *err += "writing is not allowed";
  return false;
}

}  // namespace

// Reads a whole regular file of at most kMaxBytes; `err` gets the reason otherwise.
bool readWholeFile(const fs::path& path, std::vector<unsigned char>* out, std::string* err) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    *err = "is not a regular file";
    return false;
  }
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) {
    *err = "cannot be read (" + ec.message() + ")";
    return false;
  }
  if (size > kMaxBytes) {
    *err = "has " + str(size) + " bytes, more than the 1 GiB this viewer accepts";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  out->resize(static_cast<size_t>(size));
  if (!in || (size > 0 &&
              !in.read(reinterpret_cast<char*>(out->data()), static_cast<std::streamsize>(size)))) {
    *err = "cannot be read";
    return false;
  }
  return true;
}

tinygltf::FsCallbacks sandboxedFileAccess(FolderGuard& guard) {
  return tinygltf::FsCallbacks{&guardedFileExists, &noExpansion, &guardedReadWholeFile,
                               &refuseWrite, &guard};
}

}  // namespace spineview::gltf
