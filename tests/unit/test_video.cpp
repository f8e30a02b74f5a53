// Video export's pure parts: which format a name asks for, how many frames a stretch has and
// when each is taken, ffmpeg's arguments, and the WebVTT captions.
#include <catch2/catch.hpp>
#include <string>

#include "story/story.h"
#include "video/video_format.h"
#include "video/webvtt.h"

using namespace spineview;

TEST_CASE("an export's name decides its format", "[video]") {
  CHECK(videoFormatFor("a/walk.mp4", false).value() == VideoFormat::Mp4);
  CHECK(videoFormatFor("walk.WEBM", false).value() == VideoFormat::WebM);
  CHECK(videoFormatFor("walk.gif", false).value() == VideoFormat::Gif);
  CHECK(videoFormatFor("frames/", false).value() == VideoFormat::PngFolder);
  CHECK(videoFormatFor("frames", false).value() == VideoFormat::PngFolder);
  CHECK(videoFormatFor("walk.mp4", true).value() == VideoFormat::PngFolder);  // an existing folder
  auto avi = videoFormatFor("walk.avi", false);
  REQUIRE_FALSE(avi);
  CHECK(avi.error().find(".avi") != std::string::npos);
  CHECK_FALSE(videoFormatFor("", false));
}

TEST_CASE("frames are taken at from + i / fps, ceil((to - from) * fps) of them", "[video]") {
  CHECK(exportFrameCount(0.0, 4.0, 30) == 120);
  CHECK(exportFrameCount(10.0, 11.5, 20) == 30);
  CHECK(exportFrameCount(0.0, 1.01, 30) == 31);
  CHECK(exportFrameCount(0.0, 0.01, 30) == 1);
  CHECK(exportFrameCount(5.0, 5.0, 30) == 0);
  CHECK(exportFrameCount(0.0, 90.0, 30) == 2700);
  CHECK(exportFrameTime(10.0, 20, 0) == 10.0);
  CHECK(exportFrameTime(10.0, 20, 29) == Approx(11.45));
}

TEST_CASE("ffmpeg reads raw RGBA frames and writes the asked format", "[video]") {
  auto joined = [](const std::vector<std::string>& a) {
    std::string s;
    for (const std::string& x : a) s += x + " ";
    return s;
  };
  const std::string mp4 = joined(ffmpegArguments(VideoFormat::Mp4, 1280, 720, 30, "/t/.x.part.mp4", std::nullopt));
  CHECK(mp4.find("-f rawvideo -pix_fmt rgba -s 1280x720 -framerate 30 -i pipe:0") != std::string::npos);
  CHECK(mp4.find("libx264") != std::string::npos);
  CHECK(mp4.find("-pix_fmt yuv420p") != std::string::npos);
  CHECK(mp4.find("+faststart") != std::string::npos);
  CHECK(mp4.find("-f mp4 /t/.x.part.mp4") != std::string::npos);  // the temporary name's format is explicit
  const std::string webm = joined(ffmpegArguments(VideoFormat::WebM, 640, 360, 25, "o.webm", std::string("n.wav")));
  CHECK(webm.find("libvpx-vp9") != std::string::npos);
  CHECK(webm.find("-i n.wav") != std::string::npos);
  CHECK(webm.find("libopus") != std::string::npos);
  const std::string gif = joined(ffmpegArguments(VideoFormat::Gif, 480, 300, 10, "o.gif", std::nullopt));
  CHECK(gif.find("palettegen") != std::string::npos);
  CHECK(gif.find("paletteuse") != std::string::npos);
  CHECK(needsEvenSize(VideoFormat::Mp4));
  CHECK_FALSE(needsEvenSize(VideoFormat::Gif));
}

TEST_CASE("WebVTT cues are the story's captions on the video's clock", "[video]") {
  CHECK(vttTimestamp(0.0) == "00:00:00.000");
  CHECK(vttTimestamp(3723.4567) == "01:02:03.457");
  Story story;
  story.duration = 20.0;
  story.captions = {{0.0, "One"}, {5.0, "Two <b> & -->"}, {12.0, "Three"}};
  const std::string whole = webVtt({{&story, ""}}, 0.0, 20.0);
  CHECK(whole.rfind("WEBVTT\n", 0) == 0);
  CHECK(whole.find("00:00:00.000 --> 00:00:05.000\nOne\n") != std::string::npos);
  CHECK(whole.find("00:00:05.000 --> 00:00:12.000\nTwo &lt;b&gt; &amp; --&gt;\n") != std::string::npos);
  CHECK(whole.find("00:00:12.000 --> 00:00:20.000\nThree\n") != std::string::npos);
  // From 6 s to 14 s: the second caption from 0, the third until the end, the first left out.
  const std::string part = webVtt({{&story, "T: "}}, 6.0, 14.0);
  CHECK(part.find("One") == std::string::npos);
  CHECK(part.find("1\n00:00:00.000 --> 00:00:06.000\nT: Two") != std::string::npos);
  CHECK(part.find("2\n00:00:06.000 --> 00:00:08.000\nT: Three") != std::string::npos);
}
