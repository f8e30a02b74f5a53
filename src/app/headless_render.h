// The --render path: import, check the request, compose each picture's frame through the one
// frame composer (frame/compose.h: the same inputs give the same frame as in the window), then
// render, outline picks, draw labels and write the PNG. Also the --view helper the window
// shares with it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "anatomy/anatomy.h"
#include "anatomy/layers.h"
#include "app/cli.h"
#include "camera/orbit_camera.h"
#include "core/result.h"
#include "frame/snapshot.h"
#include "story/story.h"

namespace spineview::app {

// The snapshot request the command line asks for (no --view: the model's opening view).
SnapshotRequest snapshotRequest(const CliOptions& options);

// Resolves --view; empty when none was given (each model opens in its own view).
Result<std::optional<NamedView>> resolveView(const std::string& name);

// One picture of a headless render: the story shown in it (if any) at --at, and its frame.
struct HeadlessPicture {
  std::optional<Story> story;
  StoryState state;
  FrameState frame;
};

// The pictures the options ask for: the model alone, one story, or the compared stories side
// by side, each `width` wide. The inputs are those of the snapshot (--hide, --preset, --cut
// and the view's framing); a story adds its state at --at and, unless --view is given, its
// camera (side by side: the left story's, as in the window). Needs no GL.
Result<std::vector<HeadlessPicture>> headlessPictures(const CliOptions& options, const Scene& scene,
                                                      const Anatomy& anatomy, int width,
                                                      int height);

// The whole --render path. The model is read and the frames composed while GL starts on
// another thread; a bad file, view, layer or story is reported before any GL failure. Errors
// come back for main to print. A written PNG ends the process here (exit code 0, after one
// line on stdout: path, size, time) without tearing down; --pick and --dump-state without a
// PNG return.
Status runRender(const CliOptions& options);

}  // namespace spineview::app
