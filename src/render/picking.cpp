// Picking: node ids rendered with the frame's camera, styles and cut, caps included, and read
// back; and the outline of one node drawn from that id image.
#include <cmath>
#include <glm/gtc/type_ptr.hpp>

#include "render/gl_check.h"
#include "render/renderer_impl.h"

namespace spineview {

using gpu::GpuMesh;
using gpu::GpuPrimitive;
using gpu::MeshInstance;

void Renderer::Impl::releaseIdBuffer() {
  if (idFbo) glDeleteFramebuffers(1, &idFbo);
  if (idTexture) glDeleteTextures(1, &idTexture);
  if (idDepth) glDeleteRenderbuffers(1, &idDepth);
  idFbo = idTexture = idDepth = 0;
  idWidth = idHeight = 0;
}

NodeIdImage Renderer::renderNodeIds(const FrameState& frame, int width, int height) {
  NodeIdImage image;
  if (width <= 0 || height <= 0) return image;
  Impl& d = *impl_;
  if (width != d.idWidth || height != d.idHeight) {
    d.releaseIdBuffer();
    glGenTextures(1, &d.idTexture);
    glBindTexture(GL_TEXTURE_2D, d.idTexture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32UI, width, height, 0, GL_RED_INTEGER, GL_UNSIGNED_INT,
                 nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, 0);
    glGenRenderbuffers(1, &d.idDepth);
    glBindRenderbuffer(GL_RENDERBUFFER, d.idDepth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, width, height);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    glGenFramebuffers(1, &d.idFbo);
    glBindFramebuffer(GL_FRAMEBUFFER, d.idFbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, d.idTexture, 0);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                              d.idDepth);
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    clearGlErrors("picking buffer allocation");
    if (!complete) {
      d.releaseIdBuffer();
      return image;
    }
    d.idWidth = width;
    d.idHeight = height;
  }

  RenderStats stats;
  std::vector<Draw> opaque, translucent;
  d.classify(frame, opaque, translucent);
  glBindFramebuffer(GL_FRAMEBUFFER, d.idFbo);
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_BLEND);
  glDisable(GL_FRAMEBUFFER_SRGB);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask(GL_TRUE);
  glStencilMask(0xFF);
  const GLuint nothing[] = {0, 0, 0, 0};
  glClearBufferuiv(GL_COLOR, 0, nothing);
  glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);

  Impl::FrameContext ctx = d.beginFrame(frame, stats, false, width, height);
  // Translucent parts first, nearest wins among them; then, on a fresh depth buffer, opaque
  // parts overwrite them wherever they are (see renderNodeIds in renderer.h).
  for (const Draw& draw : translucent) {
    d.drawCaps(ctx, draw, Pass::NodeIds);
    d.drawInstance(ctx, draw, Pass::NodeIds);
  }
  glClear(GL_DEPTH_BUFFER_BIT);
  for (const Draw& draw : opaque) d.drawCaps(ctx, draw, Pass::NodeIds);
  for (const Draw& draw : opaque) d.drawInstance(ctx, draw, Pass::NodeIds);

  reportGlErrors("picking pass");
  image.width = width;
  image.height = height;
  image.ids.resize(static_cast<size_t>(width) * height);
  glPixelStorei(GL_PACK_ALIGNMENT, 4);
  glReadPixels(0, 0, width, height, GL_RED_INTEGER, GL_UNSIGNED_INT, image.ids.data());
  glBindVertexArray(0);
  glDisable(GL_CULL_FACE);
  glDisable(GL_CLIP_DISTANCE0);
  glDisable(GL_DEPTH_TEST);
  glFrontFace(GL_CCW);
  glUseProgram(0);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);

  // GL's rows run bottom to top; images run top to bottom. Each node's screen rectangle is
  // kept (GL window coordinates) to limit the outline pass.
  std::vector<PixelRect> rects;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const std::uint32_t id = image.ids[static_cast<size_t>(y) * width + x];
      if (id == 0) continue;
      if (rects.size() <= id) rects.resize(id + 1);
      rects[id].grow(PixelRect{x, y, x + 1, y + 1});
    }
  d.idRects = std::move(rects);
  const size_t row = static_cast<size_t>(width);
  for (int y = 0; y < height / 2; ++y)
    std::swap_ranges(image.ids.begin() + y * row, image.ids.begin() + (y + 1) * row,
                     image.ids.begin() + (height - 1 - y) * row);
  return image;
}

void Renderer::drawOutline(int node, const glm::vec4& color, float widthPixels) {
  Impl& d = *impl_;
  const size_t id = static_cast<size_t>(node + 1);
  if (!d.idTexture || node < 0 || id >= d.idRects.size() || d.idRects[id].empty()) return;
  const PixelRect& r = d.idRects[id];
  const int margin = static_cast<int>(std::ceil(widthPixels)) + 1;
  GLint viewport[4];  // the picture may sit right of the framebuffer's edge (split view)
  glGetIntegerv(GL_VIEWPORT, viewport);
  glEnable(GL_SCISSOR_TEST);
  glScissor(viewport[0] + r.x0 - margin, viewport[1] + r.y0 - margin, r.x1 - r.x0 + 2 * margin,
            r.y1 - r.y0 + 2 * margin);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const ShaderProgram& program = d.programs.outline;
  program.use();
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, d.idTexture);
  glUniform1i(program.uniform("uNodeIds"), 0);
  glUniform1ui(program.uniform("uNodeId"), static_cast<GLuint>(id));
  glUniform1f(program.uniform("uWidth"), widthPixels);
  glUniform4fv(program.uniform("uColor"), 1, glm::value_ptr(color));
  glUniform2i(program.uniform("uOrigin"), viewport[0], viewport[1]);
  glBindVertexArray(d.emptyVao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glUseProgram(0);
  reportGlErrors("outline pass");
}

}  // namespace spineview
