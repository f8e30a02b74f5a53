// The renderer's inside, shared by the files that draw its passes (renderer.h has the API and
// renderer.cpp the order of the passes): the GPU scene, the programs, and what one draw and
// one frame carry. Internal to src/render.
#pragma once
#include <glad/gl.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "render/gpu_scene.h"
#include "render/programs.h"
#include "render/renderer.h"
#include "render/screen_rect.h"

namespace spineview {

// What a pass writes: shaded colour, transparency sums, or node ids for picking.
enum class Pass { Opaque, Transparency, NodeIds };

// One visible instance in this frame.
struct Draw {
  const gpu::MeshInstance* instance;
  float opacity;
  float depth;      // view-space z of the bounds' centre: more negative = farther
  glm::mat4 world;  // the node's transform, moved by its style
  Bounds bounds;    // world bounds in this frame's pose
  const NodeStyle* style;
};

// The range of signed distances of a box to the cut plane.
inline glm::vec2 distanceRange(const Bounds& b, const CutPlane& cut) {
  const float centre = cut.signedDistance(b.center());
  const float reach = glm::dot(glm::abs(cut.normal), b.size() * 0.5f);
  return {centre - reach, centre + reach};
}

struct Renderer::Impl {
  Programs programs;
  GLuint emptyVao = 0;  // full-screen triangles and caps need a bound VAO but no buffers

  std::vector<gpu::GpuMesh> meshes;
  std::vector<Material> materials;
  std::map<std::pair<int, bool>, GLuint> textures;  // (scene texture, sRGB) -> GL texture
  std::vector<gpu::MeshInstance> instances;

  // The picking buffer, kept for drawOutline.
  GLuint idFbo = 0, idTexture = 0, idDepth = 0;
  int idWidth = 0, idHeight = 0;
  std::vector<PixelRect> idRects;  // by node index + 1: where that node is on screen

  // What every draw of one frame shares.
  struct FrameContext {
    const FrameState& frame;
    glm::mat4 viewProjection;
    glm::vec4 clipPlaneView{0.f};
    glm::vec2 transparencyDepthRange{0.f, 1.f};
    bool capping = false;  // cut on and the camera on the removed side
    bool lod = false;
    bool posed = false;  // some bone is not at rest: skinned parts use their bones
    PixelRect viewport;  // the whole target
    PixelRect scissor;   // what the current pass is limited to (viewport if nothing)
    const ShaderProgram* bound = nullptr;
    RenderStats& stats;
    std::vector<glm::mat4> bones;  // the frame's bone palette, padded to the programs' size
  };

  ~Impl();
  void clearScene();

  // pass_draw.cpp: classifying instances and drawing their surfaces.
  FrameContext beginFrame(const FrameState& frame, RenderStats& stats, bool lod, int width,
                          int height) const;
  void classify(const FrameState& frame, std::vector<Draw>& opaque,
                std::vector<Draw>& translucent) const;
  void useProgram(FrameContext& ctx, const ShaderProgram& program) const;
  GLuint texture(const TextureRef& ref, bool srgb) const;
  const Material& materialOf(int index) const;
  void bindMaterial(const ShaderProgram& p, const Material& m, float opacity) const;
  void bindPlacement(FrameContext& ctx, const ShaderProgram& program, const Draw& draw,
                     const gpu::GpuPrimitive& p) const;
  void drawElements(FrameContext& ctx, const gpu::GpuPrimitive& p) const;
  void drawInstance(FrameContext& ctx, const Draw& draw, Pass pass) const;

  // pass_caps.cpp: cutaway caps.
  bool isCapped(const FrameContext& ctx, const Draw& draw) const;
  void drawCaps(FrameContext& ctx, const Draw& draw, Pass pass) const;
  void bindCapSurface(const ShaderProgram& program, const gpu::MeshInstance& inst,
                      int primitive) const;

  // pass_transparency.cpp: the translucent parts into the sums, then the composite.
  void drawTransparency(FrameContext& ctx, const std::vector<Draw>& translucent,
                        RenderTarget& target) const;

  // picking.cpp
  void releaseIdBuffer();
};

}  // namespace spineview
