// Forward renderer for a software rasteriser first, a GPU second. The passes, in order:
//  1. the background where nothing will be drawn, without a depth test;
//  2. cutaway caps (stencil parity per closed surface, then a quad on the plane) and opaque
//     parts near to far, clipped by the cut plane (pass_caps.cpp, pass_draw.cpp);
//  3. translucent parts and their caps into order-independent transparency sums, then one
//     composite over the opaque image (pass_transparency.cpp);
//  4. the multisample resolve and, for a window target, the copy to the window.
// Picking draws node ids with the same passes (picking.cpp); scene_upload.cpp makes the GPU
// scene. Shading is linear HDR tone mapped in the fragment shader; the sRGB framebuffer encodes
// and blends in linear light. Every extra full-screen pass at 1280x800 costs llvmpipe 10-15 ms,
// hence one shading pass and scissored transparency. Per-frame state comes only from
// FrameState.
#include "render/renderer.h"

#include <cstdlib>
#include <glm/gtc/type_ptr.hpp>

#include "render/gl_check.h"
#include "render/renderer_impl.h"

namespace spineview {

using gpu::GpuMesh;
using gpu::GpuPrimitive;
using gpu::MeshInstance;

Renderer::Impl::~Impl() {
  clearScene();
  if (emptyVao) glDeleteVertexArrays(1, &emptyVao);
  releaseIdBuffer();
}

void Renderer::Impl::clearScene() {
  for (auto& mesh : meshes)
    for (auto& p : mesh.primitives) gpu::deletePrimitive(p);
  for (auto& [key, id] : textures) glDeleteTextures(1, &id);
  for (auto& inst : instances)
    for (GLuint b : inst.skin)
      if (b) glDeleteBuffers(1, &b);
  meshes.clear();
  textures.clear();
  materials.clear();
  instances.clear();
}

std::string defaultShaderDir() {
  if (const char* env = std::getenv("SPINEVIEW_SHADER_DIR"); env && *env) return env;
  return SPINEVIEW_SHADER_DIR;
}

Result<std::unique_ptr<Renderer>> Renderer::create(const std::string& shaderDir) {
  std::unique_ptr<Renderer> r(new Renderer);
  r->impl_ = std::make_unique<Impl>();
  // Everything but the scene's own variants is built now, so a broken shader shows at once.
  if (auto error = r->impl_->programs.build(shaderDir)) return *error;
  glGenVertexArrays(1, &r->impl_->emptyVao);
  return r;
}

Renderer::~Renderer() = default;

void Renderer::render(const FrameState& frame, RenderTarget& target) {
  stats_ = {};
  if (target.width() <= 0 || target.height() <= 0 || !target.complete()) return;  // minimised
  if (!target.ensureDrawBuffers()) return;
  Impl& d = *impl_;
  std::vector<Draw> opaque, translucent;
  d.classify(frame, opaque, translucent);

  glBindFramebuffer(GL_FRAMEBUFFER, target.drawFbo_);
  glViewport(0, 0, target.width(), target.height());
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_STENCIL_TEST);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask(GL_TRUE);
  glStencilMask(0xFF);
  glClearDepth(1.0);
  glClearStencil(0);
  glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);  // colour: the background pass covers it
  glEnable(GL_FRAMEBUFFER_SRGB);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);  // the background triangle sits exactly at the cleared depth 1.0
  glDisable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glEnable(GL_MULTISAMPLE);

  Impl::FrameContext ctx = d.beginFrame(frame, stats_, frame.settings.interactiveLod,
                                        target.width(), target.height());
  // The background first, over the whole frame without a depth test: on llvmpipe that costs
  // less than testing every pixel against the far plane after the opaque parts.
  glDisable(GL_DEPTH_TEST);
  glDepthMask(GL_FALSE);
  const ShaderProgram& background = d.programs.background;
  background.use();
  ctx.bound = &background;
  glUniform3fv(background.uniform("uBackgroundTop"), 1,
               glm::value_ptr(frame.settings.backgroundTop));
  glUniform3fv(background.uniform("uBackgroundBottom"), 1,
               glm::value_ptr(frame.settings.backgroundBottom));
  glBindVertexArray(d.emptyVao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glEnable(GL_DEPTH_TEST);
  glDepthMask(GL_TRUE);
  reportGlErrors("background pass");
  // Caps first: they are the nearest surfaces wherever the cut shows, so the parts behind
  // them fail the early depth test.
  for (const Draw& draw : opaque) d.drawCaps(ctx, draw, Pass::Opaque);
  for (const Draw& draw : opaque) d.drawInstance(ctx, draw, Pass::Opaque);
  reportGlErrors("opaque pass");
  d.drawTransparency(ctx, translucent, target);
  reportGlErrors("transparency pass");
  glDepthMask(GL_TRUE);
  glBindVertexArray(0);
  glDisable(GL_CULL_FACE);
  glDisable(GL_CLIP_DISTANCE0);
  glFrontFace(GL_CCW);

  // Resolve while sRGB is on, so samples are averaged in linear light; then leave GL as
  // others expect it (ImGui draws sRGB values as they are).
  target.finish();
  glDisable(GL_FRAMEBUFFER_SRGB);
  glUseProgram(0);
  glActiveTexture(GL_TEXTURE0);
  glDisable(GL_DEPTH_TEST);
  target.presentToWindow();
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  reportGlErrors("resolve and present");
}

bool isSoftwareRenderer() {
  const GLubyte* name = glGetString(GL_RENDERER);
  if (!name) return false;
  const std::string renderer = reinterpret_cast<const char*>(name);
  for (const char* software : {"llvmpipe", "softpipe", "SwiftShader", "Software Rasterizer"})
    if (renderer.find(software) != std::string::npos) return true;
  return false;
}

}  // namespace spineview
