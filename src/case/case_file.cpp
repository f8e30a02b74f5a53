#include "case/case_file.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "case/case_notes.h"
#include "core/file_write.h"
#include "core/json_input.h"
#include "core/utf8.h"

namespace spineview {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keeps the keys in the documented order
using Pointer = json::json_pointer;
using spinegen::Options;

namespace {

constexpr const char* kCaseFormat = "spineview-case";
constexpr const char* kRecentFormat = "spineview-recent-cases";
constexpr std::uintmax_t kMaxFileBytes = 1u << 20;  // a case is a few hundred bytes

// A name from the file, quoted as JSON writes it (a line break shows as \n) and cut short, so
// that a stray 60 KiB string does not become a 60 KiB message.
std::string inQuotes(const std::string& s) {
  constexpr std::size_t kShown = 40;
  const std::string shown = s.size() <= kShown ? s : toValidUtf8(s.substr(0, kShown)) + "...";
  return json(shown).dump(-1, ' ', false, json::error_handler_t::replace);
}

// "none, bulge, central, paracentral or foraminal": the allowed words, from a name table.
std::string wordList(const std::vector<std::string>& names, const char* last = " or ") {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
  return out;
}

// Clock and size live on a grid of hundredths: the file shows at most 2 decimals, and a value
// read from it and written again gives the same text and the same float.
double toHundredths(double value) {
  return std::round(value * 100.0) / 100.0;
}
json hundredthsJson(float value) {
  const double rounded = toHundredths(double(value));
  if (rounded == std::floor(rounded) && std::fabs(rounded) < 1e9)
    return json(static_cast<std::int64_t>(rounded));  // 4, not 4.0
  return json(rounded);  // nlohmann writes the shortest text that reads back: 7.53
}

// Reads one object of the file: each getter checks the member's type and range and fails at
// its pointer; unknown members are refused so that a typing mistake never passes silently.
class ObjectReader {
 public:
  ObjectReader(const json& object, Pointer at, const char* what, std::vector<std::string> keys)
      : object_(object), at_(std::move(at)) {
    if (!object_.is_object())
      failAt(at_.to_string(), std::string("must be an object, got ") + object_.type_name());
    for (const auto& member : object_.items())
      if (std::find(keys.begin(), keys.end(), member.key()) == keys.end())
        failAt((at_ / member.key()).to_string(), "unknown key " + inQuotes(member.key()) + " (" +
                                                     what + " has only " + wordList(keys, " and ") +
                                                     ")");
  }

