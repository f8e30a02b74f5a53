// --export: a story (or the split view) as a video, without a display. Each frame is the one
// --render draws at the same story time: the same composer (frame/compose.h), the same
// renderer, taken at t = from + i / fps and never from a clock, so an export is
// deterministic. Captions are burnt in with the window's own caption box and written as a
// WebVTT file beside the video; frames go to Debian's ffmpeg program through a pipe
// (video/child_process.h), or to a folder of PNGs.
//
// Nothing half-written is ever left under the final name: the video (or the folder) and the
// captions are written under temporary names beside it and renamed at the end. Ctrl-C stops
// cleanly with exit code 130.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "core/result.h"
#include "story/story.h"
#include "video/video_format.h"

namespace spineview::app {

// Exit code of an export that Ctrl-C (SIGINT) or SIGTERM stopped, as shells report SIGINT.
inline constexpr int kExportCancelledExitCode = 130;

// What an export will write, decided before any frame is drawn.
struct ExportPlan {
  VideoFormat format = VideoFormat::Mp4;
  std::string out;        // the final path (a folder for PNG frames, without a trailing '/')
  std::string captionsOut;  // the WebVTT file beside it; empty when not asked for
  int width = 0, height = 0, paneWidth = 0;  // the split view draws two panes side by side
  double from = 0.0, to = 0.0;
  int fps = 30, frames = 0;
  bool burnCaptions = true, still = false;
  std::optional<std::string> audio;
  std::vector<std::string> notes;  // adjustments to tell the user about (an odd size rounded)
};

// How far an export is; with --progress-lines it reports this on standard error every 0.1 s
// as "frame N/M, R fps, S s left", which the window's Export dialog reads.
struct ExportProgress {
  int done = 0, total = 0;
  double fps = 0.0, secondsLeft = 0.0;
};
std::string formatProgressLine(const ExportProgress& progress);
std::optional<ExportProgress> parseProgressLine(const std::string& line);

// Checks the request against the loaded stories (the first one leads; the timeline is the
// longest story's, as in the window's split view) and what is on disk: the output's folder,
// a PNG folder that must be new or empty, the audio file. Needs no GL and no ffmpeg.
Result<ExportPlan> planExport(const CliOptions& options, const std::vector<Story>& stories);

// The whole --export path; errors come back for main to print (Error::exitCode 130 when
// cancelled). Prints a progress bar on a terminal and one line at the end.
Status runExport(const CliOptions& options);

}  // namespace spineview::app
