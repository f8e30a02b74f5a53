// Fuzz target: a walkthrough recorded from any stream of what an educator can do in the window
// (turn, pan and zoom at any speed, pause, show, hide and fade layers, cut, add captions and
// chapters). Whatever was recorded, the file the app saves must read back as a story, write
// the same text again, and replay every camera pose it saw within the recorder's tolerance.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_check.h"
#include "story/recorder.h"
#include "story/story_writer.h"

using namespace spineview;

namespace {

struct Bytes {
  const std::uint8_t* at;
  std::size_t left;
  bool empty() const { return left == 0; }
  int next() {
    if (left == 0) return 0;
    --left;
    return *at++;
  }
  float signedUnit() { return (float(next()) - 127.5f) / 127.5f; }  // -1..1
};

// Typed text as ImGui hands it over: printable, and possibly a placeholder's braces.
std::string typedText(Bytes& in) {
  std::string text;
  for (int n = in.next() % 24; n > 0; --n) text += char(' ' + in.next() % 95);
  return text;
}

float yawDifferenceDeg(float a, float b) { return std::abs(std::remainder(a - b, 360.f)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in{data, size};
  const LayerTargets defaults = {{"layer:annulus", {true, 1.f}},
                                 {"layer:vertebra", {true, 1.f}},
                                 {"L4", {true, 1.f}},
                                 {"layer:ligament", {false, 1.f}}};
  WalkthroughRecorder recorder;
  recorder.start(defaults);
  RecordedFrame frame;
  frame.camera = {{0.f, 0.05f, 0.f}, 0.4f, 0.6f, 0.3f};
  frame.layers = defaults;
  std::vector<std::pair<double, CameraPose>> seen;
  double t = 0.0;
  while (!in.empty() && !recorder.full()) {
    const int op = in.next();
    CameraPose& c = frame.camera;
    switch (op % 8) {
      case 0: case 1: case 2:  // turn (up to a fifth of a turn in one frame), as the camera limits it
        c.yaw += in.signedUnit() * 1.25f;
        c.pitch = std::clamp(c.pitch + in.signedUnit() * 0.5f, -1.55f, 1.55f);
        break;
      case 3:  // zoom and pan
        c.distance = std::clamp(c.distance * std::exp(in.signedUnit()), 0.02f, 40.f);
        c.target += glm::vec3(in.signedUnit(), in.signedUnit(), in.signedUnit()) * 0.2f * c.distance;
        break;
      case 4: {  // a layer shown, hidden or faded
        auto it = std::next(frame.layers.begin(), in.next() % int(frame.layers.size()));
        it->second.visible = in.next() % 2;
        it->second.opacity = float(in.next()) / 255.f;
        break;
      }
      case 5: {  // a cut, or none
        const int kind = in.next() % 4;
        if (kind == 3) frame.cut.reset();
        else frame.cut = CutSpec{CutAxis(kind), std::round(in.signedUnit() * 400.f) / 10.f};
        break;
      }
      case 6: recorder.addCaption(t, typedText(in)); break;
      default: recorder.addChapter(t, typedText(in)); break;
    }
    // The next frame: a frame's time later (4 to 106 ms), or after a pause of up to 13 s.
    t += (op & 0x80) ? 0.05 + in.next() * 0.05 : 0.004 + in.next() * 0.0004;
    recorder.sample(t, frame);
    // The first frame is the story's start, whenever it came.
    if (t <= kMaxRecordingSeconds) seen.emplace_back(seen.empty() ? 0.0 : t, frame.camera);
  }

  auto story = recorder.finish("fuzz-recording", "Recorded", "{level}");
  if (!story) {
    FUZZ_CHECK(seen.empty(), "a recording with frames makes a story");
    return 0;
  }
  const std::string text = storyFileText(*story);
  auto read = parseStory(text, "recorded.json");
  if (!read) std::fprintf(stderr, "%s\n", read.error().c_str());
  FUZZ_CHECK(bool(read), "what the recorder saves reads back as a story");
  FUZZ_CHECK(storyFileText(read.value()) == text, "and writes the same text again");
  // Times are written to the millisecond, so a frame may replay up to half a millisecond early
  // or late: the tolerance grows by what the replay moves in that half millisecond.
  const Story& replay = read.value();
  for (const auto& [at, want] : seen) {
    const StoryState state = evaluateStory(replay, at);
    FUZZ_CHECK(state.pose.has_value(), "the camera is posed at every recorded moment");
    const StoryPose& got = *state.pose;
    float yawSlack = 0.f, pitchSlack = 0.f, distanceSlack = 0.f, targetSlack = 0.f;
    for (double shifted : {at - 0.0005, at + 0.0005}) {
      const StoryPose near = evaluateStory(replay, std::max(0.0, shifted)).pose.value_or(got);
      yawSlack = std::max(yawSlack, yawDifferenceDeg(near.yawDeg, got.yawDeg));
      pitchSlack = std::max(pitchSlack, std::abs(near.pitchDeg - got.pitchDeg));
      distanceSlack = std::max(distanceSlack, std::abs(near.distance - got.distance));
      targetSlack = std::max(targetSlack, glm::length(near.target - got.target));
    }
    FUZZ_CHECK(yawDifferenceDeg(got.yawDeg, glm::degrees(want.yaw)) < 0.35f + yawSlack,
               "yaw replays");
    FUZZ_CHECK(std::abs(got.pitchDeg - glm::degrees(want.pitch)) < 0.35f + pitchSlack,
               "pitch replays");
    FUZZ_CHECK(std::abs(got.distance - want.distance) < 0.003f * want.distance + distanceSlack,
               "distance replays");
    const glm::vec3 off = glm::abs(got.target - want.target);
    FUZZ_CHECK(std::max({off.x, off.y, off.z}) < 0.0016f * want.distance + 1e-5f + targetSlack,
               "target replays");
  }
  return 0;
}
