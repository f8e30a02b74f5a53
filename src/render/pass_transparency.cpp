// Translucent parts: weighted blended order-independent transparency (McGuire and Bavoil, JCGT
// 2013). Every translucent surface, front and back faces, adds its colour and coverage to two
// half-float sums in one geometry pass, limited to the translucent parts' screen rectangle;
// one composite lays the weighted average over the opaque image. Motion frames on a software
// rasteriser accumulate at half size against a nearest-sample copy of the opaque depth.
#include <glm/gtc/type_ptr.hpp>

#include "render/renderer_impl.h"

namespace spineview {

using gpu::GpuMesh;
using gpu::GpuPrimitive;
using gpu::MeshInstance;

void Renderer::Impl::drawTransparency(FrameContext& ctx, const std::vector<Draw>& translucent,
                                      RenderTarget& target) const {
  PixelRect translucentRect;
  glm::vec2 depthRange(1e9f, -1e9f);
  for (const Draw& draw : translucent) {
    const Bounds& b = draw.bounds;
    translucentRect.grow(screenRect(b, ctx.viewProjection, target.width(), target.height()));
    const float distance = -(ctx.frame.camera.view * glm::vec4(b.center(), 1.f)).z;
    depthRange.x = std::min(depthRange.x, distance - b.radius());
    depthRange.y = std::max(depthRange.y, distance + b.radius());
  }
  const bool half = ctx.frame.settings.halfResolutionTransparency && target.samples() == 0;
  const RenderTarget::TransparencyBuffers* sums =
      translucent.empty() || translucentRect.empty() ? nullptr : target.transparencyBuffers(half);
  if (!sums) return;
  ctx.transparencyDepthRange = {std::max(depthRange.x, ctx.frame.camera.nearPlane), depthRange.y};
  ctx.bound = nullptr;  // the depth range is a per-frame uniform set on first use
  PixelRect r = translucentRect;
  if (half) {
    // The opaque depth, one sample per 2x2 pixels, so the sums are tested against it.
    r = {r.x0 / 2, r.y0 / 2, (r.x1 + 1) / 2, (r.y1 + 1) / 2};
    glBindFramebuffer(GL_READ_FRAMEBUFFER, target.drawFbo_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, sums->fbo);
    glBlitFramebuffer(2 * r.x0, 2 * r.y0, std::min(2 * r.x1, target.width()),
                      std::min(2 * r.y1, target.height()), r.x0, r.y0, r.x1, r.y1,
                      GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT, GL_NEAREST);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, sums->fbo);
  glViewport(0, 0, sums->width, sums->height);
  ctx.viewport = {0, 0, sums->width, sums->height};
  glEnable(GL_SCISSOR_TEST);
  // The clear reaches one pixel further: llvmpipe (Mesa 22.3) leaves the first row and
  // column of a scissored clear of a multisampled float texture as they were.
  glScissor(r.x0 - 1, r.y0 - 1, r.x1 - r.x0 + 2, r.y1 - r.y0 + 2);
  const GLfloat clearAccum[] = {0.f, 0.f, 0.f, 1.f};  // alpha: nothing covers the pixel yet
  const GLfloat clearWeight[] = {0.f, 0.f, 0.f, 0.f};
  glClearBufferfv(GL_COLOR, 0, clearAccum);
  glClearBufferfv(GL_COLOR, 1, clearWeight);
  glScissor(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
  ctx.scissor = r;
  // Sums of colour and weight; the product of (1 - alpha) in the accumulation's alpha.
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_ONE, GL_ONE, GL_ZERO, GL_ONE_MINUS_SRC_ALPHA);
  glDepthMask(GL_FALSE);  // tested against the opaque image, never hiding each other
  for (const Draw& draw : translucent) drawInstance(ctx, draw, Pass::Transparency);
  for (const Draw& draw : translucent) drawCaps(ctx, draw, Pass::Transparency);

  // Composite over the opaque image.
  glBindFramebuffer(GL_FRAMEBUFFER, target.drawFbo_);
  glViewport(0, 0, target.width(), target.height());
  const PixelRect& full = translucentRect;
  glScissor(full.x0, full.y0, full.x1 - full.x0, full.y1 - full.y0);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const bool multisample = target.samples() > 0;
  const ShaderProgram& composite = multisample ? programs.compositeMultisample
                                   : half      ? programs.compositeHalf
                                               : programs.composite;
  composite.use();
  ctx.bound = &composite;
  const GLenum textureTarget = multisample ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D;
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(textureTarget, sums->accum);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(textureTarget, sums->weight);
  glUniform1i(composite.uniform("uAccum"), 0);
  glUniform1i(composite.uniform("uWeight"), 1);
  glUniform1i(composite.uniform("uSamples"), target.samples());
  glUniform2f(composite.uniform("uSumsScale"), 0.5f / static_cast<float>(sums->width),
              0.5f / static_cast<float>(sums->height));
  glBindVertexArray(emptyVao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindTexture(textureTarget, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(textureTarget, 0);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace spineview
