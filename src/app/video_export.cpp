#include "app/video_export.h"

#include <imgui.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/bench.h"
#include "app/headless_imgui.h"
#include "app/headless_render.h"
#include "app/label_overlay.h"
#include "app/story_panel.h"
#include "core/file_write.h"
#include "core/image.h"
#include "frame/framing.h"
#include "platform/headless_context.h"
#include "scene/gltf/import.h"
#include "story/story_list.h"
#include "video/child_process.h"
#include "video/webvtt.h"

namespace spineview::app {

namespace fs = std::filesystem;

namespace {

// Ctrl-C and SIGTERM ask the export loop to stop; it finishes the frame it is on, stops
// ffmpeg and removes its temporary files.
std::atomic<bool> gCancelled{false};
extern "C" void requestCancel(int) { gCancelled.store(true); }

class CancelOnSignal {
 public:
  CancelOnSignal() {
    gCancelled.store(false);
    struct sigaction action {};
    action.sa_handler = requestCancel;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &oldInt_);
    sigaction(SIGTERM, &action, &oldTerm_);
  }
  ~CancelOnSignal() {
    sigaction(SIGINT, &oldInt_, nullptr);
    sigaction(SIGTERM, &oldTerm_, nullptr);
  }
  bool cancelled() const { return gCancelled.load(); }

 private:
  struct sigaction oldInt_ {}, oldTerm_ {};
};

std::string sizeText(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }
std::string secondsText(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", s);
  return text;
}

// A name beside `final` that no one else uses: .NAME.part-PID (with the extension kept, so
// that a left-over is recognisable).
fs::path temporaryBeside(const fs::path& final) {
  return final.parent_path() /
         ("." + final.stem().string() + ".part-" + std::to_string(::getpid()) + final.extension().string());
}

// Where frames go: ffmpeg's input, or numbered PNGs in a folder. Both write under a temporary
// name; commit() renames it to the final one, and destruction before that removes it.
class FrameSink {
 public:
  virtual ~FrameSink() {
    std::error_code ec;
    if (!committed_) fs::remove_all(temporary_, ec);
  }
  virtual Status write(const Image& frame) = 0;
  virtual Status finish() = 0;  // everything is on disk under the temporary name
  Status commit(const fs::path& final) {
    std::error_code ec;
    // An empty folder named for the PNG frames gives way to the finished one.
    if (fs::is_directory(temporary_, ec) && fs::is_directory(final, ec)) fs::remove(final, ec);
    fs::rename(temporary_, final, ec);
    if (ec) return Error{ec.message()};
    committed_ = true;
    return std::nullopt;
  }

 protected:
  fs::path temporary_;

 private:
  bool committed_ = false;
};

class EncoderSink : public FrameSink {
 public:
  static Result<std::unique_ptr<FrameSink>> start(const std::string& program, const ExportPlan& plan) {
    auto sink = std::unique_ptr<EncoderSink>(new EncoderSink());
    sink->temporary_ = temporaryBeside(plan.out);
    auto pipe = ChildProcess::start(program, ffmpegArguments(plan.format, plan.width, plan.height,
                                                             plan.fps, sink->temporary_.string(), plan.audio),
                                    /*pipeInput=*/true);
    if (!pipe) return Error{pipe.error()};
    sink->pipe_ = std::move(pipe.value());
    return std::unique_ptr<FrameSink>(std::move(sink));
  }
  ~EncoderSink() override {
    if (pipe_) pipe_->stop();  // before the base class removes what it was writing
  }
  Status write(const Image& frame) override { return pipe_->write(frame.rgba.data(), frame.rgba.size()); }
  Status finish() override {
    auto done = pipe_->finish();
    pipe_.reset();
    return done;
  }

 private:
  EncoderSink() = default;
  std::unique_ptr<ChildProcess> pipe_;
};

class PngFolderSink : public FrameSink {
 public:
  static Result<std::unique_ptr<FrameSink>> start(const ExportPlan& plan) {
    auto sink = std::unique_ptr<PngFolderSink>(new PngFolderSink());
    sink->temporary_ = temporaryBeside(plan.out);
    std::error_code ec;
    if (!fs::create_directory(sink->temporary_, ec))
      return Error{"cannot create " + sink->temporary_.string() + ": " + (ec ? ec.message() : "it exists")};
    return std::unique_ptr<FrameSink>(std::move(sink));
  }
  Status write(const Image& frame) override {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05d.png", next_++);
    if (auto error = writePng(frame, (temporary_ / name).string())) return error;
    return std::nullopt;
  }
  Status finish() override { return std::nullopt; }

