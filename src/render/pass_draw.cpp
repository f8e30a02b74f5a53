// Drawing instances: which are visible and translucent this frame, their programs, materials
// and placement (node transform, morph weight, skin), and their surfaces in any pass.
#include <algorithm>
#include <glm/gtc/type_ptr.hpp>

#include "render/renderer_impl.h"

namespace spineview {

using gpu::GpuMesh;
using gpu::GpuPrimitive;
using gpu::MeshInstance;
namespace {

// A file's points as dots that read at any size (glTF leaves their size to the viewer).
constexpr float kPointSizePx = 4.f;

// glTF's default material: white, fully rough dielectric.
Material defaultMaterial() {
  Material m;
  m.metallic = 0.f;
  m.roughness = 1.f;
  return m;
}

}  // namespace

Renderer::Impl::FrameContext Renderer::Impl::beginFrame(const FrameState& frame, RenderStats& stats,
                                                        bool lod, int width, int height) const {
  const PixelRect viewport{0, 0, width, height};
  FrameContext ctx{frame,
                   frame.camera.projection * frame.camera.view,
                   glm::vec4(0.f),
                   glm::vec2(0.f, 1.f),
                   false,
                   lod,
                   isPosed(frame.bones),
                   viewport,
                   viewport,
                   nullptr,
                   stats,
                   {}};
  // The palette as the shader declares it: bones the frame does not give rest.
  ctx.bones.assign(size_t(programs.boneCount()), glm::mat4(1.f));
  std::copy_n(frame.bones.begin(), std::min(frame.bones.size(), ctx.bones.size()),
              ctx.bones.begin());
  if (frame.cut.enabled) {
    // A plane transforms with the inverse transpose of the point transform.
    ctx.clipPlaneView = glm::transpose(glm::inverse(frame.camera.view)) *
                        glm::vec4(frame.cut.normal, frame.cut.offset);
    ctx.capping = frame.cut.signedDistance(frame.camera.eye) < 0.f;
    glEnable(GL_CLIP_DISTANCE0);
  } else {
    glDisable(GL_CLIP_DISTANCE0);
  }
  return ctx;
}

// Visible instances split into opaque and translucent; hidden parts and parts wholly on the
// removed side of the cut cost nothing.
void Renderer::Impl::classify(const FrameState& frame, std::vector<Draw>& opaque,
                              std::vector<Draw>& translucent) const {
  const glm::mat4& view = frame.camera.view;
  const bool posed = isPosed(frame.bones);
  for (const MeshInstance& inst : instances) {
    const NodeStyle& style = styleOf(frame, inst.node);
    if (!isDrawn(style)) continue;
    const float opacity = std::min(style.opacity, 1.f);
    const glm::mat4 world = style.offset * inst.world;
    Bounds bounds = style.offset == glm::mat4(1.f) ? inst.worldBounds
                                                   : inst.worldBounds.transformed(style.offset);
    if (posed && !inst.bonesUsed.empty()) {
      // Blended vertices lie between their bones' images, inside the union of the boxes.
      Bounds moved;
      for (int b : inst.bonesUsed)
        moved.grow(bounds.transformed(size_t(b) < frame.bones.size() ? frame.bones[size_t(b)]
                                                                     : glm::mat4(1.f)));
      bounds = moved;
    }
    if (frame.cut.enabled && distanceRange(bounds, frame.cut).y < 0.f) continue;
    bool blended = isTranslucent(style, frame.settings);
    for (const GpuPrimitive& p : meshes[inst.mesh].primitives)
      if (materialOf(p.material).alphaMode == AlphaMode::Blend) blended = true;
    const float depth = (view * glm::vec4(bounds.center(), 1.f)).z;
    (blended ? translucent : opaque).push_back({&inst, opacity, depth, world, bounds, &style});
  }
  // Opaque near to far, so hidden surfaces fail the early depth test before they are shaded
  // (on a software rasteriser shading is most of the frame).
  std::sort(opaque.begin(), opaque.end(),
            [](const Draw& a, const Draw& b) { return a.depth > b.depth; });
}

// Per-frame uniforms are set when a program is first used in the frame.
void Renderer::Impl::useProgram(FrameContext& ctx, const ShaderProgram& program) const {
  if (ctx.bound == &program) return;
  program.use();
  ctx.bound = &program;
  const CameraMatrices& camera = ctx.frame.camera;
  const glm::vec3 upView = glm::normalize(glm::mat3(camera.view) * glm::vec3(0, 1, 0));
  glUniformMatrix4fv(program.uniform("uProjection"), 1, GL_FALSE,
                     glm::value_ptr(camera.projection));
  glUniform3fv(program.uniform("uUpView"), 1, glm::value_ptr(upView));
  glUniform1f(program.uniform("uExposure"), ctx.frame.settings.exposure);
  glUniform4fv(program.uniform("uClipPlaneView"), 1, glm::value_ptr(ctx.clipPlaneView));
  glUniform2fv(program.uniform("uOitDepthRange"), 1, glm::value_ptr(ctx.transparencyDepthRange));
  glUniform1i(program.uniform("uFluoroscopy"), ctx.frame.settings.fluoroscopy);
}

GLuint Renderer::Impl::texture(const TextureRef& ref, bool srgb) const {
  auto it = textures.find({ref.texture, srgb});
  return it != textures.end() ? it->second : 0;
}

const Material& Renderer::Impl::materialOf(int index) const {
  static const Material fallback = defaultMaterial();
  return index >= 0 && index < static_cast<int>(materials.size()) ? materials[index] : fallback;
}

void Renderer::Impl::bindMaterial(const ShaderProgram& p, const Material& m, float opacity) const {
  glUniform4fv(p.uniform("uBaseColor"), 1, glm::value_ptr(m.baseColor));
  glUniform1f(p.uniform("uMetallic"), m.metallic);
  glUniform1f(p.uniform("uRoughness"), m.roughness);
  glUniform3fv(p.uniform("uEmissive"), 1, glm::value_ptr(m.emissive));
  glUniform1f(p.uniform("uNormalScale"), m.normalTexture.scale);
  glUniform1f(p.uniform("uOcclusionStrength"), m.occlusionTexture.scale);
  glUniform1f(p.uniform("uAlphaCutoff"), m.alphaCutoff);
  // BLEND materials take alpha from the base colour (factor, texture and vertex colour);
  // others are opaque unless their layer is faded.
  glUniform1i(p.uniform("uBlend"), m.alphaMode == AlphaMode::Blend);
  glUniform1f(p.uniform("uOpacity"), opacity);

  struct Slot {
    const TextureRef& ref;
    bool srgb;
    const char* sampler;
    const char* flag;
  };
  const Slot slots[] = {
      {m.baseColorTexture, true, "uBaseColorTex", "uHasBaseColorTex"},
      {m.metallicRoughnessTexture, false, "uMetalRoughTex", "uHasMetalRoughTex"},
      {m.normalTexture, false, "uNormalTex", "uHasNormalTex"},
      {m.occlusionTexture, false, "uOcclusionTex", "uHasOcclusionTex"},
      {m.emissiveTexture, true, "uEmissiveTex", "uHasEmissiveTex"},
  };
  for (int unit = 0; unit < 5; ++unit) {
    GLuint id = texture(slots[unit].ref, slots[unit].srgb);
    glActiveTexture(GL_TEXTURE0 + unit);
    glBindTexture(GL_TEXTURE_2D, id);
    glUniform1i(p.uniform(slots[unit].sampler), unit);
    glUniform1i(p.uniform(slots[unit].flag), id != 0);
  }
}

// Where a primitive's vertices go: the node's transform, its morph weight and, when the
// bones are posed, its skin (bone pairs and weights per vertex, mesh.vert).
void Renderer::Impl::bindPlacement(FrameContext& ctx, const ShaderProgram& program,
                                   const Draw& draw, const GpuPrimitive& p) const {
  const glm::mat4& view = ctx.frame.camera.view;
  const glm::mat4 modelView = view * draw.world;
  glUniformMatrix4fv(program.uniform("uModelView"), 1, GL_FALSE, glm::value_ptr(modelView));
  glUniformMatrix3fv(program.uniform("uNormalMatrix"), 1, GL_FALSE,
                     glm::value_ptr(glm::transpose(glm::inverse(glm::mat3(modelView)))));
  const float morph = draw.style->morph >= 0.f ? draw.style->morph : p.defaultMorph;
  glUniform1f(program.uniform("uMorphWeight"), p.morphBuffers[0] ? morph : 0.f);
  const size_t index = static_cast<size_t>(&p - meshes[draw.instance->mesh].primitives.data());
  const GLuint skin = index < draw.instance->skin.size() ? draw.instance->skin[index] : 0;
  const bool posed = ctx.posed && skin != 0;
  glUniform1i(program.uniform("uPosed"), posed);
  glBindVertexArray(p.vao);
  if (!posed) return;
  glUniformMatrix4fv(program.uniform("uModel"), 1, GL_FALSE, glm::value_ptr(draw.world));
  glUniformMatrix4fv(program.uniform("uView"), 1, GL_FALSE, glm::value_ptr(view));
  glUniformMatrix3fv(program.uniform("uNormalModel"), 1, GL_FALSE,
                     glm::value_ptr(glm::transpose(glm::inverse(glm::mat3(draw.world)))));
  glUniformMatrix4fv(program.uniform("uBones"), GLsizei(ctx.bones.size()), GL_FALSE,
                     glm::value_ptr(ctx.bones[0]));
  // The skin belongs to the node, the VAO to the (possibly shared) mesh: attach it here.
  glBindBuffer(GL_ARRAY_BUFFER, skin);
  glVertexAttribPointer(gpu::kSkin, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
  glEnableVertexAttribArray(gpu::kSkin);
}

void Renderer::Impl::drawElements(FrameContext& ctx, const GpuPrimitive& p) const {
  glBindVertexArray(p.vao);
  const bool lod = ctx.lod && p.lodIndexCount > 0;
  // The VAO's element buffer is switched for this draw and restored after it.
  if (lod) glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p.lodIndexBuffer);
  const GLsizei count = lod ? p.lodIndexCount : p.indexCount;
  glDrawElements(p.mode, count, GL_UNSIGNED_INT, nullptr);
  if (lod) glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p.buffers[5]);
  ++ctx.stats.drawCalls;
  if (p.mode == GL_TRIANGLES) ctx.stats.triangles += static_cast<size_t>(count / 3);
}

