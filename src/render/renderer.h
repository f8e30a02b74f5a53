// The renderer: draws one FrameState into one RenderTarget. It knows no window system, no UI
// and nothing of the spine: a scene as glTF, what the draw hints add (scene/draw_hints.h) and
// per-node styles. The window, the headless PNG export and the tests all call the same render().
// Requires a current OpenGL 3.3 core context with glad loaded (see platform/).
#pragma once
#include <cstdint>
#include <glm/glm.hpp>
#include <memory>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "render/frame_state.h"
#include "scene/draw_hints.h"
#include "scene/scene.h"

namespace spineview {

// Where a frame goes. The target owns an sRGB colour + depth framebuffer (multisampled when
// samples > 0). Window targets copy the finished frame to the default framebuffer; Offscreen
// targets keep it for readback. A size of zero is allowed and draws nothing. Needs a current
// GL context for its whole life.
class RenderTarget {
 public:
  enum class Kind { Window, Offscreen };
  RenderTarget(Kind kind, int width, int height, int samples);
  ~RenderTarget();
  RenderTarget(const RenderTarget&) = delete;
  RenderTarget& operator=(const RenderTarget&) = delete;

  void resize(int width, int height);
  int width() const { return width_; }
  int height() const { return height_; }
  int samples() const { return samplesInUse_; }  // after clamping to GL_MAX_SAMPLES
  // False when the driver could not allocate the buffers (out of memory, size too large);
  // rendering into an incomplete target draws nothing.
  bool complete() const { return complete_; }
  Kind kind() const { return kind_; }
  Image readPixels() const;  // the finished frame, rows top to bottom (Offscreen targets)
  // Window targets: copies the last finished frame to the default framebuffer again (cheap),
  // for frames where only the UI over the scene changed.
  void presentToWindow() const;
  // Where a Window target's frame goes in the default framebuffer: pixels from its left edge
  // (the right half of a split view). 0 unless set.
  void setWindowOriginX(int x) { windowX_ = x; }
  int windowOriginX() const { return windowX_; }
  // Binds the single-sample framebuffer that holds the finished frame (sRGB colour, no depth)
  // and sets the viewport to it, so an overlay (labels, outline) can be drawn over the scene
  // after Renderer::render. GL_FRAMEBUFFER_SRGB is off at that point: bytes are written as is.
  void bindFinished() const;
  // Multisampled targets: frees the buffers a frame is drawn in (the samples, depth and
  // transparency sums, most of the target's memory), keeping the finished frame for the
  // calls above; the next render allocates them again. The window does this after each still
  // frame, so the split view's two still targets never hold two sets at once.
  void releaseDrawBuffers();
  bool holdsDrawBuffers() const { return drawFbo_ != 0; }

 private:
  friend class Renderer;
  void allocate();
  void allocateDrawBuffers();
  bool ensureDrawBuffers();  // after releaseDrawBuffers; false when they cannot be allocated
  void release();
  void finish() const;  // resolves the samples of a multisampled target
  // The transparency sums (allocated on first use: a frame without translucent layers never
  // pays for them). At full size they are multisampled like the draw framebuffer and share
  // its depth and stencil; at half size (motion frames, single-sampled targets only) they
  // have their own, a copy of the opaque depth.
  struct TransparencyBuffers {
    unsigned fbo = 0, accum = 0, weight = 0, depth = 0;
    int width = 0, height = 0;
  };
  const TransparencyBuffers* transparencyBuffers(bool half);
  void releaseTransparency(TransparencyBuffers& buffers);
  Kind kind_;
  int width_ = 0, height_ = 0, samples_ = 0, samplesInUse_ = 0;
  int windowX_ = 0;
  bool complete_ = false;
  unsigned drawFbo_ = 0, drawColor_ = 0, drawDepth_ = 0;  // the scene is drawn here
  unsigned resolveFbo_ = 0, resolveColor_ = 0;            // single-sample copy when multisampled
  TransparencyBuffers oitFull_, oitHalf_;
};

struct RenderStats {
  int drawCalls = 0;
  std::size_t triangles = 0;
  int caps = 0;  // cut surfaces drawn
};

// Which node covers each pixel of a frame: what picking reads. Exact: it is rendered with the
// frame's camera, styles and cut (hidden and cut-away parts are not there, caps are).
struct NodeIdImage {
  int width = 0, height = 0;
  std::vector<std::uint32_t> ids;  // node index + 1, 0 where nothing; rows top to bottom
  // The node at pixel (x, y) from the top-left corner, or -1 for nothing / outside.
  int nodeAt(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) return -1;
    return static_cast<int>(ids[static_cast<size_t>(y) * width + x]) - 1;
  }
};

class Renderer {
 public:
  // Compiles the shaders from shaderDir; the error names the shader file and holds the log.
  static Result<std::unique_ptr<Renderer>> create(const std::string& shaderDir);
  ~Renderer();

  // Uploads a scene (replacing the previous one) with what the hints add to glTF, and builds
  // the shader variants it needs (a failure names the shader file). Textures and buffers stay
  // on the GPU until the next setScene or destruction.
  Status setScene(const Scene& scene, const DrawHints& hints = {});
  // Builds a simplified index buffer (about `keepShare` of the triangles, same vertices and
  // normals) for every primitive of `scene`, which must be the scene last given to setScene.
  // Takes tens of milliseconds, so callers run it after the first frame is shown.
  void buildInteractiveLod(const Scene& scene, float keepShare = 0.25f);
  void render(const FrameState& frame, RenderTarget& target);
  const RenderStats& lastStats() const { return stats_; }

  // Renders which node covers each pixel of `frame` at width x height (full detail, whatever
  // settings.interactiveLod says). Where opaque and translucent parts overlap, the opaque part
  // is picked: in an x-ray view a tap on a nerve seen through bone names the nerve; elsewhere
  // the nearest translucent part is picked. Keeps the result on the GPU for drawOutline.
  NodeIdImage renderNodeIds(const FrameState& frame, int width, int height);
  // Draws an outline around `node` as seen in the last renderNodeIds, into the framebuffer and
  // viewport bound now (same size as that image), blended over what is there. `color` is in
  // display (sRGB) values with straight alpha.
  void drawOutline(int node, const glm::vec4& color, float widthPixels);

 private:
  Renderer() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  RenderStats stats_;
};

// The shader directory: SPINEVIEW_SHADER_DIR from the environment, else the configured one.
std::string defaultShaderDir();

// True on a CPU rasteriser (Mesa llvmpipe/softpipe, SwiftShader), where multisampling costs
// more than a frame budget; needs a current context.
bool isSoftwareRenderer();

}  // namespace spineview
