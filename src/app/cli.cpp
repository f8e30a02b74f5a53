// Command-line parsing with CLI11. Values that CLI11 cannot check alone (the size format and
// the view name) are validated here so that every bad argument gets a message naming it.
#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "app/app_settings.h"
#include "camera/orbit_camera.h"
#include "frame/snapshot.h"
#include "anatomy/layers.h"

namespace spineview::app {

namespace {

// Reads a positive decimal number made only of digits; rejects signs, spaces and overflow.
std::optional<long> readSide(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  return std::strtol(text.c_str(), nullptr, 10);
}

}  // namespace

Result<Size> parseSize(const std::string& text) {
  const std::string expected = "expected WIDTHxHEIGHT such as 1280x800, got '" + text + "'";
  const auto x = text.find_first_of("xX");
  if (x == std::string::npos) return Error{expected};
  const auto w = readSide(text.substr(0, x));
  const auto h = readSide(text.substr(x + 1));
  if (!w || !h) return Error{expected};
  if (*w < 1 || *h < 1) return Error{"width and height must be at least 1, got '" + text + "'"};
  if (*w > kMaxSnapshotSide || *h > kMaxSnapshotSide)
    return Error{"width and height must be at most " + std::to_string(kMaxSnapshotSide) +
                 ", got '" + text + "'"};
  return Size{static_cast<int>(*w), static_cast<int>(*h)};
}

Result<Pixel> parsePixel(const std::string& text) {
  const auto comma = text.find(',');
  const std::string expected = "expected X,Y pixel coordinates such as 640,400, got '" + text + "'";
  if (comma == std::string::npos) return Error{expected};
  const auto x = readSide(text.substr(0, comma));
  const auto y = readSide(text.substr(comma + 1));
  if (!x || !y) return Error{expected};
  return Pixel{static_cast<int>(*x), static_cast<int>(*y)};
}

std::string defaultModelPath() { return std::string(SPINEVIEW_MODEL_DIR) + "/lumbar_spine.glb"; }

std::string namedViewList() {
  std::string list;
  for (const auto& v : namedViews()) list += (list.empty() ? "" : ", ") + v.name;
  return list;
}

CliOutcome parseCommandLine(int argc, const char* const argv[]) {
  CliOptions o;
  o.file = defaultModelPath();
  std::string sizeText;

  CLI::App cli{"SpineView: a 3D viewer that explains the lumbar spine (educational, not medical advice)",
               "spineview"};
  cli.add_option("FILE", o.file, "glTF 2.0 model (.gltf or .glb); default: the bundled model")
      ->capture_default_str();
  auto* render = cli.add_option("--render", o.renderOut,
                                "Render to this PNG without a display and exit")
                     ->type_name("OUT.png");
  cli.add_option("--size", sizeText, "Render size, or the window's initial size (default 1280x800)")
      ->type_name("WxH");
  cli.add_option("--view", o.view, "Named view: " + namedViewList() +
                                       " (default: oblique for SpineView's models, anterior "
                                       "for any other glTF)")
      ->type_name("NAME");
  cli.add_option("--show", o.show,
                 "Show a layer that starts hidden (ligament, hardware, ...); repeat for more")
      ->type_name("LAYER")
      ->allow_extra_args(false);
  cli.add_option("--hide", o.hide, "Hide a layer by key or name; repeat for more")
      ->type_name("LAYER")
      ->allow_extra_args(false);  // one name per --hide, so "--hide nerve FILE" keeps FILE
  const std::string presetNames = layerPresetList();
  std::string presetText;
  cli.add_option("--preset", presetText, "Layer preset: " + presetNames +
                                           " (xray: bone 30%, annulus 50%)")
      ->type_name("NAME");
  std::string cutText;
  cli.add_option("--cut", cutText,
                 "Cutaway: axial, sagittal or coronal through the treated disc, optionally "
                 ":OFFSET_MM (cranial, to the patient's left, anterior); without --view, the "
                 "view looks at the cut")
      ->type_name("PLANE[:MM]");
  cli.add_flag("--labels", o.labels, "Label the structures, with leader lines");
  std::vector<std::string> pickTexts;
  cli.add_option("--pick", pickTexts,
                 "Print the name of the node under this pixel of the render (or 'none'); "
                 "repeatable; without --render only picks")
      ->type_name("X,Y")
      ->allow_extra_args(false);
  auto* bench = cli.add_flag("--bench", o.bench,
                             "Print start-up, frame-time, idle-CPU and memory figures and exit");
  auto* benchIdle = cli.add_flag("--bench-idle", o.benchIdle,
                                 "Open the window, stay idle and print the CPU use (needs a display)");
  cli.add_option("--bench-idle-seconds", o.benchIdleSeconds, "How long --bench-idle measures")
      ->check(CLI::Range(0.5, 600.0))
      ->needs(benchIdle);
  auto* soak = cli.add_option("--soak", o.soakSeconds,
                              "Play the stories, split view, x-ray, cuts and reopening headless "
                              "for this long; print memory and GL errors; exit")
                   ->type_name("SECONDS")
                   ->check(CLI::Range(1.0, 86400.0));
  auto* story = cli.add_option("--story", o.story,
                               "Story to show: fibrin, fusion, or a story FILE.json "
                               "(stories/README.md)")
                    ->type_name("NAME|FILE");
  auto* at = cli.add_option("--at", o.at, "Time into the story, seconds (default 0)")
                 ->type_name("SECONDS")
                 ->check(CLI::Range(0.0, 3600.0));
  auto* lang = cli.add_option("--lang", o.lang,
                              "Play the stories' translations into this language: NAME-CODE.json "
                              "beside NAME.json (stories/README.md, Translations)")
                   ->type_name("CODE");
  auto* compare = cli.add_flag("--compare", o.compare,
                               "Fibrin sealing on the left, fusion on the right, on one timeline "
                               "and one camera");
  auto* dump = cli.add_flag("--dump-state", o.dumpState,
                            "Print the story's evaluated state at --at as JSON");
  dump->needs(story);
  cli.add_flag("--timings", o.timings,
               "Print where the time of --render went: start-up, import, GL, shaders, upload, "
               "frame, PNG")
      ->needs(render);
  compare->excludes(story);
  // The patient's case (app/case_options.h): a file, and flags that override it.
  CaseFlags& cf = o.caseFlags;
  cli.add_option("--case", cf.file, "A case file (docs/case-format.md): the treated level, the tear and the leaked material")
      ->type_name("FILE");
  cli.add_option("--level", cf.level, "Treated level (overrides the case)")->check(CLI::IsMember(spinegen::kLevelNames));
  cli.add_option("--tear", cf.tear, "Tear type")->check(CLI::IsMember(spinegen::kTearNames));
  cli.add_option("--grade", cf.grade, "Modified Dallas grade of the fissure, 0-5")->check(CLI::Range(0, 5));
  cli.add_option("--clock", cf.clock, "Where the tear lies, in clock hours seen from above (12 anterior, 3 the patient's right)")
      ->check(CLI::Range(0.0, 12.0));
  cli.add_option("--herniation", cf.herniation, "Leaked material: none, bulge, central, paracentral or foraminal")
      ->check(CLI::IsMember(spinegen::kLeakNames));
  cli.add_option("--side", cf.side, "Side of a paracentral or foraminal leak")->check(CLI::IsMember(spinegen::kSideNames));
  cli.add_option("--leak-size", cf.leakSize, "How far the leaked material reaches, mm (2-7)")
      ->check(CLI::Range(double(spinegen::kLeakSizeMinMm), double(spinegen::kLeakSizeMaxMm)));
  auto* hizOn = cli.add_flag("--hiz", [&cf](std::int64_t) { cf.hiz = true; }, "Show the high-intensity zone");
  cli.add_flag("--no-hiz", [&cf](std::int64_t) { cf.hiz = false; }, "Leave out the high-intensity zone")->excludes(hizOn);
  auto* exportOpt = cli.add_option("--export", o.exportOut,
                                   "Export the story (--story or --compare) as video without a display: "
                                   "OUT.mp4 (H.264), OUT.webm (VP9), OUT.gif or a folder of PNG frames; "
                                   "encoded by the ffmpeg program")
                        ->type_name("OUT");
  double fromValue = 0.0, toValue = 0.0;
  auto* from = cli.add_option("--from", fromValue, "Export from this story time (default 0)")
                   ->type_name("SECONDS")->check(CLI::Range(0.0, 3600.0))->needs(exportOpt);
  auto* to = cli.add_option("--to", toValue, "Export up to this story time (default: the end)")
                 ->type_name("SECONDS")->check(CLI::Range(0.0, 3600.0))->needs(exportOpt);
  cli.add_option("--fps", o.fps, "Frames per second of the export (default 30)")
      ->check(CLI::Range(1, 120))->needs(exportOpt);
  std::string qualityText;
  cli.add_option("--quality", qualityText,
                 "still: what the window shows when it settles (4x MSAA, full detail); motion: "
                 "the window's moving frame (default)")
      ->check(CLI::IsMember({"still", "motion"}))->needs(exportOpt);
  cli.add_option("--captions", o.captions,
                 "burn: drawn into the frames as the window shows them; vtt: a WebVTT file "
                 "beside OUT; both (default); none")
      ->check(CLI::IsMember({"burn", "vtt", "both", "none"}))->needs(exportOpt);
  cli.add_option("--audio", o.audio, "Narration to mux into an MP4 or WebM export")
      ->type_name("FILE")->needs(exportOpt);
  cli.add_flag("--progress-lines", o.progressLines,
               "Report the export's progress as a line on standard error every 0.1 s "
               "(\"frame N/M, R fps, S s left\"), for a program that runs it")
      ->needs(exportOpt);
  exportOpt->excludes(render)->excludes(bench)->excludes(benchIdle)->excludes(soak);
  cli.add_option("--shaders", o.shaderDir, "Shader directory (default: the configured one)")
      ->type_name("DIR");
  bench->excludes(render);
  soak->excludes(render)->excludes(bench)->excludes(benchIdle);
  benchIdle->excludes(render);
  benchIdle->excludes(bench);

  CliOutcome out;
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::ostringstream msg, err;
    out.exitCode = cli.exit(e, msg, err);
    out.message = msg.str() + err.str();
    if (out.exitCode != 0) out.exitCode = 2;
    return out;
  }

