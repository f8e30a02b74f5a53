// Draw-state warm-up. A GL driver may compile a program again for each combination of draw
// state it meets (blending, stencil, clip planes, samples, vertex layout), on the first draw
// that needs it: Mesa's llvmpipe does, and with a cold shader cache (the first run after Mesa
// is installed or updated) each takes 0.2 to 1 s. Left to first use, that lands mid-story as
// a frozen frame. The warm-up draws, into a small target, each moment at which a story's state
// changes (each story alone and the compared pair side by side, as they play) and the plain
// model with the user's x-ray and cut toggles, moving and still, and a tap; one probe at a
// time, so the window stays responsive between them. What the driver compiled then stays in
// its own cache; app/warm_up_record.h remembers that it was done.
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

#include "anatomy/anatomy.h"
#include "frame/compose.h"
#include "render/renderer.h"
#include "scene/scene.h"
#include "story/story.h"
#include "story/story_list.h"

namespace spineview {

// What the viewer can play on this model: each story in `entries` that loads for it, then the
// compared pair side by side when both do.
std::vector<std::vector<Story>> playableStories(const Scene& scene, const Anatomy& anatomy,
                                                const std::vector<StoryEntry>& entries);

class DrawStateWarmUp {
 public:
  // `plays`: what the viewer can play, each one story or a pair side by side. `scene` and
  // `anatomy` must outlive the warm-up. `software`: the window draws motion frames without
  // multisampling, with simplified meshes and half-size transparency (Renderer docs).
  DrawStateWarmUp(const Scene& scene, const Anatomy& anatomy,
                  const std::vector<std::vector<Story>>& plays, bool software);

  bool done() const { return next_ >= probes_.size(); }
  std::size_t probes() const { return probes_.size(); }
  // Draws the next probe and waits for the driver to finish it. True when the probe was a
  // tap, which replaces the renderer's node-id image (what Renderer::drawOutline reads).
  bool step(Renderer& renderer);
  void finish(Renderer& renderer) {
    while (!done()) step(renderer);
  }

 private:
  struct Probe {
    std::vector<ViewInputs> panes;  // one, or the two sides of the split view
    int samples = 0;
    bool motion = false;  // simplified meshes and half-size transparency
    bool pick = false;    // node ids and an outline instead of a shaded frame
  };
  void addPlay(const std::vector<Story>& stories, int motionSamples, bool software);
  void addToggles(int motionSamples, bool software);

  const Scene& scene_;
  const Anatomy& anatomy_;
  std::vector<Probe> probes_;
  std::size_t next_ = 0;
  std::unique_ptr<RenderTarget> targets_[2];  // without and with multisampling
};

}  // namespace spineview
