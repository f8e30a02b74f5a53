#include "app/warm_up_record.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/file_write.h"

namespace spineview::app {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxHashedFile = 4u << 20;  // larger stories are refused anyway

// 64-bit FNV-1a: a change detector, not a checksum against tampering.
struct Hash {
  std::uint64_t value = 0xcbf29ce484222325ull;
  void add(const std::string& text) {
    for (unsigned char c : text) value = (value ^ c) * 0x100000001b3ull;
    value = (value ^ 0xff) * 0x100000001b3ull;  // ends each part: "ab","c" differs from "a","bc"
  }
};

void addFileStamp(Hash& hash, const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto time = fs::last_write_time(file, ec);
  hash.add(file.string() + " " + std::to_string(ec ? 0 : size) + " " +
           std::to_string(ec ? 0 : time.time_since_epoch().count()));
}

void addFolderContents(Hash& hash, const fs::path& folder) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    hash.add(file.filename().string());
    if (fs::file_size(file, ec) > kMaxHashedFile || ec) continue;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    hash.add(text.str());
  }
}

std::vector<std::string> readKeys(const fs::path& record) {
  std::vector<std::string> keys;
  std::error_code ec;
  if (record.empty() || fs::file_size(record, ec) > 64 * 1024 || ec) return keys;
  std::ifstream in(record);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) keys.push_back(line);
  return keys;
}

}  // namespace

std::string warmUpKey(const std::string& driver, const std::string& modelPath,
                      const std::string& shaderDir, const std::string& storyDir) {
  Hash hash;
  hash.add(driver);
  addFileStamp(hash, "/proc/self/exe");  // size and time of the link's target: this build
  addFileStamp(hash, modelPath);
  addFolderContents(hash, shaderDir);
  addFolderContents(hash, storyDir);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash.value));
  return text;
}

fs::path warmUpRecordPath() {
  const fs::path cache = xdgFolder("XDG_CACHE_HOME", ".cache");
  return cache.empty() ? cache : cache / "spineview" / "warmed-up";
}

bool warmedUpBefore(const fs::path& record, const std::string& key) {
  const std::vector<std::string> keys = readKeys(record);
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

Status recordWarmUp(const fs::path& record, const std::string& key) {
  if (record.empty()) return Error{"neither XDG_CACHE_HOME nor HOME is set"};
  std::vector<std::string> keys = readKeys(record);
  keys.erase(std::remove(keys.begin(), keys.end(), key), keys.end());
  keys.push_back(key);
  const std::size_t drop =
      keys.size() > std::size_t(kWarmUpRecordKeys) ? keys.size() - kWarmUpRecordKeys : 0;
  std::string text;
  for (std::size_t i = drop; i < keys.size(); ++i) text += keys[i] + "\n";
  return writeFileAtomically(record, text);
}

}  // namespace spineview::app
