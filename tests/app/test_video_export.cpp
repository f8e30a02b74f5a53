// spineview --export, run as an educator would: ffprobe's view of the files, frames that equal
// --render of the same moments, burnt-in and WebVTT captions, and the failures (cancel, no
// ffmpeg, a broken story, an unwritable folder) that must leave nothing under the final name.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/spineview_run.h"
#include "app/export_dialog.h"
#include "app/video_export.h"
#include "core/image.h"
#include "scene/gltf/import.h"
#include "story/story_case.h"
#include "test_paths.h"
#include "video/child_process.h"

namespace fs = std::filesystem;
using namespace spineview::test;

extern char** environ;

namespace {

bool haveEncoder(const char* test) {
  if (spineview::findProgram("ffmpeg") && spineview::findProgram("ffprobe")) return true;
  std::printf("SKIPPED %s: the ffmpeg program is not installed (apt install ffmpeg)\n", test);
  return false;
}

fs::path freshFolder(const std::string& name) {
  const fs::path dir = outputDir() / "video" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// "codec,width,height,rate,frames" of the first video stream, frames counted by decoding.
std::string probe(const fs::path& file) {
  return shell("ffprobe -v error -select_streams v:0 -count_frames -show_entries "
               "stream=codec_name,width,height,r_frame_rate,nb_read_frames -of csv=p=0 " + quote(file.string()));
}

spineview::Image decodedFrame(const fs::path& video, int n, const fs::path& png) {
  shell("ffmpeg -v error -y -i " + quote(video.string()) + " -vf 'select=eq(n\\," + std::to_string(n) +
        ")' -vsync 0 -frames:v 1 " + quote(png.string()));
  auto image = spineview::readPng(png.string());
  REQUIRE(image);
  return std::move(image.value());
}

// Mean absolute difference per channel (0-255) over rows [y0, y1).
double meanDifference(const spineview::Image& a, const spineview::Image& b, int y0 = 0, int y1 = -1) {
  REQUIRE(a.width == b.width);
  REQUIRE(a.height == b.height);
  if (y1 < 0) y1 = a.height;
  double sum = 0.0;
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < a.width; ++x)
      for (int c = 0; c < 3; ++c)
        sum += std::abs(int(a.rgba[(size_t(y) * a.width + x) * 4 + c]) - int(b.rgba[(size_t(y) * b.width + x) * 4 + c]));
  return sum / (3.0 * a.width * (y1 - y0));
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("MP4, WebM, GIF and PNG exports have the codec, size, rate and frame count asked for", "[gl][video]") {
  if (!haveModel("video formats") || !haveEncoder("video formats")) return;
  const fs::path dir = freshFolder("formats");
  const std::string common = " --story fibrin --from 10 --to 11.5 --fps 20 --size 320x200 --captions none";
  // ceil((11.5 - 10) * 20) = 30 frames.
  for (const auto& [name, codec] : {std::pair<std::string, std::string>{"walk.mp4", "h264"}, {"walk.webm", "vp9"}}) {
    const Run r = runSpineview("--export " + quote((dir / name).string()) + common);
    INFO(r.output);
    REQUIRE(r.code == 0);
    const std::string line = probe(dir / name);
    std::printf("ffprobe %s: %s\n", name.c_str(), line.c_str());
    CHECK(line == codec + ",320,200,20/1,30");
  }
  CHECK(shell("ffprobe -v error -show_entries stream=pix_fmt -of csv=p=0 " + quote((dir / "walk.mp4").string())) == "yuv420p");
  // The moov atom first (faststart), so a browser can start playing before the whole file is in.
  std::ifstream mp4(dir / "walk.mp4", std::ios::binary);
  std::string head(64, '\0');
  mp4.read(head.data(), 64);
  CHECK(head.find("moov") != std::string::npos);

  // A narration is muxed in beside the frames.
  const fs::path tone = dir / "tone.wav";
  shell("ffmpeg -v error -y -f lavfi -i sine=frequency=440:duration=3 " + quote(tone.string()));
  const Run narrated = runSpineview("--export " + quote((dir / "narrated.mp4").string()) + common + " --audio " +
                                    quote(tone.string()));
  INFO(narrated.output);
  REQUIRE(narrated.code == 0);
  CHECK(shell("ffprobe -v error -show_entries stream=codec_type,codec_name -of csv=p=0 " +
              quote((dir / "narrated.mp4").string())) == "h264,video\naac,audio");
  fs::remove(tone);
  fs::remove(dir / "narrated.mp4");

  const Run gif = runSpineview("--export " + quote((dir / "walk.gif").string()) + common);
  REQUIRE(gif.code == 0);
  CHECK(probe(dir / "walk.gif") == "gif,320,200,20/1,30");
  const Run png = runSpineview("--export " + quote((dir / "frames").string() + "/") + common);
  INFO(png.output);
  REQUIRE(png.code == 0);
  CHECK(entries(dir / "frames").size() == 30);
  CHECK(entries(dir / "frames").front() == "frame_00000.png");
  // Nothing else beside them: no temporary names left, no captions asked for.
  CHECK(entries(dir) == std::vector<std::string>{"frames", "walk.gif", "walk.mp4", "walk.webm"});
}

TEST_CASE("frames of an MP4 equal --render of the same story times", "[gl][video]") {
  if (!haveModel("video frames") || !haveEncoder("video frames")) return;
  const fs::path dir = freshFolder("frames");
  const fs::path video = dir / "fibrin.mp4";
  const Run r = runSpineview("--export " + quote(video.string()) +
                             " --story fibrin --from 30 --to 33 --fps 10 --size 320x200 --quality still --captions none");
  INFO(r.output);
  REQUIRE(r.code == 0);
  for (int n : {0, 15, 29}) {
    const double t = 30.0 + n / 10.0;
    const fs::path still = dir / ("render_" + std::to_string(n) + ".png");
    char at[32];
    std::snprintf(at, sizeof at, "%.3f", t);
    REQUIRE(runSpineview("--render " + quote(still.string()) + " --story fibrin --at " + at + " --size 320x200").code == 0);
    const spineview::Image frame = decodedFrame(video, n, dir / ("frame_" + std::to_string(n) + ".png"));
    auto rendered = spineview::readPng(still.string());
    REQUIRE(rendered);
    const double d = meanDifference(frame, rendered.value());
    std::printf("frame %d (t = %.1f s): mean difference to --render %.2f of 255\n", n, t, d);
    // H.264 at CRF 18 with 4:2:0 colour: a couple of levels; a wrong time or camera is tens.
    CHECK(d < 3.0);
  }
  // Another moment of the story (the tear chapter, another view) is far off: the comparison
  // tells moments apart.
  const fs::path elsewhere = dir / "render_10s.png";
  REQUIRE(runSpineview("--render " + quote(elsewhere.string()) + " --story fibrin --at 10 --size 320x200").code == 0);
  auto other = spineview::readPng(elsewhere.string());
  REQUIRE(other);
  const double apart = meanDifference(decodedFrame(video, 0, dir / "frame_0b.png"), other.value());
  std::printf("frame 0 against --render at 10 s: %.2f of 255\n", apart);
  CHECK(apart > 10.0);
}

TEST_CASE("burnt-in captions show in the frame and the WebVTT cues are the story's captions", "[gl][video]") {
  if (!haveModel("video captions") || !haveEncoder("video captions")) return;
  const fs::path dir = freshFolder("captions");
  for (const char* mode : {"burn", "none"})
    REQUIRE(runSpineview("--export " + quote((dir / mode).string() + "/") +
                         " --story fibrin --from 20 --to 20.1 --fps 10 --size 640x400 --captions " + mode).code == 0);
  auto burnt = spineview::readPng((dir / "burn" / "frame_00000.png").string());
  auto plain = spineview::readPng((dir / "none" / "frame_00000.png").string());
  REQUIRE(burnt);
  REQUIRE(plain);
  const double bottom = meanDifference(burnt.value(), plain.value(), 320, 400);
  std::printf("caption area, burnt vs none: mean difference %.1f of 255\n", bottom);
  CHECK(bottom > 10.0);
  CHECK_FALSE(fs::exists(dir / "none.vtt"));  // "none" writes no sidecar

  // The whole story at 1 frame per second, small: only the sidecar is looked at.
  const fs::path video = dir / "fibrin.mp4";
  REQUIRE(runSpineview("--export " + quote(video.string()) + " --story fibrin --fps 1 --size 64x64 --captions vtt").code == 0);
  std::ifstream vttFile(dir / "fibrin.vtt");
  REQUIRE(vttFile);
  std::vector<std::pair<std::string, std::string>> cues;  // start time, text
  std::string line, start;
  std::getline(vttFile, line);
  CHECK(line == "WEBVTT");
  while (std::getline(vttFile, line)) {
    if (line.find(" --> ") != std::string::npos) {
      start = line.substr(0, line.find(" --> "));
      std::string text;
      std::getline(vttFile, text);
      cues.emplace_back(start, text);
    }
  }
  // The captions as the bundled model's case fills them (story_case.h).
  std::ifstream storyFile(fs::path(SPINEVIEW_SOURCE_DIR) / "stories" / "fibrin.json");
  const std::string storyText((std::istreambuf_iterator<char>(storyFile)), std::istreambuf_iterator<char>());
  auto model = spineview::importGltf(bundledModel().string());
  REQUIRE(model);
  auto filled = spineview::fillCaseWords(storyText, "fibrin.json", spineview::caseWordsOf(model.value()));
  REQUIRE(filled);
  const nlohmann::json story = nlohmann::json::parse(filled.value());
  REQUIRE(cues.size() == story["captions"].size());
  for (size_t i = 0; i < cues.size(); ++i) {
    const double at = story["captions"][i]["at"].get<double>();
    char expected[32];
    std::snprintf(expected, sizeof expected, "00:%02d:%02d.%03d", int(at) / 60, int(at) % 60,
                  int(std::lround(at * 1000)) % 1000);
    CHECK(cues[i].first == expected);
    CHECK(cues[i].second == story["captions"][i]["text"].get<std::string>());
  }
}

TEST_CASE("Ctrl-C stops an export with exit code 130 and leaves nothing behind", "[gl][video]") {
  if (!haveModel("video cancel") || !haveEncoder("video cancel")) return;
  const fs::path dir = freshFolder("cancel");
  const std::string out = (dir / "long.mp4").string();
  std::vector<std::string> args = {SPINEVIEW_EXE, "--export", out, "--story", "fusion", "--size", "320x200"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, SPINEVIEW_EXE, nullptr, nullptr, argv.data(), environ) == 0);
  // Wait until frames are going to ffmpeg (its temporary file is there), then interrupt.
  bool started = false;
  for (int i = 0; i < 600 && !started; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    for (const std::string& name : entries(dir)) started = started || name.find(".part-") != std::string::npos;
  }
  CHECK(started);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGINT);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK(entries(dir).empty());
}