 private:
  PngFolderSink() = default;
  int next_ = 0;
};

// The bar on a terminal; elsewhere (a log, a test) a line at each tenth; for a program that
// runs the export (the window's Export dialog), a line every 0.1 s (formatProgressLine).
class Progress {
 public:
  Progress(int frames, bool lines) : frames_(frames), tty_(::isatty(2) == 1 && !lines), lines_(lines) {}
  void update(int done) {
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    const double fps = seconds > 0.0 ? done / seconds : 0.0;
    const double left = fps > 0.0 ? (frames_ - done) / fps : 0.0;
    if (lines_) {
      if (done < frames_ && Clock::now() - lastPrint_ < std::chrono::milliseconds(100)) return;
      lastPrint_ = Clock::now();
      // The program reading these lines has gone (the window closed or was killed): stop as if
      // cancelled, so no orphan goes on writing a video nobody waits for.
      const bool written = std::fprintf(stderr, "%s\n", formatProgressLine({done, frames_, fps, left}).c_str()) > 0 &&
                           std::fflush(stderr) == 0;
      if (!written || ::getppid() != parent_) gCancelled.store(true);
    } else if (tty_) {
      if (done < frames_ && Clock::now() - lastPrint_ < std::chrono::milliseconds(200)) return;
      lastPrint_ = Clock::now();
      constexpr int kWidth = 30;
      const int filled = frames_ > 0 ? kWidth * done / frames_ : kWidth;
      std::fprintf(stderr, "\r  [%s%s] %d/%d frames  %.1f fps  %.0f s left   ",
                   std::string(size_t(filled), '#').c_str(), std::string(size_t(kWidth - filled), '.').c_str(),
                   done, frames_, fps, left);
      if (done == frames_) std::fprintf(stderr, "\n");
    } else if (done * 10 / std::max(frames_, 1) > printedTenths_ || done == frames_) {
      printedTenths_ = done * 10 / std::max(frames_, 1);
      std::fprintf(stderr, "  %d/%d frames  %.1f fps  %.0f s left\n", done, frames_, fps, left);
    }
  }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  using Clock = std::chrono::steady_clock;
  int frames_;
  bool tty_, lines_;
  pid_t parent_ = ::getppid();
  int printedTenths_ = 0;
  Clock::time_point start_ = Clock::now(), lastPrint_{};
};

}  // namespace

std::string formatProgressLine(const ExportProgress& p) {
  char line[96];
  std::snprintf(line, sizeof line, "frame %d/%d, %.1f fps, %.0f s left", p.done, p.total, p.fps, p.secondsLeft);
  return line;
}

std::optional<ExportProgress> parseProgressLine(const std::string& line) {
  ExportProgress p;
  if (std::sscanf(line.c_str(), "frame %d/%d, %lf fps, %lf s left", &p.done, &p.total, &p.fps, &p.secondsLeft) != 4)
    return std::nullopt;
  return p;
}

