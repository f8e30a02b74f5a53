#include "core/file_write.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace spineview {

namespace fs = std::filesystem;

fs::path xdgFolder(const char* variable, const char* homeFallback) {
  const char* xdg = std::getenv(variable);
  if (xdg && *xdg == '/') return fs::path(xdg);
  const char* home = std::getenv("HOME");
  if (home && *home) return fs::path(home) / homeFallback;
  return {};
}

Result<fs::path> writeTempFile(const fs::path& folder, const std::string& prefix,
                               const std::string& text) {
  std::string name = (folder / ("." + prefix + ".XXXXXX")).string();
  const int fd = mkstemp(name.data());
  if (fd < 0) return Error{"cannot write in " + folder.string() + ": " + std::strerror(errno)};
  const char* data = text.data();
  std::size_t left = text.size();
  int error = 0;
  while (left > 0 && error == 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) {
      data += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  // fsync before the rename: otherwise a power cut can leave an empty file under the real name.
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    ::unlink(name.c_str());
    return Error{std::strerror(error)};
  }
  return fs::path(name);
}

Status writeFileAtomically(const fs::path& file, const std::string& text) {
  std::error_code ec;
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  fs::create_directories(folder, ec);
  if (ec) return Error{"cannot create the folder " + folder.string() + ": " + ec.message()};
  auto temp = writeTempFile(folder, file.filename().string(), text);
  if (!temp) return Error{temp.error()};
  fs::rename(temp.value(), file, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temp.value(), ec);
    return Error{"cannot write " + file.string() + ": " + reason};
  }
  return std::nullopt;
}

}  // namespace spineview