TEST_CASE("no ffmpeg, a broken story, an unknown format or a missing folder: a clear message and no file", "[gl][video]") {
  if (!haveModel("video failures")) return;
  const fs::path dir = freshFolder("failures");
  const std::string out = quote((dir / "x.mp4").string());

  const Run noEncoder = runSpineview("PATH=/nonexistent ", "--export " + out + " --story fusion --to 1");
  CHECK(noEncoder.code == 1);
  CHECK(contains(noEncoder.output, "ffmpeg program is not installed"));
  CHECK(contains(noEncoder.output, "--export FOLDER/"));

  std::ofstream(dir / "broken.json") << R"({"format": "spineview-story/1", "name": )";
  const Run broken = runSpineview("--export " + out + " --story " + quote((dir / "broken.json").string()));
  CHECK(broken.code == 1);
  CHECK(contains(broken.output, "broken.json"));

  const Run avi = runSpineview("--export " + quote((dir / "x.avi").string()) + " --story fusion");
  CHECK(avi.code == 1);
  CHECK(contains(avi.output, "unknown format"));
  const Run missing = runSpineview("--export " + quote((dir / "no" / "x.mp4").string()) + " --story fusion");
  CHECK(missing.code == 1);
  CHECK(contains(missing.output, "does not exist"));
  CHECK(entries(dir) == std::vector<std::string>{"broken.json"});
}