Result<ExportPlan> planExport(const CliOptions& options, const std::vector<Story>& stories) {
  if (stories.empty()) return Error{"--export needs --story NAME|FILE or --compare"};
  ExportPlan plan;
  std::error_code ec;
  std::string out = options.exportOut;
  const bool folderNamed = !out.empty() && out.back() == '/';
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  auto format = videoFormatFor(options.exportOut, fs::is_directory(out, ec));
  if (!format) return Error{format.error()};
  plan.format = format.value();
  plan.out = fs::absolute(out, ec).lexically_normal().string();
  const fs::path folder = fs::path(plan.out).parent_path();
  if (!fs::is_directory(folder, ec))
    return Error{"cannot write " + options.exportOut + ": the folder " + folder.string() + " does not exist"};
  if (::access(folder.c_str(), W_OK) != 0)
    return Error{"cannot write " + options.exportOut + ": the folder " + folder.string() + " is not writable"};
  if (plan.format == VideoFormat::PngFolder) {
    if (fs::exists(plan.out, ec) && !(fs::is_directory(plan.out, ec) && fs::is_empty(plan.out, ec)))
      return Error{"--export " + options.exportOut + ": give a new or empty folder for the PNG frames" +
                   (folderNamed ? "" : " (or a name ending in .mp4, .webm or .gif)")};
  }

  double duration = 0.0;
  for (const Story& s : stories) duration = std::max(duration, s.duration);
  plan.from = options.from.value_or(0.0);
  plan.to = options.to.value_or(duration);
  if (plan.from >= duration)
    return Error{"--from " + secondsText(plan.from) + " is past the end of the story (" + secondsText(duration) + ")"};
  if (plan.to > duration) {
    plan.notes.push_back("--to " + secondsText(plan.to) + " is past the end of the story; exporting to " +
                         secondsText(duration));
    plan.to = duration;
  }
  plan.fps = options.fps;
  plan.frames = exportFrameCount(plan.from, plan.to, plan.fps);
  if (plan.frames <= 0) return Error{"--from and --to leave no frame to export"};

  // The split view draws two equal panes side by side; yuv420p needs even sizes.
  const int panes = static_cast<int>(stories.size());
  int w = options.size.width, h = options.size.height;
  if (panes > 1) w = w / panes * panes;
  if (needsEvenSize(plan.format)) {
    if (w % 2) w -= panes;
    if (h % 2) h -= 1;
  }
  if (w < 2 * panes || h < 2) return Error{"--size " + sizeText(options.size.width, options.size.height) + " is too small to export"};
  if (w != options.size.width || h != options.size.height)
    plan.notes.push_back(std::string(needsEvenSize(plan.format) ? "this format needs even sizes" : "the split view needs equal panes") +
                         ": exporting " + sizeText(w, h) + " instead of " +
                         sizeText(options.size.width, options.size.height));
  plan.width = w;
  plan.height = h;
  plan.paneWidth = w / panes;

  plan.burnCaptions = options.captions == "burn" || options.captions == "both";
  if (options.captions == "vtt" || options.captions == "both")
    plan.captionsOut = (fs::path(plan.out).parent_path() / (fs::path(plan.out).stem().string() + ".vtt")).string();
  if (plan.format == VideoFormat::PngFolder && !plan.captionsOut.empty())
    plan.captionsOut = plan.out + ".vtt";
  plan.still = options.stillQuality;
  if (!options.audio.empty()) {
    if (plan.format == VideoFormat::Gif || plan.format == VideoFormat::PngFolder)
      return Error{"--audio: a " + std::string(videoFormatName(plan.format)) + " export has no sound; use .mp4 or .webm"};
    if (!std::ifstream(options.audio).good()) return Error{"--audio: cannot read " + options.audio};
    plan.audio = options.audio;
  }
  return plan;
}

namespace {

// One picture per story; all are composed with the lead story's camera, as the split view is.
struct ExportScene {
  Scene scene;
  Anatomy anatomy;
  std::vector<Story> stories;
};

Result<std::unique_ptr<ExportScene>> loadExportScene(const CliOptions& options) {
  auto scene = importModel(options);
  if (!scene) return Error{scene.error()};
  auto loaded = std::make_unique<ExportScene>();
  loaded->scene = std::move(scene.value());
  loaded->anatomy = Anatomy::of(loaded->scene);
  std::vector<std::string> names;
  if (options.compare) names = options.comparedStories;
  else names.push_back(options.story);
  for (const std::string& name : names) {
    auto story = loadStoryFor(name, loaded->scene, loaded->anatomy.parts);
    if (!story) return Error{"cannot load the story: " + story.error()};
    loaded->stories.push_back(std::move(story.value()));
  }
  return loaded;
}

// Pastes `pane` into `frame` at column x0 (frames and panes have the same height).
void paste(Image& frame, const Image& pane, int x0) {
  for (int y = 0; y < pane.height; ++y)
    std::copy_n(&pane.rgba[size_t(y) * pane.width * 4], size_t(pane.width) * 4,
                &frame.rgba[(size_t(y) * frame.width + x0) * 4]);
}

}  // namespace

