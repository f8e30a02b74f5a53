#include "video/video_format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>

namespace spineview {

Result<VideoFormat> videoFormatFor(const std::string& out, bool isFolder) {
  if (out.empty()) return Error{"--export needs a file name or a folder"};
  if (isFolder || out.back() == '/') return VideoFormat::PngFolder;
  std::string ext = std::filesystem::path(out).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext.empty()) return VideoFormat::PngFolder;
  if (ext == ".mp4") return VideoFormat::Mp4;
  if (ext == ".webm") return VideoFormat::WebM;
  if (ext == ".gif") return VideoFormat::Gif;
  return Error{"--export " + out + ": unknown format '" + ext +
               "'; use .mp4, .webm, .gif or a folder for PNG frames"};
}

const char* videoFormatName(VideoFormat format) {
  switch (format) {
    case VideoFormat::Mp4: return "MP4 (H.264)";
    case VideoFormat::WebM: return "WebM (VP9)";
    case VideoFormat::Gif: return "GIF";
    case VideoFormat::PngFolder: return "PNG frames";
  }
  return "";
}

int exportFrameCount(double from, double to, int fps) {
  if (!(to > from) || fps <= 0) return 0;
  // A hair under a whole frame count is that count: 4.0 s at 30 fps is 120 frames, not 121.
  return static_cast<int>(std::ceil((to - from) * fps - 1e-9));
}

double exportFrameTime(double from, int fps, int i) { return from + static_cast<double>(i) / fps; }

bool needsEvenSize(VideoFormat format) {
  return format == VideoFormat::Mp4 || format == VideoFormat::WebM;
}

std::vector<std::string> ffmpegArguments(VideoFormat format, int width, int height, int fps,
                                         const std::string& file,
                                         const std::optional<std::string>& audio) {
  std::vector<std::string> a = {"-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                                "-f", "rawvideo", "-pix_fmt", "rgba",
                                "-s", std::to_string(width) + "x" + std::to_string(height),
                                "-framerate", std::to_string(fps), "-i", "pipe:0"};
  const bool sound = audio && format != VideoFormat::Gif;
  if (sound) a.insert(a.end(), {"-i", *audio, "-map", "0:v", "-map", "1:a", "-shortest"});
  switch (format) {
    case VideoFormat::Mp4:
      a.insert(a.end(), {"-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt",
                         "yuv420p", "-movflags", "+faststart"});
      if (sound) a.insert(a.end(), {"-c:a", "aac", "-b:a", "160k"});
      a.insert(a.end(), {"-f", "mp4"});
      break;
    case VideoFormat::WebM:
      // Constant quality; realtime speed settings keep VP9 near the frame rate on two cores.
      a.insert(a.end(), {"-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-deadline", "realtime",
                         "-cpu-used", "8", "-row-mt", "1", "-pix_fmt", "yuv420p"});
      if (sound) a.insert(a.end(), {"-c:a", "libopus", "-b:a", "128k"});
      a.insert(a.end(), {"-f", "webm"});
      break;
    case VideoFormat::Gif:
      // Two passes in one graph: a palette made from all frames, then the frames mapped to it.
      a.insert(a.end(), {"-filter_complex",
                         "[0:v]split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a",
                         "-f", "gif"});
      break;
    case VideoFormat::PngFolder:
      break;
  }
  a.push_back(file);
  return a;
}

}  // namespace spineview
