#include <glad/gl.h>

#include <algorithm>

#include "render/gl_check.h"
#include "render/renderer.h"

namespace spineview {

RenderTarget::RenderTarget(Kind kind, int width, int height, int samples)
    : kind_(kind), samples_(std::max(samples, 0)) {
  resize(width, height);
}

RenderTarget::~RenderTarget() { release(); }

void RenderTarget::resize(int width, int height) {
  width = std::max(width, 0);
  height = std::max(height, 0);
  // Allocated, or holding a picture with its draw buffers released: nothing to do.
  if (width == width_ && height == height_ && (drawFbo_ || resolveFbo_ || width == 0 || height == 0))
    return;
  release();
  width_ = width;
  height_ = height;
  if (width_ > 0 && height_ > 0) allocate();  // a minimised window owns no buffers
}

void RenderTarget::allocate() {
  GLint maxSamples = 0;
  glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
  samplesInUse_ = std::min(samples_, static_cast<int>(maxSamples));

  allocateDrawBuffers();
  if (samplesInUse_ > 0) {
    // Multisampled colour is resolved into a single-sample buffer of the same format (a blit
    // between different formats is not allowed from a multisampled source).
    glGenFramebuffers(1, &resolveFbo_);
    glGenRenderbuffers(1, &resolveColor_);
    glBindRenderbuffer(GL_RENDERBUFFER, resolveColor_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_SRGB8_ALPHA8, width_, height_);
    glBindFramebuffer(GL_FRAMEBUFFER, resolveFbo_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              resolveColor_);
  }
  glBindRenderbuffer(GL_RENDERBUFFER, 0);

  auto isComplete = [](GLuint fbo) {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    return glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  };
  complete_ = isComplete(drawFbo_) && (!resolveFbo_ || isComplete(resolveFbo_));
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  // An allocation failure is reported through complete() (and, in debug builds, here).
  clearGlErrors("render target allocation");
}

void RenderTarget::allocateDrawBuffers() {
  // sRGB colour: the framebuffer encodes on write and blends in linear light, which costs far
  // less than an extra full-screen encoding pass on a software rasteriser.
  glGenFramebuffers(1, &drawFbo_);
  glGenRenderbuffers(1, &drawColor_);
  glGenRenderbuffers(1, &drawDepth_);
  glBindRenderbuffer(GL_RENDERBUFFER, drawColor_);
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, samplesInUse_, GL_SRGB8_ALPHA8, width_,
                                   height_);
  glBindRenderbuffer(GL_RENDERBUFFER, drawDepth_);
  glRenderbufferStorageMultisample(GL_RENDERBUFFER, samplesInUse_, GL_DEPTH24_STENCIL8, width_,
                                   height_);
  glBindFramebuffer(GL_FRAMEBUFFER, drawFbo_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, drawColor_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                            drawDepth_);
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
}

bool RenderTarget::ensureDrawBuffers() {
  if (drawFbo_) return true;
  allocateDrawBuffers();
  glBindFramebuffer(GL_FRAMEBUFFER, drawFbo_);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  clearGlErrors("render target allocation");
  if (!ok) release();  // incomplete, picture and all: the next resize allocates again
  return ok;
}

void RenderTarget::releaseDrawBuffers() {
  if (!resolveFbo_) return;  // single-sampled: the draw buffers hold the finished frame
  auto deleteRbo = [](unsigned& rbo) { if (rbo) glDeleteRenderbuffers(1, &rbo); rbo = 0; };
  if (drawFbo_) glDeleteFramebuffers(1, &drawFbo_);
  drawFbo_ = 0;
  deleteRbo(drawColor_);
  deleteRbo(drawDepth_);
  releaseTransparency(oitFull_);
  releaseTransparency(oitHalf_);
}

void RenderTarget::release() {
  complete_ = false;
  auto deleteFbo = [](unsigned& fbo) { if (fbo) glDeleteFramebuffers(1, &fbo); fbo = 0; };
  auto deleteRbo = [](unsigned& rbo) { if (rbo) glDeleteRenderbuffers(1, &rbo); rbo = 0; };
  deleteFbo(drawFbo_);
  deleteRbo(drawColor_);
  deleteRbo(drawDepth_);
  deleteFbo(resolveFbo_);
  deleteRbo(resolveColor_);
  releaseTransparency(oitFull_);
  releaseTransparency(oitHalf_);
}

