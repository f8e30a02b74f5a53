// What an export writes, decided from the output's name, and the ffmpeg command that encodes
// raw frames into it. The encoder is Debian's ffmpeg program, started as a child process
// (child_process.h); nothing links libavcodec.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace spineview {

enum class VideoFormat { Mp4, WebM, Gif, PngFolder };

// .mp4 (H.264, yuv420p, faststart), .webm (VP9), .gif (two-pass palette); a name ending in '/'
// or an existing folder, or one without an extension, is a folder of numbered PNG frames.
Result<VideoFormat> videoFormatFor(const std::string& out, bool isFolder);
const char* videoFormatName(VideoFormat format);

// Frames at t = from + i / fps for i < ceil((to - from) * fps), never from a clock.
int exportFrameCount(double from, double to, int fps);
double exportFrameTime(double from, int fps, int i);

// yuv420p halves the colour planes: MP4 and WebM need even sizes.
bool needsEvenSize(VideoFormat format);

// ffmpeg's arguments (argv without the program) reading raw RGBA frames of width x height at
// fps on standard input and writing `file` in `format` (given explicitly: the temporary name's
// extension does not say it); `audio`, when set, is muxed as the narration.
std::vector<std::string> ffmpegArguments(VideoFormat format, int width, int height, int fps,
                                         const std::string& file,
                                         const std::optional<std::string>& audio);

}  // namespace spineview
