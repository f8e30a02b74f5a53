#include "app/saved_views.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/file_write.h"
#include "core/json_input.h"
#include "core/utf8.h"

namespace spineview::app {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keeps "version" first and "name" first in a view

namespace {

constexpr std::uintmax_t kMaxFileBytes = 1u << 20;  // thousands of views; more is not ours
constexpr std::size_t kMaxListedProblems = 12;      // a notice stays readable
constexpr JsonLimits kViewsLimits{8, 4096};         // {"views": [{"target": [..]}]} is 4 deep

std::string inQuotes(const std::string& s) {
  return "\"" + s + "\"";
}

// JSON keeps doubles; a float written as its shortest decimal ("0.1", not
// "0.10000000149011612") reads back as the same float and stays readable in the file.
double tidy(float value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  return std::strtod(std::string(text, end).c_str(), nullptr);
}

json toJson(const SavedView& v) {
  const glm::vec3& t = v.pose.target;
  return {{"name", v.name},
          {"model", v.model},
          {"target", {tidy(t.x), tidy(t.y), tidy(t.z)}},
          {"distance", tidy(v.pose.distance)},
          {"yaw", tidy(v.pose.yaw)},
          {"pitch", tidy(v.pose.pitch)}};
}

// Reads one entry of "views", collecting every problem (so one pass tells the user all of
// them). `at` is the entry's JSON pointer.
class EntryReader {
 public:
  EntryReader(const json& entry, std::string at, std::vector<std::string>& problems)
      : entry_(entry), at_(std::move(at)), problems_(problems) {}

  std::optional<SavedView> read() {
    if (!entry_.is_object()) {
      fail("", std::string("must be an object, got ") + entry_.type_name());
      return std::nullopt;
    }
    SavedView view;
    if (const json* name = field("name", json::value_t::string)) {
      auto clean = cleanViewName(name->get<std::string>());
      if (clean)
        view.name = clean.value();
      else
        fail("/name", clean.error());
    }
    if (const json* model = field("model", json::value_t::string))
      view.model = model->get<std::string>();
    if (const json* target = field("target", json::value_t::array)) {
      if (target->size() != 3) {
        fail("/target", "must hold 3 numbers (x, y, z)");
      } else {
        for (int i = 0; i < 3; ++i)
          if (auto n = number((*target)[i], "/target/" + std::to_string(i)))
            view.pose.target[i] = *n;
      }
    }
    if (const json* d = field("distance", json::value_t::number_float))
      if (auto n = number(*d, "/distance")) {
        if (*n > 0.f)
          view.pose.distance = *n;
        else
          fail("/distance", "must be greater than 0, got " + d->dump());
      }
    if (const json* yaw = field("yaw", json::value_t::number_float))
      if (auto n = number(*yaw, "/yaw")) view.pose.yaw = *n;
    if (const json* pitch = field("pitch", json::value_t::number_float))
      if (auto n = number(*pitch, "/pitch")) view.pose.pitch = *n;
    if (failed_) return std::nullopt;
    return view;
  }

 private:
  void fail(const std::string& place, const std::string& reason) {
    problems_.push_back(at_ + place + ": " + reason);
    failed_ = true;
  }

  // The field, or null (with a problem) when it is missing or of another type. Any number
  // type passes for number_float: integers are numbers too.
  const json* field(const char* key, json::value_t type) {
    const auto it = entry_.find(key);
    if (it == entry_.end()) {
      fail(std::string("/") + key, "missing");
      return nullptr;
    }
    const bool ok = type == json::value_t::number_float ? it->is_number() : it->type() == type;
    if (!ok) {
      const char* wanted = type == json::value_t::number_float ? "a number"
                           : type == json::value_t::string     ? "a string"
                                                               : "an array";
      fail(std::string("/") + key, std::string("must be ") + wanted + ", got " + it->type_name());
      return nullptr;
    }
    return &*it;
  }

  // A number that is finite as a float (1e39 is a valid double but not a valid float).
  std::optional<float> number(const json& value, const std::string& place) {
    if (!value.is_number()) {
      fail(place, std::string("must be a number, got ") + value.type_name());
      return std::nullopt;
    }
    const float f = static_cast<float>(value.get<double>());
    if (!std::isfinite(f)) {
      fail(place, "must be a finite number, got " + value.dump());
      return std::nullopt;
    }
    return f;
  }