  const json* find(const char* key) const {
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  std::string place(const char* key) const { return (at_ / key).to_string(); }

  void text(const char* key, std::string& out) const {
    if (const json* v = find(key)) {
      if (!v->is_string()) failAt(place(key), std::string("must be text, got ") + v->type_name());
      out = v->get<std::string>();
    }
  }
  void flag(const char* key, bool& out) const {
    if (const json* v = find(key)) {
      if (!v->is_boolean())
        failAt(place(key), std::string("must be true or false, got ") + v->type_name());
      out = v->get<bool>();
    }
  }
  void wholeNumber(const char* key, long long low, long long high, const std::string& what,
                   int& out) const {
    if (const json* v = find(key)) {
      const std::string range = what + " " + std::to_string(low) + "-" + std::to_string(high);
      if (!v->is_number_integer())
        failAt(place(key), "must be a whole number (" + range + "), got " + v->dump());
      bool inRange;  // unsigned first: 18446744073709551615 must not wrap to -1
      if (v->is_number_unsigned()) {
        const auto n = v->get<std::uint64_t>();
        inRange = n <= std::uint64_t(high) && (low <= 0 || n >= std::uint64_t(low));
      } else {
        const auto n = v->get<std::int64_t>();
        inRange = n >= low && n <= high;
      }
      if (!inRange) failAt(place(key), "must be " + range + ", got " + v->dump());
      out = int(v->get<std::int64_t>());
    }
  }
  // A number in [low, high], kept to hundredths. The boundary has already refused 1e999.
  void hundredths(const char* key, double low, double high, const std::string& rangeText,
                  float& out) const {
    if (const json* v = find(key)) {
      if (!v->is_number())
        failAt(place(key), std::string("must be a number, got ") + v->type_name());
      const double value = v->get<double>();
      if (!(std::isfinite(value) && value >= low && value <= high))
        failAt(place(key), "must be " + rangeText + ", got " + v->dump());
      out = static_cast<float>(toHundredths(value));
    }
  }
  // A word from a name table, turned into its value by `parse`.
  template <typename Parse, typename T>
  void word(const char* key, const char* what, const std::vector<std::string>& names, Parse parse,
            T& out) const {
    std::string name;
    if (!find(key)) return;
    text(key, name);
    const auto parsed = parse(name);
    if (!parsed)
      failAt(place(key), std::string("unknown ") + what + " " + inQuotes(name) + " (use " +
                             wordList(names) + ")");
    out = *parsed;
  }

 private:
  const json& object_;
  Pointer at_;
};

void readVersion(const json& doc) {
  const auto found = doc.find("version");
  if (found == doc.end())
    failAt("/version", "missing: a case file says which version of the format it is");
  const json* version = &*found;
  if (!version->is_number_integer())
    failAt("/version", "must be a whole number, got " + version->dump());
  const bool newer = version->is_number_unsigned()
                         ? version->get<std::uint64_t>() > std::uint64_t(kCaseFormatVersion)
                         : version->get<std::int64_t>() > kCaseFormatVersion;
  // Its fields may mean something else now: read nothing rather than guess.
  if (newer)
    failAt("/version", "written by a newer SpineView (case format " + version->dump() +
                           "); this one reads version " + std::to_string(kCaseFormatVersion));
  if (version->get<std::int64_t>() < 1)
    failAt("/version", "must be 1 or more, got " + version->dump());
}

Case readCase(const json& doc) {
  if (!doc.is_object()) failAt("", std::string("must be an object, got ") + doc.type_name());
  // Format and version come first: a story or a newer case file is named as such, not
  // refused key by key.
  const auto format = doc.find("format");
  if (format == doc.end())
    failAt("/format",
           std::string("missing: a case file starts with \"format\": \"") + kCaseFormat + "\"");
  if (!format->is_string() || format->get<std::string>() != kCaseFormat)
    failAt("/format", "is " + format->dump() + ", not \"" + kCaseFormat +
                          "\": this is not a SpineView case file");
  readVersion(doc);
  const ObjectReader top(doc, Pointer(), "a case",
                         {"format", "version", "label", "level", "tear", "leak", "notes"});

  Case c;
  Options& o = c.anatomy;
  top.text("label", c.label);
  if (const std::string problem = caseLabelProblem(c.label); !problem.empty())
    failAt("/label", problem);
  top.word(
      "level", "level", spinegen::kLevelNames,
      [](const std::string& name) {
        return spinegen::levelIndex(name) < 0 ? std::nullopt : std::optional(name);
      },
      o.level);
  if (const json* tear = top.find("tear")) {
    const ObjectReader t(*tear, Pointer("/tear"), "a tear", {"type", "grade", "clock", "hiz"});
    t.word("type", "tear type", spinegen::kTearNames, spinegen::parseTear, o.tear);
    t.wholeNumber("grade", 0, 5, "a modified Dallas grade", o.grade);
    t.hundredths("clock", 0.0, 12.0, "0-12 hours (12 anterior, 3 right, 6 posterior, 9 left)",
                 o.clockHours);
    t.flag("hiz", o.hiz);
  }
  if (const json* leak = top.find("leak")) {
    const ObjectReader l(*leak, Pointer("/leak"), "a leak", {"zone", "side", "sizeMm"});
    l.word("zone", "zone", spinegen::kLeakNames, spinegen::parseLeak, o.leak);
    l.word("side", "side", spinegen::kSideNames, spinegen::parseSide, o.leakSide);
    const auto sizes = std::to_string(int(spinegen::kLeakSizeMinMm)) + "-" +
                       std::to_string(int(spinegen::kLeakSizeMaxMm)) + " mm";
    l.hundredths("sizeMm", spinegen::kLeakSizeMinMm, spinegen::kLeakSizeMaxMm, sizes, o.leakSizeMm);
  }
  if (const json* notes = top.find("notes")) c.notes = readNotes(*notes, "/notes");
  o.cellScale = 1.f;  // the grid is the viewer's choice, not the case's
  if (const std::string reason = spinegen::invalidReason(o); !reason.empty()) failAt("", reason);
  return c;
}

// The file's bytes, refusing what is not a small regular file. Messages start "FILE: ".
Result<std::string> readSmallFile(const fs::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (status.type() == fs::file_type::not_found) return Error{name + ": there is no such file"};
  if (ec) return Error{name + ": cannot be read: " + ec.message()};
  if (status.type() == fs::file_type::directory)
    return Error{name + ": is a folder, not a case file"};
  if (status.type() != fs::file_type::regular) return Error{name + ": is not a regular file"};
  const auto size = fs::file_size(file, ec);
  if (ec) return Error{name + ": cannot be read: " + ec.message()};
  if (size > kMaxFileBytes)
    return Error{name + ": too large for a case file (" + std::to_string(size) +
                 " bytes; at most " + std::to_string(kMaxFileBytes) + ")"};
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{name + ": cannot be read: " + std::strerror(errno)};
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.bad()) return Error{name + ": cannot be read: " + std::strerror(errno)};
  text.resize(static_cast<std::size_t>(in.gcount()));  // it may have shrunk since
  return text;
}

// "nerve.root.L5.left" -> "left L5".
std::string rootWords(const std::string& node) {
  const std::string prefix = "nerve.root.";
  const std::string rest = node.substr(std::min(node.size(), prefix.size()));
  const auto dot = rest.find('.');
  if (dot == std::string::npos) return rest;
  return rest.substr(dot + 1) + " " + rest.substr(0, dot);
}

// Modified Dallas grades 1-5 (ANATOMY.md): how far contrast would spread through the annulus.
const char* const kGradeWords[] = {"",
                                   "into the inner third of the annulus",
                                   "into the middle third",
                                   "into the outer third, over less than 30° of its circumference",
                                   "into the outer third, over more than 30°",
                                   "through the whole annulus"};
const char* const kTearWords[] = {"radial", "circumferential", "rim (transverse)"};  // TearType

// "7:30 on the left": the clock as a watch shows it (0 reads 12:00), and the side it is on,
// both from the same whole minute so that "6:00" always says the midline.
std::string clockWords(float hours) {
  const long minutes = std::lround(double(hours) * 60.0) % 720;  // 12:00 is 0:00
  const long hour = minutes / 60 == 0 ? 12 : minutes / 60;
  char time[16];
  std::snprintf(time, sizeof time, "%ld:%02ld", hour, minutes % 60);
  const char* side = minutes == 0     ? "in the midline"
                     : minutes == 360 ? "at the back in the midline"
                     : minutes < 360  ? "on the right"
                                      : "on the left";
  return std::string(time) + " " + side;
}

std::string leakWords(const Options& o) {
  const std::string side = spinegen::sideName(o.leakSide);
  const std::string root = rootWords(spinegen::touchedRoot(o));
  switch (o.leak) {
    case spinegen::Leak::None:
      return "no material has leaked out of the disc";
    case spinegen::Leak::Bulge:
      return "the disc bulges but its material stays contained: it touches no nerve root";
    case spinegen::Leak::Central:
      return "material in the centre of the canal presses on the dural sac and touches no "
             "single root";
    case spinegen::Leak::Paracentral:
      return "material in the " + side + " subarticular (paracentral) zone touches the " + root +
             " nerve root";
    case spinegen::Leak::Foraminal:
      return "material in the " + side + " foramen touches the " + root + " nerve root";
  }
  return "";
}

}  // namespace

bool operator==(const Case& a, const Case& b) {
  return a.label == b.label && a.anatomy.sameCase(b.anatomy) && a.notes == b.notes;
}

std::string caseLabelProblem(std::string_view label) {
  if (label.size() > kMaxCaseLabelBytes)
    return "a label can be at most " + std::to_string(kMaxCaseLabelBytes) +
           " bytes long; this one has " + std::to_string(label.size());
  if (!isValidUtf8(label)) return "a label must be valid UTF-8 text";
  for (std::size_t i = 0; i < label.size(); ++i) {
    const auto byte = static_cast<unsigned char>(label[i]);
    const bool c1 = byte == 0xC2 && i + 1 < label.size() &&
                    static_cast<unsigned char>(label[i + 1]) < 0xA0;  // U+0080..U+009F
    if (byte < 0x20 || byte == 0x7F || c1)
      return "a label cannot hold control characters (line breaks, tabs)";
  }
  return "";
}

Result<Case> parseCase(std::string_view text, const std::string& file) {
  return readJson<json>(text, file, JsonLimits{}, readCase);
}

std::string caseToJson(const Case& c) {
  const Options& o = c.anatomy;
  json doc;
  doc["format"] = kCaseFormat;
  doc["version"] = kCaseFormatVersion;
  doc["label"] = c.label;
  doc["level"] = o.level;
  doc["tear"] = {{"type", spinegen::tearName(o.tear)},
                 {"grade", o.grade},
                 {"clock", hundredthsJson(o.clockHours)},
                 {"hiz", o.hiz}};
  doc["leak"] = {{"zone", spinegen::leakName(o.leak)},
                 {"side", spinegen::sideName(o.leakSide)},
                 {"sizeMm", hundredthsJson(o.leakSizeMm)}};
  if (!c.notes.empty()) doc["notes"] = notesToJson(c.notes);
  // saveCase refuses a label that is not UTF-8; replacing here means dump() never throws.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<Case> loadCase(const fs::path& file) {
  auto text = readSmallFile(file);
  if (!text) return Error{text.error()};
  return parseCase(text.value(), file.string());
}

Status saveCase(const Case& c, const fs::path& file) {
  const std::string prefix = "Could not save the case";
  if (file.empty()) return Error{prefix + ": no file name was given"};
  std::error_code ec;
  if (fs::is_directory(file, ec))
    return Error{prefix + " to " + file.string() + ": it is a folder, not a file"};
  // What cannot be read back must not be written: the user would lose the case later.
  Options anatomy = c.anatomy;
  anatomy.cellScale = 1.f;
  std::string problem = caseLabelProblem(c.label);
  if (problem.empty()) problem = spinegen::invalidReason(anatomy);
  if (!problem.empty()) return Error{prefix + " to " + file.string() + ": " + problem};
  if (auto error = writeFileAtomically(file, caseToJson(c)))
    return Error{prefix + ": " + error->message};
  return std::nullopt;
}

std::vector<fs::path> recentCases(const fs::path& listFile) {
  if (listFile.empty()) return {};
  auto text = readSmallFile(listFile);
  if (!text) return {};
  auto list = readJson<json>(text.value(), "", JsonLimits{4, 4096}, [](const json& doc) {
    const bool ours = doc.is_object() && doc.value("format", "") == kRecentFormat &&
                      doc.value("version", 0) == 1 && doc.contains("cases") &&
                      doc["cases"].is_array();
    if (!ours) failAt("", "not a list of recent cases");
    std::vector<fs::path> paths;
    for (const json& entry : doc.at("cases")) {
      const fs::path path = entry.get<std::string>();  // throws on a non-string: damaged
      if (path.empty() || std::find(paths.begin(), paths.end(), path) != paths.end()) continue;
      if (paths.size() < kMaxRecentCases) paths.push_back(path);
    }
    return paths;
  });
  return list ? list.value() : std::vector<fs::path>{};
}

Status rememberCase(const fs::path& listFile, const fs::path& caseFile) {
  const std::string prefix = "Could not remember the case " + caseFile.string();
  if (listFile.empty()) return Error{prefix + ": neither XDG_CONFIG_HOME nor HOME is set"};
  if (caseFile.empty()) return Error{"Could not remember a case: no file name was given"};
  std::error_code ec;
  const fs::path absolute = fs::absolute(caseFile, ec).lexically_normal();
  if (ec) return Error{prefix + ": " + ec.message()};
  if (!isValidUtf8(absolute.string()))
    return Error{prefix + ": its name is not valid UTF-8, so it cannot be listed"};
  std::vector<fs::path> paths = recentCases(listFile);
  paths.erase(std::remove(paths.begin(), paths.end(), absolute), paths.end());
  paths.insert(paths.begin(), absolute);
  if (paths.size() > kMaxRecentCases) paths.resize(kMaxRecentCases);
  json names = json::array();
  for (const fs::path& p : paths) names.push_back(p.string());
  const json doc = {{"format", kRecentFormat}, {"version", 1}, {"cases", names}};
  const std::string text = doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  if (auto error = writeFileAtomically(listFile, text))
    return Error{prefix + ": " + error->message};
  return std::nullopt;
}

fs::path recentCasesFile() {
  const fs::path config = xdgFolder("XDG_CONFIG_HOME", ".config");
  return config.empty() ? config : config / "spineview" / "recent-cases.json";
}

std::string caseSummary(const Case& c) {
  const Options& o = c.anatomy;
  std::string sentence;
  if (o.grade == 0) {
    sentence = "No tear at " + o.level + ": contrast would stay in the nucleus";
    if (o.hiz) sentence += "; MRI shows a bright spot (high-intensity zone)";
  } else {
    sentence = std::string("A ") + kTearWords[std::size_t(o.tear)] + " tear at " + o.level + " " +
               kGradeWords[std::clamp(o.grade, 1, 5)] + ", at " + clockWords(o.clockHours);
    if (o.hiz) sentence += ", with a bright spot on MRI (high-intensity zone)";
  }
  return sentence + "; " + leakWords(o) + ".";
}

}  // namespace spineview
