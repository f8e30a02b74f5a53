#include "story/story.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "anatomy/parts.h"
#include "core/json_input.h"
#include "story/story_case.h"
#include "story/story_list.h"
#include "camera/orbit_camera.h"
#include "scene/scene.h"

namespace spineview {

namespace {

constexpr double kCameraEaseSeconds = 1.5;  // a camera key's ease to its view

using nlohmann::json;

// Stories are small hand-edited files: anything deeper or longer is not a story.
constexpr JsonLimits kStoryLimits{16, 16 * 1024};
constexpr std::size_t kMaxStoryBytes = 4 << 20;
constexpr std::size_t kMaxStoryNameLength = 64;

bool isStoryName(const std::string& name) {
  return !name.empty() && name.size() <= kMaxStoryNameLength &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

constexpr RenderMode kRenderModes[] = {RenderMode::Normal, RenderMode::Xray,
                                       RenderMode::Fluoroscopy};
constexpr const char* kLayerPrefix = "layer:";
constexpr const char* kLevelPrefix = "level:";

struct PropertySpec {
  const char* name;
  TrackProperty property;
  enum Kind { Bool, Number, Text, Pose } kind;
  double lo, hi;
};

// Which properties each kind of target takes (stories/README.md).
const std::vector<PropertySpec> kNodeProperties = {
    {"visible", TrackProperty::Visible, PropertySpec::Bool, 0, 0},
    {"opacity", TrackProperty::Opacity, PropertySpec::Number, 0, 1},
    {"morph", TrackProperty::Morph, PropertySpec::Number, 0, 1},
    {"glow", TrackProperty::Glow, PropertySpec::Number, 0, 1},
    {"heat", TrackProperty::Heat, PropertySpec::Number, 0, 1},
    {"advance", TrackProperty::Advance, PropertySpec::Number, 0, 1},
};
const std::vector<PropertySpec> kSpineProperties = {
    {"flexion", TrackProperty::Flexion, PropertySpec::Number, -1, 1},
    {"lateral", TrackProperty::Lateral, PropertySpec::Number, -1, 1},
    {"rotation", TrackProperty::Rotation, PropertySpec::Number, -1, 1},
};
const std::vector<PropertySpec> kLevelProperties = {
    {"locked", TrackProperty::Locked, PropertySpec::Number, 0, 1},
};
const std::vector<PropertySpec> kCameraProperties = {
    {"view", TrackProperty::CameraView, PropertySpec::Text, 0, 0},
    {"pose", TrackProperty::CameraPose, PropertySpec::Pose, 0, 0},
    {"zoom", TrackProperty::CameraZoom, PropertySpec::Number, 0.25, 4},
};
const std::vector<PropertySpec> kRenderProperties = {
    {"mode", TrackProperty::RenderMode, PropertySpec::Text, 0, 0},
    {"cut", TrackProperty::Cut, PropertySpec::Text, 0, 0},
};

const std::vector<PropertySpec>& propertiesOf(TargetKind kind) {
  switch (kind) {
    case TargetKind::Spine: return kSpineProperties;
    case TargetKind::Camera: return kCameraProperties;
    case TargetKind::Render: return kRenderProperties;
    case TargetKind::Level: return kLevelProperties;
    default: return kNodeProperties;
  }
}

std::string escapePointer(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// Reads one JSON object, refusing keys it does not know: a misspelt key would otherwise be
// silently ignored and the clinic would wonder why its edit did nothing.
class Reader {
 public:
  Reader(const json& object, std::string pointer) : j_(object), pointer_(std::move(pointer)) {}

  void requireObject() const {
    if (!j_.is_object()) fail("", "must be an object");
  }
  void onlyKeys(std::initializer_list<const char*> allowed) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      bool known = false;
      for (const char* k : allowed) known = known || it.key() == k;
      if (!known) fail("/" + escapePointer(it.key()), "unknown key \"" + it.key() + "\"");
    }
  }
  const json& get(const char* key) const {
    if (!j_.contains(key)) fail("", std::string("missing \"") + key + "\"");
    return j_.at(key);
  }
  bool has(const char* key) const { return j_.contains(key); }
  std::string text(const char* key, bool allowEmpty = false) const {
    const json& v = get(key);
    if (!v.is_string()) fail(std::string("/") + key, "must be text");
    const std::string s = v.get<std::string>();
    if (!allowEmpty && s.empty()) fail(std::string("/") + key, "must not be empty");
    return s;
  }
  double number(const char* key) const {
    const json& v = get(key);
    if (!v.is_number()) fail(std::string("/") + key, "must be a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(std::string("/") + key, "must be a finite number");
    return d;
  }
  const json& array(const char* key) const {
    const json& v = get(key);
    if (!v.is_array()) fail(std::string("/") + key, "must be an array");
    return v;
  }
  std::string at(const std::string& sub) const { return pointer_ + sub; }
  [[noreturn]] void fail(const std::string& sub, const std::string& reason) const {
    failAt(pointer_ + sub, reason);
  }

 private:
  const json& j_;
  std::string pointer_;
};

double timeIn(const Reader& r, const char* key, double duration) {
  const double t = r.number(key);
  if (t < 0.0 || t > duration)
    r.fail(std::string("/") + key, "time " + std::to_string(t) + " s is outside the story (0 to " +
                                       std::to_string(duration) + " s)");
  return t;
}

// chapters, captions and timeScale: {"at", text key} in ascending time order.
std::vector<TimedText> readTimedTexts(const Reader& top, const char* key, const char* textKey,
                                      double duration, bool allowEmptyText) {
  std::vector<TimedText> out;
  const json& a = top.array(key);
  for (size_t i = 0; i < a.size(); ++i) {
    Reader r(a[i], top.at(std::string("/") + key + "/" + std::to_string(i)));
    r.requireObject();
    r.onlyKeys({"at", textKey});
    TimedText item{timeIn(r, "at", duration), r.text(textKey, allowEmptyText)};
    if (!out.empty() && item.at < out.back().at) r.fail("/at", "times must be ascending");
    out.push_back(std::move(item));
  }
  return out;
}

// {"yaw": deg, "pitch": deg, "distance": d, "target": [x, y, z]} (stories/README.md).
StoryPose readPose(const Reader& key, const json& v) {
  if (!v.is_object()) key.fail("/value", "pose takes {\"yaw\", \"pitch\", \"distance\", \"target\"}");
  Reader r(v, key.at("/value"));
  r.onlyKeys({"yaw", "pitch", "distance", "target"});
  StoryPose pose;
  pose.yawDeg = static_cast<float>(r.number("yaw"));
  pose.pitchDeg = static_cast<float>(r.number("pitch"));
  pose.distance = static_cast<float>(r.number("distance"));
  if (std::abs(pose.yawDeg) > 3600.f) r.fail("/yaw", "must lie in [-3600, 3600] degrees");
  if (std::abs(pose.pitchDeg) > 90.f) r.fail("/pitch", "must lie in [-90, 90] degrees");
  // Models come in any unit (metres, millimetres, a city in metres): generous limits.
  if (!(pose.distance > 0.f && pose.distance <= 1e9f)) r.fail("/distance", "must lie in (0, 1e9]");
  const json& target = r.array("target");
  if (target.size() != 3) r.fail("/target", "takes three numbers [x, y, z]");
  for (int i = 0; i < 3; ++i) {
    const json& c = target[size_t(i)];
    if (!c.is_number() || !(std::abs(c.get<double>()) <= 1e9))
      r.fail("/target/" + std::to_string(i), "must be a number in [-1e9, 1e9]");
    pose.target[i] = c.get<float>();
  }
  return pose;
}

KeyValue readValue(const Reader& key, const json& v, const PropertySpec& spec) {
  switch (spec.kind) {
    case PropertySpec::Pose: return readPose(key, v);
    case PropertySpec::Bool:
      if (!v.is_boolean()) key.fail("/value", std::string(spec.name) + " takes true or false");
      return v.get<bool>();
    case PropertySpec::Number: {
      if (!v.is_number()) key.fail("/value", std::string(spec.name) + " takes a number");
      const double d = v.get<double>();
      if (!(d >= spec.lo && d <= spec.hi)) {
        std::ostringstream range;
        range << spec.name << " must lie in [" << spec.lo << ", " << spec.hi << "]";
        key.fail("/value", range.str());
      }
      return d;
    }
    case PropertySpec::Text: {
      if (!v.is_string()) key.fail("/value", std::string(spec.name) + " takes text");
      const std::string s = v.get<std::string>();
      if (spec.property == TrackProperty::CameraView && !findNamedView(s))
        key.fail("/value", "unknown view \"" + s + "\"");
      if (spec.property == TrackProperty::RenderMode) {
        for (RenderMode mode : kRenderModes)
          if (s == renderModeName(mode)) return mode;
        key.fail("/value", "unknown render mode \"" + s + "\" (normal, xray or fluoroscopy)");
      }
      if (spec.property == TrackProperty::Cut) {
        if (s == "off") return std::optional<CutSpec>();
        auto cut = parseCutSpec(s);
        if (!cut) key.fail("/value", cut.error());
        return std::optional<CutSpec>(cut.value());
      }
      return s;
    }
  }
  return 0.0;
}

StoryTrack readTrack(const Reader& r, double duration) {
  r.requireObject();
  r.onlyKeys({"target", "property", "keys"});
  StoryTrack track;
  track.pointer = r.at("");
  track.target = r.text("target");
  track.kind = targetKindOf(track.target);
  if (track.kind == TargetKind::Level) {
    track.level = track.target.substr(std::string(kLevelPrefix).size());
    // A placeholder ({level}) is filled from the model when the story is played (story_case.h).
    if (!isDiscLevel(track.level) && track.level.find('{') == std::string::npos)
      r.fail("/target", "unknown level \"" + track.level + "\" (L3-L4, L4-L5 or L5-S1)");
  }
  if (track.kind == TargetKind::Layer) {
    const std::string name = track.target.substr(std::string(kLayerPrefix).size());
    track.layer = parseLayerKind(name);
    if (!track.layer)
      r.fail("/target", "unknown layer \"" + name +
                            "\" (vertebra, annulus, nucleus, tear, nerve, hardware, graft, needle "
                            "or fibrin)");
  }
  const std::string name = r.text("property");
  const auto& specs = propertiesOf(track.kind);
  auto spec = std::find_if(specs.begin(), specs.end(),
                           [&](const PropertySpec& s) { return name == s.name; });
  if (spec == specs.end()) {
    std::string known;
    for (const auto& s : specs) known += (known.empty() ? "" : ", ") + std::string(s.name);
    r.fail("/property", "unknown property \"" + name + "\" for target \"" + track.target +
                            "\" (" + known + ")");
  }
  track.property = spec->property;
  const json& keys = r.array("keys");
  if (keys.empty()) r.fail("/keys", "needs at least one key");
  for (size_t i = 0; i < keys.size(); ++i) {
    Reader k(keys[i], r.at("/keys/" + std::to_string(i)));
    k.requireObject();
    k.onlyKeys({"at", "value", "ease"});
    StoryKey key;
    key.at = timeIn(k, "at", duration);
    if (!track.keys.empty() && key.at < track.keys.back().at)
      k.fail("/at", "key times must be ascending");
    key.value = readValue(k, k.get("value"), *spec);
    const bool eases = spec->kind == PropertySpec::Number || spec->kind == PropertySpec::Pose;
    key.ease = eases ? Ease::Smooth : Ease::Step;
    if (k.has("ease")) {
      const std::string ease = k.text("ease");
      if (ease == "step") key.ease = Ease::Step;
      else if (ease == "linear" && eases) key.ease = Ease::Linear;
      else if (ease == "smooth" && eases) key.ease = Ease::Smooth;
      else if (ease == "linear" || ease == "smooth")
        k.fail("/ease", name + " can only step (it is not a number)");
      else
        k.fail("/ease", "unknown ease \"" + ease + "\" (smooth, linear or step)");
    }
    track.keys.push_back(std::move(key));
  }
  return track;
}

Story readStory(const json& j) {
  Reader top(j, "");
  if (!j.is_object()) top.fail("", "a story must be a JSON object");
  top.onlyKeys({"format", "name", "title", "level", "duration", "chapters", "captions",
                "timeScale", "evidence", "summary", "tracks"});
  if (top.text("format") != "spineview-story/1")
    top.fail("/format", "must be \"spineview-story/1\"");
  Story s;
  s.name = top.text("name");
  if (!isStoryName(s.name))
    top.fail("/name", "use lower-case letters, digits and '-', at most " +
                          std::to_string(kMaxStoryNameLength));
  s.title = top.text("title");
  s.level = top.text("level");
  if (!isDiscLevel(s.level) && s.level != "{level}")
    top.fail("/level", "must be L3-L4, L4-L5, L5-S1 or {level} (the model's treated level)");
  s.duration = top.number("duration");
  if (!(s.duration > 0.0 && s.duration <= 3600.0))
    top.fail("/duration", "must be over 0 and at most 3600 seconds");
  s.chapters = readTimedTexts(top, "chapters", "title", s.duration, false);
  if (s.chapters.empty()) top.fail("/chapters", "needs at least one chapter");
  if (s.chapters.front().at != 0.0) top.fail("/chapters/0/at", "the first chapter must start at 0");
  s.captions = readTimedTexts(top, "captions", "text", s.duration, false);
  if (top.has("timeScale"))
    s.timeScale = readTimedTexts(top, "timeScale", "label", s.duration, true);

  // Optional: a walkthrough that claims no outcome needs no card; one given has cited items.
  if (top.has("evidence")) {
    Reader evidence(top.get("evidence"), "/evidence");
    evidence.requireObject();
    evidence.onlyKeys({"title", "items"});
    s.evidenceTitle = evidence.text("title");
    const json& items = evidence.array("items");
    if (items.empty()) evidence.fail("/items", "needs at least one cited item");
    for (size_t i = 0; i < items.size(); ++i) {
      Reader r(items[i], "/evidence/items/" + std::to_string(i));
      r.requireObject();
      r.onlyKeys({"text", "source"});
      s.evidence.push_back({r.text("text"), r.text("source")});
    }
  }
  if (top.has("summary")) {
    const json& summary = top.array("summary");
    for (size_t i = 0; i < summary.size(); ++i) {
      Reader r(summary[i], "/summary/" + std::to_string(i));
      r.requireObject();
      r.onlyKeys({"measure", "value", "source"});
      s.summary.push_back({r.text("measure"), r.text("value"), r.text("source")});
    }
  }
  const json& tracks = top.array("tracks");
  for (size_t i = 0; i < tracks.size(); ++i)
    s.tracks.push_back(readTrack(Reader(tracks[i], "/tracks/" + std::to_string(i)), s.duration));
  return s;
}

double number(const KeyValue& v) {
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  return 0.0;
}

// Index of the last key at or before t (keys with equal times: the last of them), or -1.
int lastKeyAtOrBefore(const std::vector<StoryKey>& keys, double t) {
  int index = -1;
  for (size_t i = 0; i < keys.size() && keys[i].at <= t; ++i) index = static_cast<int>(i);
  return index;
}

// How far t is from key i toward key i + 1 (0..1, eased as key i + 1 asks); 0 before the
// first key, at the last one and across a step.
double progressAt(const std::vector<StoryKey>& keys, int i, double t) {
  if (i < 0 || i + 1 >= static_cast<int>(keys.size())) return 0.0;
  const StoryKey& a = keys[size_t(i)];
  const StoryKey& b = keys[size_t(i) + 1];
  if (b.ease == Ease::Step || b.at <= a.at) return 0.0;
  const double u = (t - a.at) / (b.at - a.at);
  return b.ease == Ease::Smooth ? u * u * (3.0 - 2.0 * u) : u;
}

// A numeric track at t: held before the first and after the last key, eased between.
double numberAt(const std::vector<StoryKey>& keys, double t) {
  const int i = lastKeyAtOrBefore(keys, t);
  if (i < 0) return number(keys.front().value);
  const double u = progressAt(keys, i, t);
  const double a = number(keys[size_t(i)].value);
  return u > 0.0 ? a + (number(keys[size_t(i) + 1].value) - a) * u : a;
}

// A pose track at t (after its first key): yaw the shorter way round, the rest linearly.
StoryPose poseAt(const std::vector<StoryKey>& keys, int i, double t) {
  const StoryPose& a = std::get<StoryPose>(keys[size_t(i)].value);
  const float u = static_cast<float>(progressAt(keys, i, t));
  if (u <= 0.f) return a;
  const StoryPose& b = std::get<StoryPose>(keys[size_t(i) + 1].value);
  StoryPose p;
  p.yawDeg = a.yawDeg + std::remainder(b.yawDeg - a.yawDeg, 360.f) * u;
  p.pitchDeg = a.pitchDeg + (b.pitchDeg - a.pitchDeg) * u;
  p.distance = a.distance + (b.distance - a.distance) * u;
  p.target = a.target + (b.target - a.target) * u;
  return p;
}

const KeyValue& stepValueAt(const std::vector<StoryKey>& keys, double t) {
  const int i = lastKeyAtOrBefore(keys, t);
  return keys[size_t(std::max(i, 0))].value;
}

std::string textAt(const std::vector<TimedText>& items, double t) {
  std::string out;
  for (const TimedText& item : items)
    if (item.at <= t) out = item.text;
  return out;
}

}  // namespace

TargetKind targetKindOf(const std::string& target) {
  if (target == "spine") return TargetKind::Spine;
  if (target == "camera") return TargetKind::Camera;
  if (target == "render") return TargetKind::Render;
  if (target.rfind(kLevelPrefix, 0) == 0) return TargetKind::Level;
  if (target.rfind(kLayerPrefix, 0) == 0) return TargetKind::Layer;
  return TargetKind::Node;
}

const char* trackPropertyName(TrackProperty property) {
  for (const auto* specs : {&kNodeProperties, &kSpineProperties, &kLevelProperties,
                            &kCameraProperties, &kRenderProperties})
    for (const PropertySpec& spec : *specs)
      if (spec.property == property) return spec.name;
  return "";
}

const char* renderModeName(RenderMode mode) {
  switch (mode) {
    case RenderMode::Normal: return "normal";
    case RenderMode::Xray: return "xray";
    case RenderMode::Fluoroscopy: return "fluoroscopy";
  }
  return "normal";
}

Result<Story> parseStory(const std::string& text, const std::string& file) {
  return readJson<json>(text, file, kStoryLimits, [&](const json& j) {
    Story story = readStory(j);
    story.file = file;
    return story;
  });
}

namespace {
Result<std::string> readStoryText(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxStoryBytes)
    return Error{path + ": " + std::to_string(size) + " bytes is too large for a story (at most " +
                 std::to_string(kMaxStoryBytes) + ")"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot open the story file"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{path + ": cannot read the story file"};
  return text.str();
}
}  // namespace

Result<Story> loadStoryFile(const std::string& path) {
  auto text = readStoryText(path);
  if (!text) return Error{text.error()};
  // Without a model: placeholders stay as written and captions for particular cases are left
  // out (story_case.h), which is enough for the story list's titles and for checking the file.
  auto unfilled = fillCaseWords(text.value(), path, CaseWords{});
  if (!unfilled) return Error{unfilled.error()};
  return parseStory(unfilled.value(), path);
}

Status checkStoryTargets(const Story& story, const Scene& scene,
                         const std::vector<PartInfo>& parts) {
  for (const StoryTrack& track : story.tracks) {
    if (track.kind != TargetKind::Node && track.kind != TargetKind::Layer) continue;
    bool found = false;
    if (track.layer) {
      for (const PartInfo& part : parts) found = found || part.layer == *track.layer;
    } else {
      found = scene.findNode(track.target) >= 0;
    }
    if (!found)
      return Error{story.file + ": " + track.pointer + "/target: the model has no " +
                   (track.layer ? std::string("layer \"") + layerKindName(*track.layer)
                                : "node \"" + track.target) +
                   "\""};
  }
  return std::nullopt;
}

Result<Story> loadStoryFor(const std::string& nameOrPath, const Scene& scene,
                           const std::vector<PartInfo>& parts) {
  const std::string path = storyPath(nameOrPath, defaultStoryDir());
  auto text = readStoryText(path);
  if (!text) return Error{text.error()};
  auto filled = fillCaseWords(text.value(), path, caseWordsOf(scene));
  if (!filled) return Error{filled.error()};
  auto story = parseStory(filled.value(), path);
  if (!story) return story;
  if (auto error = checkStoryTargets(story.value(), scene, parts)) return Error{error->message};
  return story;
}

StoryState evaluateStory(const Story& story, double t) {
  StoryState s;
  t = std::clamp(t, 0.0, story.duration);
  s.time = t;
  s.chapter = chapterAt(story, t);
  s.chapterTitle = story.chapters.empty() ? "" : story.chapters[size_t(s.chapter)].text;
  s.caption = textAt(story.captions, t);
  s.timeScale = textAt(story.timeScale, t);
  double viewKeyAt = -1.0, poseKeyAt = -1.0;  // the latest camera key of each kind so far
  auto node = [&](const StoryTrack& track) -> NodeStoryState& {
    NodeStoryState& n = s.nodes[track.target];
    n.layer = track.layer;
    return n;
  };
  for (const StoryTrack& track : story.tracks) {
    const auto& keys = track.keys;
    const float value = static_cast<float>(numberAt(keys, t));
    switch (track.property) {
      case TrackProperty::Visible:
        node(track).visible = std::get<bool>(stepValueAt(keys, t));
        break;
      case TrackProperty::Opacity: node(track).opacity = value; break;
      case TrackProperty::Morph: node(track).morph = value; break;
      case TrackProperty::Glow: node(track).glow = value; break;
      case TrackProperty::Heat: node(track).heat = value; break;
      case TrackProperty::Advance: node(track).advance = value; break;
      case TrackProperty::Flexion: s.flexion = value; break;
      case TrackProperty::Lateral: s.lateral = value; break;
      case TrackProperty::Rotation: s.rotation = value; break;
      case TrackProperty::Locked:
        s.locked[track.level] = value;
        break;
      case TrackProperty::CameraZoom: s.zoom = value; break;
      case TrackProperty::RenderMode:
        s.renderMode = std::get<RenderMode>(stepValueAt(keys, t));
        break;
      case TrackProperty::Cut: s.cut = std::get<std::optional<CutSpec>>(stepValueAt(keys, t)); break;
      case TrackProperty::CameraView: {
        // The camera eases from the view before the latest key to that key's view.
        const int i = lastKeyAtOrBefore(keys, t);
        if (i < 0) break;  // before the first camera key: the viewer's own camera
        s.view = std::get<std::string>(keys[size_t(i)].value);
        s.fromView = i > 0 ? std::get<std::string>(keys[size_t(i) - 1].value) : s.view;
        const double u = std::clamp((t - keys[size_t(i)].at) / kCameraEaseSeconds, 0.0, 1.0);
        s.viewProgress = static_cast<float>(u * u * (3.0 - 2.0 * u));
        viewKeyAt = keys[size_t(i)].at;
        break;
      }
      case TrackProperty::CameraPose: {
        const int i = lastKeyAtOrBefore(keys, t);
        if (i < 0) break;
        s.pose = poseAt(keys, i, t);
        poseKeyAt = keys[size_t(i)].at;
        break;
      }
    }
  }
  // A story with both kinds of camera key follows whichever came last.
  if (s.pose && viewKeyAt > poseKeyAt) s.pose.reset();
  if (s.pose) s.view = s.fromView = "";
  return s;
}

std::vector<double> distinctMoments(const std::vector<Story>& stories) {
  std::set<double> keys{0.0};
  for (const Story& story : stories) {
    keys.insert(story.duration);
    for (const StoryTrack& track : story.tracks)
      for (const StoryKey& key : track.keys) keys.insert(std::clamp(key.at, 0.0, story.duration));
  }
  std::vector<double> moments;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    if (it != keys.begin()) moments.push_back(0.5 * (*std::prev(it) + *it));
    moments.push_back(*it);
  }
  return moments;
}

int chapterAt(const Story& story, double t) {
  int chapter = 0;
  for (size_t i = 0; i < story.chapters.size(); ++i)
    if (story.chapters[i].at <= t) chapter = static_cast<int>(i);
  return chapter;
}

double previousChapterStart(const Story& story, double t) {
  // Within the first second of a chapter, "previous" means the chapter before it.
  const int c = chapterAt(story, t);
  const double start = story.chapters[size_t(c)].at;
  if (t - start > 1.0 || c == 0) return start;
  return story.chapters[size_t(c) - 1].at;
}

double nextChapterStart(const Story& story, double t) {
  const int c = chapterAt(story, t);
  return c + 1 < static_cast<int>(story.chapters.size()) ? story.chapters[size_t(c) + 1].at
                                                         : story.duration;
}


}  // namespace spineview