TEST_CASE("an unwritable folder: a clear message and no file", "[gl][video]") {
  if (!haveModel("video unwritable folder")) return;
  const fs::path dir = freshFolder("unwritable");
  if (geteuid() == 0) {
    std::printf("SKIPPED unwritable folder: running as root, which may write anywhere\n");
    return;
  }
  const fs::path locked = dir / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  const Run denied = runSpineview("--export " + quote((locked / "x.mp4").string()) + " --story fusion");
  fs::permissions(locked, fs::perms::owner_all);
  CHECK(denied.code == 1);
  CHECK(contains(denied.output, "not writable"));
  CHECK(entries(locked).empty());
}

TEST_CASE("an export's plan rounds sizes for the encoder and checks the output folder", "[video]") {
  const fs::path dir = freshFolder("plan");
  spineview::Story a, b;
  a.duration = 90.0;
  b.duration = 60.0;
  spineview::app::CliOptions o;
  o.exportOut = (dir / "x.mp4").string();
  o.size = {641, 361};
  auto plan = spineview::app::planExport(o, {a});
  REQUIRE(plan);
  CHECK(plan.value().width == 640);  // yuv420p needs even sizes, and the user is told
  CHECK(plan.value().height == 360);
  CHECK(plan.value().notes.size() == 1);
  CHECK(plan.value().frames == 2700);  // the whole story at 30 fps
  CHECK(plan.value().captionsOut == (dir / "x.vtt").string());
  // The split view: two equal panes, the timeline of the longer story.
  o.size = {1282, 720};
  auto split = spineview::app::planExport(o, {b, a});
  REQUIRE(split);
  CHECK(split.value().paneWidth * 2 == split.value().width);
  CHECK(split.value().width % 2 == 0);
  CHECK(split.value().to == 90.0);
  // --to past the end stops at the end; --from past it is an error.
  o.to = 120.0;
  CHECK(spineview::app::planExport(o, {a}).value().to == 90.0);
  o.from = 95.0;
  CHECK_FALSE(spineview::app::planExport(o, {a}));
  o.from.reset();
  o.to.reset();
  // PNG frames go into a new or empty folder only; GIF and PNG have no sound.
  fs::create_directories(dir / "full");
  std::ofstream(dir / "full" / "keep.txt") << "x";
  o.exportOut = (dir / "full").string() + "/";
  CHECK_FALSE(spineview::app::planExport(o, {a}));
  o.exportOut = (dir / "walk.gif").string();
  o.audio = (dir / "full" / "keep.txt").string();
  CHECK_FALSE(spineview::app::planExport(o, {a}));
}