Status runExport(const CliOptions& options) {
  auto loaded = loadExportScene(options);
  if (!loaded) return Error{loaded.error()};
  ExportScene& es = *loaded.value();
  auto planned = planExport(options, es.stories);
  if (!planned) return Error{planned.error()};
  const ExportPlan& plan = planned.value();
  for (const std::string& note : plan.notes) std::fprintf(stderr, "spineview: note: %s\n", note.c_str());

  std::optional<std::string> ffmpeg;
  if (plan.format != VideoFormat::PngFolder) {
    ffmpeg = findProgram("ffmpeg");
    if (!ffmpeg)
      return Error{"the ffmpeg program is not installed (on Debian: sudo apt install ffmpeg); "
                   "without it, export the frames as PNGs into a folder: --export FOLDER/"};
  }

  SnapshotRequest request = snapshotRequest(options);
  request.width = plan.paneWidth;
  request.height = plan.height;
  auto base = snapshotInputs(es.scene, es.anatomy, request);
  if (!base) return Error{base.error()};

  auto context = HeadlessContext::create();
  if (!context) return Error{"cannot export: " + context.error()};
  auto created = Renderer::create(options.shaderDir.empty() ? defaultShaderDir() : options.shaderDir);
  if (!created) return Error{created.error()};
  Renderer& renderer = *created.value();
  if (auto error = renderer.setScene(es.scene, es.anatomy.drawHints(es.scene))) return error;
  // Motion quality is the window's moving frame: on a software rasteriser single-sampled,
  // with simplified meshes and half-resolution translucency; still quality is its settled frame.
  const bool software = isSoftwareRenderer();
  const bool lod = !plan.still && software;
  if (lod) renderer.buildInteractiveLod(es.scene);
  const int samples = plan.still || !software ? request.settings.msaaSamples : 0;

  const int panes = static_cast<int>(es.stories.size());
  std::vector<std::unique_ptr<RenderTarget>> targets;
  for (int p = 0; p < panes; ++p) {
    targets.push_back(std::make_unique<RenderTarget>(RenderTarget::Kind::Offscreen, plan.paneWidth, plan.height, samples));
    if (!targets.back()->complete())
      return Error{"cannot allocate a " + sizeText(plan.paneWidth, plan.height) + " render target"};
  }
  // Captions and labels keep their size against the picture: the window's 18 px at 720 lines.
  const float uiScale = std::max(plan.height / 720.f, 0.5f);
  std::unique_ptr<HeadlessImGui> ui;
  std::vector<LabelOverlay> labels(static_cast<size_t>(panes));
  if (plan.burnCaptions || options.labels) {
    auto made = HeadlessImGui::create(plan.paneWidth, plan.height, uiScale);
    if (!made) return Error{"cannot draw the captions: " + made.error()};
    ui = std::move(made.value());
    if (!ui->scale().warning.empty()) std::fprintf(stderr, "spineview: note: %s\n", ui->scale().warning.c_str());
    if (options.labels)
      for (LabelOverlay& l : labels) l.setScene(es.scene, es.anatomy);
  }

  // Burnt-in captions cover the bottom of the picture: the story's framing keeps above them,
  // as in the window (which also leaves room for its story bar).
  float covered = 0.f;
  if (plan.burnCaptions)
    ui->measure([&] { covered = std::clamp(storyCaptionHeight(panes, ui->scale().caption) / plan.height, 0.f, 0.45f); });

  std::string captions;
  if (!plan.captionsOut.empty()) {
    std::vector<CaptionSource> sources;
    for (const Story& s : es.stories) sources.push_back({&s, panes > 1 ? s.title + ": " : std::string()});
    captions = webVtt(sources, plan.from, plan.to);
  }

  CancelOnSignal cancel;
  auto sinkMade = plan.format == VideoFormat::PngFolder ? PngFolderSink::start(plan)
                                                        : EncoderSink::start(*ffmpeg, plan);
  if (!sinkMade) return Error{sinkMade.error()};
  std::unique_ptr<FrameSink> sink = std::move(sinkMade.value());

  std::fprintf(stderr, "spineview: exporting %d frames (%.2f-%.2f s at %d fps, %s, %s quality) to %s\n", plan.frames,
               plan.from, plan.to, plan.fps, sizeText(plan.width, plan.height).c_str(), plan.still ? "still" : "motion",
               plan.out.c_str());
  Progress progress(plan.frames, options.progressLines);
  double firstFrameMiB = 0.0;  // memory after the first frame, against the end (stays flat)
  const float aspect = float(plan.paneWidth) / float(plan.height);
  Image frame;
  frame.width = plan.width;
  frame.height = plan.height;
  frame.rgba.assign(size_t(plan.width) * plan.height * 4, 0);
  for (int i = 0; i < plan.frames; ++i) {
    if (cancel.cancelled()) {
      if (::isatty(2)) std::fprintf(stderr, "\n");
      return Error{"export cancelled; nothing was written to " + plan.out, kExportCancelledExitCode};
    }
    const double t = exportFrameTime(plan.from, plan.fps, i);
    std::vector<StoryState> states;
    for (const Story& s : es.stories) states.push_back(evaluateStory(s, std::min(t, s.duration)));
    for (int p = 0; p < panes; ++p) {
      ViewInputs in = base.value();
      in.story = states[size_t(p)];
      in.settings.interactiveLod = lod;
      in.settings.halfResolutionTransparency = lod;
      if (options.view.empty())
        if (auto pose = storyCameraPose(states.front(), es.scene, es.anatomy, aspect)) {
          OrbitCamera camera;
          camera.setClipBounds(es.scene.worldBounds());
          placeStoryCamera(camera, states.front(), *pose, covered, float(plan.height));
          in.camera = camera.matrices(aspect);
        }
      const FrameState composed = composeFrame(es.scene, es.anatomy, in);
      RenderTarget& target = *targets[size_t(p)];
      renderer.render(composed, target);
      target.bindFinished();
      if (ui) {
        const glm::vec2 size(float(plan.paneWidth), float(plan.height));
        ui->draw(target, [&] {
          float captionTop = size.y;
          if (plan.burnCaptions)
            captionTop = drawCaptionBox(es.stories[size_t(p)], states[size_t(p)], 0, panes, size.x, size.y,
                                        ui->scale().caption);
          if (options.labels) {
            const LabelLayout& layout =
                labels[size_t(p)].update(composed, size, LabelRect{{0.f, 0.f}, {size.x, captionTop}}, uiScale);
            drawLabels(ImGui::GetForegroundDrawList(), layout, uiScale);
          }
        }, /*layoutPasses=*/1);
      }
      const Image pane = target.readPixels();
      if (pane.rgba.empty()) return Error{"cannot read the rendered frame back"};
      paste(frame, pane, p * plan.paneWidth);
    }
    if (auto error = sink->write(frame)) return Error{"cannot write " + plan.out + ": " + error->message};
    if (i == 0) firstFrameMiB = residentMiB();
    progress.update(i + 1);
  }
  if (auto error = sink->finish()) return Error{"cannot write " + plan.out + ": " + error->message};

  // The captions under a temporary name too, then both renamed: never a video without its
  // captions or a half-written file under the final name.
  std::optional<fs::path> captionsTemp;
  if (!plan.captionsOut.empty()) {
    auto written = writeTempFile(fs::path(plan.captionsOut).parent_path(), fs::path(plan.captionsOut).filename().string(), captions);
    if (!written) return Error{"cannot write " + plan.captionsOut + ": " + written.error()};
    captionsTemp = written.value();
    // A temporary file is private; the captions are shared like the video (0666 less umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    std::error_code ec;
    fs::permissions(*captionsTemp, static_cast<fs::perms>(0666 & ~mask), ec);
  }
  std::error_code ec;
  if (auto error = sink->commit(plan.out)) {
    if (captionsTemp) fs::remove(*captionsTemp, ec);
    return Error{"cannot write " + plan.out + ": " + error->message};
  }
  if (captionsTemp) {
    fs::rename(*captionsTemp, plan.captionsOut, ec);
    if (ec) return Error{"cannot write " + plan.captionsOut + ": " + ec.message()};
  }
  const double seconds = progress.seconds();
  std::printf("%s (%d frames, %s, %d fps, %s) in %.1f s, %.1f frames per second; memory %.1f MiB after the "
              "first frame, %.1f MiB at the end%s%s\n",
              plan.out.c_str(), plan.frames, sizeText(plan.width, plan.height).c_str(), plan.fps,
              videoFormatName(plan.format), seconds, plan.frames / std::max(seconds, 1e-6), firstFrameMiB,
              residentMiB(), plan.captionsOut.empty() ? "" : "; captions ", plan.captionsOut.c_str());
  return std::nullopt;
}

}  // namespace spineview::app