void Renderer::Impl::drawInstance(FrameContext& ctx, const Draw& draw, Pass pass) const {
  const MeshInstance& inst = *draw.instance;
  // A cut part without caps shows its inside through the cut, so its back faces are drawn.
  const bool openCut = ctx.frame.cut.enabled && !isCapped(ctx, draw) &&
                       distanceRange(draw.bounds, ctx.frame.cut).x < 0.f;
  glFrontFace(inst.mirrored ? GL_CW : GL_CCW);
  const auto& primitives = meshes[inst.mesh].primitives;
  for (size_t k = 0; k < primitives.size(); ++k) {
    const GpuPrimitive& p = primitives[k];
    if (inst.capOnly[k]) continue;
    const Material& m = materialOf(p.material);
    const ShaderProgram& program =
        pass == Pass::NodeIds
            ? programs.nodeIds()
            : programs.shading(p.variant | (pass == Pass::Transparency ? gpu::kTransparency : 0));
    useProgram(ctx, program);
    bindPlacement(ctx, program, draw, p);
    if (pass == Pass::NodeIds) {
      glUniform1ui(program.uniform("uNodeId"), static_cast<GLuint>(inst.node + 1));
    } else {
      bindMaterial(program, m, draw.opacity);
      glUniform1i(program.uniform("uUnlit"), m.unlit || p.mode != GL_TRIANGLES);
      glUniform1f(program.uniform("uGlow"), draw.style->glow);
      glUniform1f(program.uniform("uHeat"), draw.style->heat);
    }
    // Translucent surfaces are all accumulated, front and back faces alike.
    if (pass == Pass::Transparency || m.doubleSided || openCut) {
      glDisable(GL_CULL_FACE);
    } else {
      glEnable(GL_CULL_FACE);
      glCullFace(GL_BACK);
    }
    if (p.mode == GL_POINTS) glPointSize(kPointSizePx);
    drawElements(ctx, p);
  }
}

}  // namespace spineview