const RenderTarget::TransparencyBuffers* RenderTarget::transparencyBuffers(bool half) {
  half = half && samplesInUse_ == 0;
  TransparencyBuffers& b = half ? oitHalf_ : oitFull_;
  if (b.fbo) return &b;
  if (!complete_) return nullptr;
  const int samples = half ? 0 : samplesInUse_;
  b.width = half ? (width_ + 1) / 2 : width_;
  b.height = half ? (height_ + 1) / 2 : height_;
  const GLenum textureTarget = samples > 0 ? GL_TEXTURE_2D_MULTISAMPLE : GL_TEXTURE_2D;
  auto makeTexture = [&](GLenum format) {
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(textureTarget, texture);
    if (samples > 0) {
      glTexImage2DMultisample(textureTarget, samples, format, b.width, b.height, GL_TRUE);
    } else {
      glTexImage2D(textureTarget, 0, format, b.width, b.height, 0, GL_RGBA, GL_FLOAT, nullptr);
      // Half-size sums are filtered up to the frame when composited.
      const GLint filter = half ? GL_LINEAR : GL_NEAREST;
      glTexParameteri(textureTarget, GL_TEXTURE_MIN_FILTER, filter);
      glTexParameteri(textureTarget, GL_TEXTURE_MAG_FILTER, filter);
      glTexParameteri(textureTarget, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(textureTarget, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindTexture(textureTarget, 0);
    return texture;
  };
  // Half floats: colour sums stay well below 65504 with the weights pbr.frag uses.
  b.accum = makeTexture(GL_RGBA16F);
  b.weight = makeTexture(GL_R16F);
  GLuint depth = drawDepth_;
  if (half) {
    glGenRenderbuffers(1, &b.depth);
    glBindRenderbuffer(GL_RENDERBUFFER, b.depth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, b.width, b.height);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    depth = b.depth;
  }
  glGenFramebuffers(1, &b.fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, b.fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, textureTarget, b.accum, 0);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, textureTarget, b.weight, 0);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, depth);
  const GLenum buffers[] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, buffers);
  const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  clearGlErrors("transparency buffer allocation");
  if (!ok) releaseTransparency(b);
  return ok ? &b : nullptr;
}

void RenderTarget::releaseTransparency(TransparencyBuffers& b) {
  if (b.fbo) glDeleteFramebuffers(1, &b.fbo);
  for (unsigned* texture : {&b.accum, &b.weight})
    if (*texture) glDeleteTextures(1, texture);
  if (b.depth) glDeleteRenderbuffers(1, &b.depth);
  b = {};
}

void RenderTarget::finish() const {
  if (!resolveFbo_) return;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, drawFbo_);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolveFbo_);
  glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
}

void RenderTarget::presentToWindow() const {
  if (kind_ != Kind::Window || !complete_) return;
  // The bytes are already sRGB-encoded: copy them unchanged (GL_FRAMEBUFFER_SRGB is off).
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolveFbo_ ? resolveFbo_ : drawFbo_);
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, 0);
  glBlitFramebuffer(0, 0, width_, height_, windowX_, 0, windowX_ + width_, height_,
                    GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void RenderTarget::bindFinished() const {
  glBindFramebuffer(GL_FRAMEBUFFER, resolveFbo_ ? resolveFbo_ : drawFbo_);
  glViewport(0, 0, width_, height_);
}

Image RenderTarget::readPixels() const {
  Image image;
  if (kind_ != Kind::Offscreen || !complete_) return image;
  image.width = width_;
  image.height = height_;
  image.rgba.resize(static_cast<size_t>(width_) * height_ * 4);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, resolveFbo_ ? resolveFbo_ : drawFbo_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  // GL's rows run bottom to top; images run top to bottom.
  const size_t rowBytes = static_cast<size_t>(width_) * 4;
  for (int y = 0; y < height_ / 2; ++y)
    std::swap_ranges(image.rgba.begin() + y * rowBytes, image.rgba.begin() + (y + 1) * rowBytes,
                     image.rgba.begin() + (height_ - 1 - y) * rowBytes);
  return image;
}

}  // namespace spineview