TEST_CASE("the Export dialog's choices become a command line the export accepts", "[video]") {
  spineview::app::ExportChoices c;
  c.format = 1;  // WebM
  c.size = 2;    // square
  c.fps = 1;     // 25
  c.still = true;
  c.captions = 2;  // vtt
  c.folder = "/videos";
  c.name = "fusion";
  CHECK(spineview::app::exportOutput(c) == "/videos/fusion.webm");
  std::vector<std::string> args = spineview::app::exportArguments(c, "/m/spine.glb", {"--story", "/s/fusion.json"});
  args.insert(args.begin(), "spineview");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  const auto parsed = spineview::app::parseCommandLine(int(argv.size()), argv.data());
  INFO(parsed.message);
  REQUIRE(parsed.options);
  const spineview::app::CliOptions& o = *parsed.options;
  CHECK(o.file == "/m/spine.glb");
  CHECK(o.exportOut == "/videos/fusion.webm");
  CHECK(o.story == "/s/fusion.json");
  CHECK(o.size.width == 1080);
  CHECK(o.size.height == 1080);
  CHECK(o.fps == 25);
  CHECK(o.stillQuality);
  CHECK(o.captions == "vtt");
  CHECK(o.progressLines);  // the dialog follows the lines
  c.format = 3;            // PNG frames go into a folder
  CHECK(spineview::app::exportOutput(c) == "/videos/fusion/");

  // The progress line the export writes is the one the dialog reads.
  const auto line = spineview::app::formatProgressLine({120, 2700, 41.5, 62.0});
  CHECK(line == "frame 120/2700, 41.5 fps, 62 s left");
  const auto back = spineview::app::parseProgressLine(line);
  REQUIRE(back);
  CHECK(back->done == 120);
  CHECK(back->total == 2700);
  CHECK(back->fps == Approx(41.5));
  CHECK(back->secondsLeft == Approx(62.0));
  CHECK_FALSE(spineview::app::parseProgressLine("spineview: error: x"));
}