  auto fail = [&](const std::string& message) {
    out.exitCode = 2;
    out.message = message + "\nRun with --help for more information.\n";
    return out;
  };
  // An empty path would otherwise read as "no --render" and open the window instead.
  if (render->count() > 0 && o.renderOut.empty())
    return fail("--render: the output path is empty; give a .png file to write");
  if (!sizeText.empty()) {
    auto size = parseSize(sizeText);
    if (!size) return fail("--size: " + size.error());
    o.size = size.value();
    o.sizeGiven = true;
  }
  for (auto& c : o.view) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!o.view.empty() && !findNamedView(o.view))
    return fail("--view: unknown view '" + o.view + "'; valid views: " + namedViewList());
  if (!presetText.empty()) {
    o.preset = parseLayerPreset(presetText);
    if (!o.preset)
      return fail("--preset: unknown preset '" + presetText + "'; valid presets: " + presetNames);
  }
  if (!cutText.empty()) {
    auto cut = parseCutSpec(cutText);
    if (!cut) return fail("--cut: " + cut.error());
    o.cut = cut.value();
  }
  for (const auto& text : pickTexts) {
    auto pixel = parsePixel(text);
    if (!pixel) return fail("--pick: " + pixel.error());
    if (pixel.value().x >= o.size.width || pixel.value().y >= o.size.height)
      return fail("--pick: " + text + " is outside the " + std::to_string(o.size.width) + "x" +
                  std::to_string(o.size.height) + " image");
    o.picks.push_back(pixel.value());
  }
  if ((o.bench || o.benchIdle) && (!o.picks.empty() || o.labels))
    return fail("--pick and --labels go with --render, not with --bench");
  if (at->count() > 0 && o.story.empty() && !o.compare)
    return fail("--at goes with --story or --compare");
  if (o.bench && (!o.story.empty() || o.compare))
    return fail("--story and --compare do not go with --bench, which times both stories and "
                "the split view anyway");
  if (lang->count() > 0) {
    if (!isLanguageCode(o.lang))
      return fail("--lang: '" + o.lang + "' is not a language code (2 or 3 lower-case letters, as in de)");
    if (o.story.empty() && !o.compare) return fail("--lang goes with --story NAME or --compare");
    if (isStoryFilePath(o.story))
      return fail("--lang picks a story's translation by name; " + o.story + " is one file already");
    std::vector<std::string*> names{&o.story};
    if (o.compare) {
      names.clear();
      for (std::string& name : o.comparedStories) names.push_back(&name);
    }
    for (std::string* name : names) {
      const std::string translated = translatedStoryName(*name, o.lang);
      const std::string path = storyPath(translated, defaultStoryDir());
      std::error_code ec;
      if (!std::filesystem::exists(path, ec))
        return fail("--lang " + o.lang + ": there is no translation of " + *name + " (" + path +
                    " is missing)");
      *name = translated;
    }
  }
  if (exportOpt->count() > 0) {
    if (o.exportOut.empty()) return fail("--export: the output path is empty");
    if (o.story.empty() && !o.compare) return fail("--export needs --story NAME|FILE or --compare");
    if (at->count() > 0) return fail("--at does not go with --export; use --from and --to");
    if (!o.picks.empty() || o.dumpState)
      return fail("--pick and --dump-state go with --render, not with --export");
    if (from->count() > 0) o.from = fromValue;
    if (to->count() > 0) o.to = toValue;
    if (o.from && o.to && !(*o.to > *o.from)) return fail("--to must be later than --from");
    o.stillQuality = qualityText == "still";
    if (!o.sizeGiven) o.size = Size{1280, 720};
  }
  if (o.file.empty()) return fail("FILE: the model path is empty");
  out.options = std::move(o);
  return out;
}

}  // namespace spineview::app