  const json& entry_;
  std::string at_;
  std::vector<std::string>& problems_;
  bool failed_ = false;
};

// Reads the views of a parsed file, keeping the valid ones and listing the problems.
std::vector<SavedView> readViews(const json& doc, std::vector<std::string>& problems) {
  if (!doc.is_object()) {
    problems.push_back(std::string("(top level): must be an object, got ") + doc.type_name());
    return {};
  }
  const auto version = doc.find("version");
  if (version == doc.end()) {
    problems.push_back("/version: missing");
  } else if (!version->is_number_integer()) {
    problems.push_back(std::string("/version: must be an integer, got ") + version->dump());
  } else if (version->get<long long>() > kSavedViewsVersion) {
    // Its fields may mean something else now: read nothing rather than guess.
    problems.push_back("/version: " + version->dump() + " is newer than this SpineView reads (" +
                       std::to_string(kSavedViewsVersion) + "); update SpineView to see them");
    return {};
  } else if (version->get<long long>() < 1) {
    problems.push_back("/version: must be 1 or more, got " + version->dump());
  }
  const auto list = doc.find("views");
  if (list == doc.end()) {
    problems.push_back("/views: missing");
    return {};
  }
  if (!list->is_array()) {
    problems.push_back(std::string("/views: must be an array, got ") + list->type_name());
    return {};
  }
  std::vector<SavedView> views;
  std::vector<std::size_t> indexOf;  // each kept view's index in the file, for messages
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "/views/" + std::to_string(i);
    auto view = EntryReader((*list)[i], at, problems).read();
    if (!view) continue;
    const auto same = std::find_if(views.begin(), views.end(),
                                   [&](const SavedView& v) { return v.name == view->name; });
    if (same != views.end()) {
      const std::size_t first = indexOf[static_cast<std::size_t>(same - views.begin())];
      problems.push_back(at + "/name: duplicate name " + inQuotes(view->name) +
                         " (first used at /views/" + std::to_string(first) + ", which is kept)");
      continue;
    }
    views.push_back(std::move(*view));
    indexOf.push_back(i);
  }
  return views;
}

std::string loadMessage(const fs::path& file, const std::vector<std::string>& problems,
                        std::size_t kept) {
  std::ostringstream out;
  out << "The saved views file " << file.string() << " has "
      << (problems.size() == 1 ? "a problem" : std::to_string(problems.size()) + " problems")
      << ":\n";
  for (std::size_t i = 0; i < problems.size() && i < kMaxListedProblems; ++i)
    out << problems[i] << "\n";
  if (problems.size() > kMaxListedProblems)
    out << "... and " << problems.size() - kMaxListedProblems << " more\n";
  out << "\n"
      << (kept == 0 ? std::string("No saved views could be read.")
                    : std::to_string(kept) + " saved view" + (kept == 1 ? "" : "s") +
                          " could be read and " + (kept == 1 ? "is" : "are") + " listed.")
      << " The file is left as it is; the next save keeps it beside the new one as "
      << file.filename().string() << ".broken.";
  return out.str();
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag. A parse error
// names its line and column; a number too large for a double ("1e999") does not, so the
// line is found from the number it quotes.
bool pathExists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// Where a broken file is moved: views.json.broken, or, if an older one is there, a
// timestamped name, so that no broken file ever overwrites another.
fs::path asideName(const fs::path& file) {
  fs::path aside = file.string() + ".broken";
  if (!pathExists(aside)) return aside;
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  const std::string base = file.string() + ".broken-" + stamp;
  aside = base;
  for (int n = 2; pathExists(aside); ++n) aside = base + "-" + std::to_string(n);
  return aside;
}

}  // namespace

fs::path savedViewsPath() {
  const fs::path config = xdgFolder("XDG_CONFIG_HOME", ".config");
  return config.empty() ? config : config / "spineview" / "views.json";
}

Result<std::string> cleanViewName(const std::string& name) {
  const char* space = " \t\n\r\f\v";
  const auto first = name.find_first_not_of(space);
  if (first == std::string::npos) return Error{"A view needs a name."};
  const std::string clean = name.substr(first, name.find_last_not_of(space) - first + 1);
  if (clean.size() > kMaxViewNameLength)
    return Error{"A view name can be at most " + std::to_string(kMaxViewNameLength) +
                 " characters long; this one has " + std::to_string(clean.size()) + "."};
  if (!isValidUtf8(clean)) return Error{"A view name must be valid UTF-8 text."};
  // A line break or other control character would break the button it is shown on.
  for (unsigned char c : clean)
    if (c < 0x20 || c == 0x7f) return Error{"A view name cannot hold control characters."};
  return clean;
}

std::string viewModelName(const std::string& modelPath) {
  return modelPath.empty() ? "" : toValidUtf8(fs::path(modelPath).filename().string());
}

const SavedView* SavedViews::find(const std::string& name) const {
  for (const auto& v : views_)
    if (v.name == name) return &v;
  return nullptr;
}

std::string SavedViews::defaultName() const {
  for (std::size_t n = views_.size() + 1;; ++n) {
    std::string name = "View " + std::to_string(n);
    if (!find(name)) return name;
  }
}

std::optional<std::string> SavedViews::load() {
  views_.clear();
  keepFileAside_ = false;
  if (file_.empty()) return std::nullopt;  // no config folder: save() will say so
  std::error_code ec;
  const fs::file_status status = fs::status(file_, ec);
  if (status.type() == fs::file_type::not_found) return std::nullopt;

  std::vector<std::string> problems;
  if (ec) {
    problems.push_back("(file): cannot be read: " + ec.message());
  } else if (status.type() != fs::file_type::regular) {
    problems.push_back("(file): is not a regular file");
  } else if (const auto size = fs::file_size(file_, ec); !ec && size > kMaxFileBytes) {
    problems.push_back("(file): too large (" + std::to_string(size) + " bytes; at most " +
                       std::to_string(kMaxFileBytes) + ")");
  } else {
    std::ifstream in(file_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      problems.push_back(std::string("(file): cannot be read: ") + std::strerror(errno));
    } else {
      auto doc = parseJson<json>(text.str(), "", kViewsLimits);
      if (doc)
        views_ = readViews(doc.value(), problems);
      else
        problems.push_back(doc.error());
    }
  }
  if (problems.empty()) return std::nullopt;
  keepFileAside_ = true;
  return loadMessage(file_, problems, views_.size());
}

SaveOutcome SavedViews::save() {
  SaveOutcome out;
  auto fail = [&](const std::string& reason) {
    out.message = "Could not save the views to " + file_.string() + ": " + reason;
    return out;
  };
  if (file_.empty()) return fail("neither XDG_CONFIG_HOME nor HOME is set");
  std::error_code ec;
  // A symlinked file (dotfiles kept in a repository) is written where it points, so the link
  // stays a link.
  fs::path target = file_;
  if (fs::is_symlink(fs::symlink_status(file_, ec)))
    if (auto real = fs::weakly_canonical(file_, ec); !ec) target = real;
  const fs::path folder = target.parent_path();
  fs::create_directories(folder, ec);
  if (ec) return fail("cannot create the folder " + folder.string() + ": " + ec.message());

  json list = json::array();
  for (const auto& v : views_) list.push_back(toJson(v));
  const json doc = {{"version", kSavedViewsVersion}, {"views", list}};
  // Names and model names are made valid UTF-8 where they are taken in; replacing here too
  // means no byte of the user's data can make dump() throw.
  const std::string text = doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  auto temp = writeTempFile(folder, target.filename().string(), text);
  if (!temp) return fail(temp.error());

  std::string note;
  if (keepFileAside_ && pathExists(target)) {
    const fs::path aside = asideName(target);
    fs::rename(target, aside, ec);
    if (ec) {
      fs::remove(temp.value(), ec);
      return fail("the unreadable file could not be moved aside to " + aside.string() + ": " +
                  ec.message());
    }
    note = "The saved views file had problems, so it was not overwritten: it is now " +
           aside.string() + ". The views that could be read are in the new file.";
  }
  keepFileAside_ = false;  // moved, or already gone
  fs::rename(temp.value(), target, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(temp.value(), ec);
    return fail(reason + (note.empty() ? "" : ". " + note));
  }
  out.written = true;
  out.message = note;
  return out;
}

SaveOutcome SavedViews::saveEdit() {
  SaveOutcome out = save();
  out.changed = true;
  if (!out.written)
    out.message += std::string(out.message.back() == '.' ? " " : ". ") +
                   "The change is kept until SpineView closes.";
  return out;
}

SaveOutcome SavedViews::add(SavedView view, bool replace) {
  auto name = cleanViewName(view.name);
  if (!name) return {false, false, name.error()};
  view.name = name.value();
  if (view.pose.distance <= 0.f || !std::isfinite(view.pose.distance))
    return {false, false, "This view cannot be saved: its distance is not a positive number."};
  const auto same = std::find_if(views_.begin(), views_.end(),
                                 [&](const SavedView& v) { return v.name == view.name; });
  if (same == views_.end())
    views_.push_back(std::move(view));
  else if (replace)
    *same = std::move(view);
  else
    return {false, false, "A view named " + inQuotes(view.name) + " already exists."};
  return saveEdit();
}

SaveOutcome SavedViews::rename(const std::string& from, const std::string& to) {
  auto name = cleanViewName(to);
  if (!name) return {false, false, name.error()};
  const auto it = std::find_if(views_.begin(), views_.end(),
                               [&](const SavedView& v) { return v.name == from; });
  if (it == views_.end()) return {false, false, "There is no view named " + inQuotes(from) + "."};
  if (name.value() == from) return {};
  if (find(name.value()))
    return {false, false, "A view named " + inQuotes(name.value()) + " already exists."};
  it->name = name.value();
  return saveEdit();
}

SaveOutcome SavedViews::remove(const std::string& name) {
  const auto it = std::find_if(views_.begin(), views_.end(),
                               [&](const SavedView& v) { return v.name == name; });
  if (it == views_.end()) return {false, false, "There is no view named " + inQuotes(name) + "."};
  views_.erase(it);
  return saveEdit();
}

SaveOutcome applyEdit(SavedViews& views, const SavedViewEdit& edit, const CameraPose& pose,
                      const std::string& modelPath) {
  switch (edit.kind) {
    case SavedViewEdit::Kind::Save: {
      return views.add({edit.name, pose, viewModelName(modelPath)}, edit.replace);
    }
    case SavedViewEdit::Kind::Rename:
      return views.rename(edit.name, edit.newName);
    case SavedViewEdit::Kind::Delete:
      return views.remove(edit.name);
  }
  return {};
}

}  // namespace spineview::app