TEST_CASE("an export whose reader has gone stops and removes what it wrote", "[gl][video]") {
  if (!haveModel("orphaned export") || !haveEncoder("orphaned export")) return;
  // The window's export writes progress lines to a pipe the window reads; when the window dies
  // the pipe's reading end closes, and the export must stop rather than go on writing.
  const fs::path dir = freshFolder("orphan");
  const std::string out = (dir / "x.mp4").string();
  std::vector<std::string> args = {SPINEVIEW_EXE, "--export", out, "--story", "fusion", "--size", "320x200",
                                   "--progress-lines"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int err[2];
  REQUIRE(pipe(err) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclose(&actions, err[0]);
  pid_t pid = -1;
  REQUIRE(posix_spawn(&pid, SPINEVIEW_EXE, &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  close(err[1]);
  // Read until the first progress line, then go away.
  std::string seen;
  char buf[256];
  while (seen.find("frame ") == std::string::npos) {
    const ssize_t n = read(err[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, size_t(n));
  }
  close(err[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  INFO(seen);
  CHECK(seen.find("frame ") != std::string::npos);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);
  CHECK(entries(dir).empty());
}

TEST_CASE("an export in another language: --lang plays NAME-CODE.json, its captions in the sidecar", "[gl][video]") {
  if (!haveModel("video --lang") || !haveEncoder("video --lang")) return;
  const fs::path dir = freshFolder("lang");
  const fs::path stories = dir / "stories";
  fs::create_directories(stories);
  std::ifstream shipped(fs::path(SPINEVIEW_SOURCE_DIR) / "stories" / "fibrin.json");
  nlohmann::json story = nlohmann::json::parse(shipped);
  std::ofstream(stories / "fibrin.json") << story.dump(1);
  // The translation: its own name, every caption marked.
  story["name"] = "fibrin-xx";
  for (auto& caption : story["captions"]) caption["text"] = "XX " + caption["text"].get<std::string>();
  std::ofstream(stories / "fibrin-xx.json") << story.dump(1);

  const std::string env = "SPINEVIEW_STORY_DIR=" + quote(stories.string()) + " ";
  const fs::path video = dir / "translated.mp4";
  const Run run = runSpineview(env, "--export " + quote(video.string()) +
                                        " --story fibrin --lang xx --fps 1 --size 64x64 --captions vtt");
  INFO(run.output);
  REQUIRE(run.code == 0);
  std::ifstream vtt(dir / "translated.vtt");
  REQUIRE(vtt);
  int cues = 0, translated = 0;
  for (std::string line; std::getline(vtt, line);)
    if (line.find(" --> ") != std::string::npos && std::getline(vtt, line)) {
      ++cues;
      translated += line.rfind("XX ", 0) == 0;
    }
  CHECK(cues > 5);
  CHECK(translated == cues);

  // A language the folder has no translation for: a message naming the missing file.
  const Run missing = runSpineview(env, "--export " + quote((dir / "none.mp4").string()) +
                                            " --story fibrin --lang yy --fps 1 --size 64x64");
  CHECK(missing.code != 0);
  CHECK(contains(missing.output, "no translation of fibrin"));
  CHECK(contains(missing.output, "fibrin-yy.json"));
  CHECK_FALSE(fs::exists(dir / "none.mp4"));
}
