// Cutaway caps with the stencil parity method: a closed surface's clipped faces flip a stencil
// bit, an odd count means the cut plane is inside the surface there, and a quad on the plane is
// drawn only there, patterned by the part's cut surface (shaders/cap_surface.glsl). Inner
// surfaces first, implants nearest; each cap's passes are scissored to where the plane crosses
// that surface.
#include <array>
#include <cmath>
#include <glm/gtc/type_ptr.hpp>

#include "render/renderer_impl.h"

namespace spineview {

using gpu::GpuMesh;
using gpu::GpuPrimitive;
using gpu::MeshInstance;
namespace {

// Where a closed surface's section by the cut plane lands on screen: the bounds of the points
// where the plane crosses its triangle edges. A cap and its parity count can only be odd in
// there, so both passes are scissored to it: a nerve root cut across fills a few pixels, not
// its whole length. The whole viewport when a point is behind the camera.
PixelRect sectionRect(const std::vector<glm::vec3>& positions, const std::vector<unsigned>& indices,
                      const glm::mat4& world, const CutPlane& cut, const glm::mat4& viewProjection,
                      int width, int height) {
  const PixelRect all{0, 0, width, height};
  // The plane in the surface's local space: dot(n, W p + t) + o = dot(W^T n, p) + (n.t + o).
  const glm::vec3 normal = glm::transpose(glm::mat3(world)) * cut.normal;
  const float offset = glm::dot(cut.normal, glm::vec3(world[3])) + cut.offset;
  std::vector<float> distance(positions.size());
  for (size_t i = 0; i < positions.size(); ++i)
    distance[i] = glm::dot(normal, positions[i]) + offset;
  const glm::mat4 toClip = viewProjection * world;
  glm::vec2 lo(1e9f), hi(-1e9f);
  bool any = false;
  for (size_t t = 0; t + 2 < indices.size(); t += 3)
    for (int e = 0; e < 3; ++e) {
      const unsigned a = indices[t + e], b = indices[t + (e + 1) % 3];
      if (a >= positions.size() || b >= positions.size()) continue;
      const float da = distance[a], db = distance[b];
      if ((da < 0.f) == (db < 0.f)) continue;
      const glm::vec3 p = glm::mix(positions[a], positions[b], da / (da - db));
      const glm::vec4 clip = toClip * glm::vec4(p, 1.f);
      if (clip.w <= 1e-6f) return all;
      lo = glm::min(lo, glm::vec2(clip) / clip.w);
      hi = glm::max(hi, glm::vec2(clip) / clip.w);
      any = true;
    }
  return any ? pixelRectOf(lo, hi, width, height) : PixelRect{};
}

// A quad on the cut plane that covers the whole cross-section of `b` (the bounds' sphere).
std::array<glm::vec3, 4> capQuad(const Bounds& b, const CutPlane& cut) {
  const glm::vec3 n = cut.normal;
  const glm::vec3 centre = b.center() - n * cut.signedDistance(b.center());
  const glm::vec3 helper = std::abs(n.y) < 0.9f ? glm::vec3(0, 1, 0) : glm::vec3(1, 0, 0);
  const glm::vec3 u = glm::normalize(glm::cross(n, helper)) * (b.radius() * 1.01f);
  const glm::vec3 v = glm::normalize(glm::cross(n, u)) * (b.radius() * 1.01f);
  return {centre - u - v, centre + u - v, centre - u + v, centre + u + v};  // strip order
}

}  // namespace

bool Renderer::Impl::isCapped(const FrameContext& ctx, const Draw& draw) const {
  if (!ctx.capping || meshes[draw.instance->mesh].capOrder.empty()) return false;
  const glm::vec2 range = distanceRange(draw.bounds, ctx.frame.cut);
  return range.x < 0.f && range.y > 0.f;
}

// Caps one instance's cut: for each closed surface (inner first), a parity pass counts in
// the stencil how many of its clipped faces lie behind each pixel (odd: the plane is
// inside), then a quad on the plane is drawn where the count is odd and no inner surface
// of the same part was capped already (stencil bit 1). The last cap leaves the stencil 0.
void Renderer::Impl::drawCaps(FrameContext& ctx, const Draw& draw, Pass pass) const {
  const MeshInstance& inst = *draw.instance;
  if (!isCapped(ctx, draw)) return;
  const GpuMesh& mesh = meshes[inst.mesh];
  const CutPlane& cut = ctx.frame.cut;
  const glm::mat4& view = ctx.frame.camera.view;
  const auto corners = capQuad(draw.bounds, cut);
  const glm::vec3 towardCamera = glm::normalize(glm::mat3(view) * -cut.normal);

  PixelRect touched;  // where the stencil was written, cleared for the next part
  glEnable(GL_SCISSOR_TEST);
  glEnable(GL_STENCIL_TEST);
  glFrontFace(inst.mirrored ? GL_CW : GL_CCW);
  for (size_t k = 0; k < mesh.capOrder.size(); ++k) {
    const GpuPrimitive& p = mesh.primitives[mesh.capOrder[k]];
    const bool lod = ctx.lod && !p.lodIndices.empty();
    // Posed or morphed vertices are not the CPU copy: then the part's whole screen box.
    const bool moved = (ctx.posed && !inst.bonesUsed.empty()) || p.morphBuffers[0];
    const PixelRect section = intersect(
        ctx.scissor,
        moved ? screenRect(draw.bounds, ctx.viewProjection, ctx.viewport.x1, ctx.viewport.y1)
              : sectionRect(p.positions, lod ? p.lodIndices : p.indices, draw.world, cut,
                            ctx.viewProjection, ctx.viewport.x1, ctx.viewport.y1));
    // Off screen, or not crossed: nothing to cap, and the stencil stays clear.
    if (section.empty()) continue;
    touched.grow(section);
    glScissor(section.x0, section.y0, section.x1 - section.x0, section.y1 - section.y0);
    // Parity: every clipped face flips bit 0, whatever hides it.
    glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    glDepthMask(GL_FALSE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glStencilMask(0x01);
    glStencilFunc(GL_ALWAYS, 0, 0xFF);
    glStencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
    useProgram(ctx, programs.stencil());
    bindPlacement(ctx, programs.stencil(), draw, p);
    drawElements(ctx, p);

    // The cap, on the plane (not clipped by it), nudged toward the camera by priority so
    // that an implant's cap wins over the bone around it.
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(pass == Pass::Transparency ? GL_FALSE : GL_TRUE);
    glStencilMask(0xFF);
    glStencilFunc(GL_EQUAL, 0x01, 0x03);
    glStencilOp(GL_KEEP, GL_INCR, GL_INCR);  // 1 -> 2: capped here, outer surfaces skip it
    glDisable(GL_CLIP_DISTANCE0);
    glEnable(GL_POLYGON_OFFSET_FILL);
    glPolygonOffset(0.f, -8.f * static_cast<float>(3 - inst.capPriority));

    const ShaderProgram& program =
        pass == Pass::NodeIds
            ? programs.capNodeIds
            : programs.shading(gpu::kCap | (pass == Pass::Transparency ? gpu::kTransparency : 0));
    useProgram(ctx, program);
    glUniformMatrix4fv(program.uniform("uModelView"), 1, GL_FALSE, glm::value_ptr(view));
    glUniform3fv(program.uniform("uCapCorners"), 4, glm::value_ptr(corners[0]));
    glUniform3fv(program.uniform("uCapNormalView"), 1, glm::value_ptr(towardCamera));
    if (pass == Pass::NodeIds) {
      glUniform1ui(program.uniform("uNodeId"), static_cast<GLuint>(inst.node + 1));
    } else {
      bindMaterial(program, materialOf(p.material), draw.opacity);
      bindCapSurface(program, inst, mesh.capOrder[k]);
      glUniform1f(program.uniform("uGlow"), draw.style->glow);
      glUniform1f(program.uniform("uHeat"), draw.style->heat);
    }
    glBindVertexArray(emptyVao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    ++ctx.stats.drawCalls;
    ++ctx.stats.caps;

    glDisable(GL_POLYGON_OFFSET_FILL);
    glEnable(GL_CLIP_DISTANCE0);
  }
  glDisable(GL_STENCIL_TEST);
  glStencilMask(0xFF);
  if (!touched.empty()) {
    glScissor(touched.x0, touched.y0, touched.x1 - touched.x0, touched.y1 - touched.y0);
    glClear(GL_STENCIL_BUFFER_BIT);
  }
  const PixelRect& r = ctx.scissor;
  glScissor(r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
  if (r.x0 == 0 && r.y0 == 0 && r.x1 == ctx.viewport.x1 && r.y1 == ctx.viewport.y1)
    glDisable(GL_SCISSOR_TEST);
  glDepthFunc(GL_LEQUAL);
  glDepthMask(pass == Pass::Transparency ? GL_FALSE : GL_TRUE);
}

void Renderer::Impl::bindCapSurface(const ShaderProgram& program, const MeshInstance& inst,
                                    int primitive) const {
  const CutPattern pattern = inst.cutPatterns[static_cast<size_t>(primitive)];
  glUniform1i(program.uniform("uCapKind"), static_cast<int>(pattern));
  if (pattern != CutPattern::Lamellae) return;
  const RingSection& s = inst.rings;
  glUniform3fv(program.uniform("uSectionCentre"), 1, glm::value_ptr(s.centre));
  glUniform3fv(program.uniform("uSectionNormal"), 1, glm::value_ptr(s.normal));
  glUniform3fv(program.uniform("uSectionAnterior"), 1, glm::value_ptr(s.anteriorAxis));
  glUniform3fv(program.uniform("uSectionLeft"), 1, glm::value_ptr(s.leftAxis));
  glUniform1fv(program.uniform("uSectionOuter"), 72, s.outerRadius.data());
  glUniform1fv(program.uniform("uSectionInner"), 72, s.innerRadius.data());
  glUniform1i(program.uniform("uLamellae"), s.rings);
  glUniform1f(program.uniform("uFibreAngle"), glm::radians(s.fibreAngleDeg));
}

}  // namespace spineview
