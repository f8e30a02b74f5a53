#include "options.h"

#include <algorithm>
#include <cmath>

namespace spinegen {

const std::vector<std::string> kLevelNames = {"L3-L4", "L4-L5", "L5-S1"};
const std::vector<std::string> kTearNames = {"radial", "circumferential", "rim"};
const std::vector<std::string> kLeakNames = {"none", "bulge", "central", "paracentral", "foraminal"};
const std::vector<std::string> kSideNames = {"left", "right"};

namespace {
std::optional<int> indexOf(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return int(it - names.begin());
}
} // namespace

bool Options::sameCase(const Options& o) const {
  return level == o.level && tear == o.tear && grade == o.grade && clockHours == o.clockHours && hiz == o.hiz &&
         leak == o.leak && leakSide == o.leakSide && leakSizeMm == o.leakSizeMm;
}

const char* tearName(TearType t) { return kTearNames[size_t(t)].c_str(); }
const char* leakName(Leak l) { return kLeakNames[size_t(l)].c_str(); }
const char* sideName(int side) { return kSideNames[side == 0 ? 0 : 1].c_str(); }

std::optional<TearType> parseTear(const std::string& name) {
  if (auto i = indexOf(kTearNames, name)) return TearType(*i);
  return std::nullopt;
}
std::optional<Leak> parseLeak(const std::string& name) {
  if (auto i = indexOf(kLeakNames, name)) return Leak(*i);
  return std::nullopt;
}
std::optional<int> parseSide(const std::string& name) { return indexOf(kSideNames, name); }
int levelIndex(const std::string& level) { return indexOf(kLevelNames, level).value_or(-1); }

std::string upperVertebra(const std::string& level) { return level.substr(0, level.find('-')); }
std::string lowerVertebra(const std::string& level) {
  const auto dash = level.find('-');
  return dash == std::string::npos ? "" : level.substr(dash + 1);
}

std::string touchedRootVertebra(const Options& o) {
  if (o.leak == Leak::Paracentral) return lowerVertebra(o.level);
  if (o.leak == Leak::Foraminal) return upperVertebra(o.level);
  return "";
}

std::string touchedRoot(const Options& o) {
  const std::string vertebra = touchedRootVertebra(o);
  return vertebra.empty() ? "" : "nerve.root." + vertebra + "." + sideName(o.leakSide);
}

std::string invalidReason(const Options& o) {
  if (levelIndex(o.level) < 0) return "unknown level \"" + o.level + "\" (use L3-L4, L4-L5 or L5-S1)";
  if (o.grade < 0 || o.grade > 5) return "grade must be 0-5";
  if (!(o.clockHours >= 0.f && o.clockHours <= 12.f)) return "clock position must be 0-12 hours";
  if (o.leakSide != 0 && o.leakSide != 1) return "side must be left or right";
  if (!(o.leakSizeMm >= kLeakSizeMinMm && o.leakSizeMm <= kLeakSizeMaxMm))
    return "leak size must be 2-7 mm";
  if (!(o.cellScale >= 0.5f && o.cellScale <= 4.f)) return "grid scale must be 0.5-4";
  return "";
}

} // namespace spinegen
