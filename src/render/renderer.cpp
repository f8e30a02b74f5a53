// Forward renderer for a software rasteriser first, a GPU second:
//  1. cutaway caps (stencil parity per closed surface, then a quad on the plane) and opaque
//     parts near to far, clipped by the cut plane;
//  2. the background where nothing was drawn;
//  3. translucent parts and their caps into weighted blended order-independent transparency
//     sums (one geometry pass, no sorting, so nothing pops while the camera orbits), then one
//     composite over the opaque image, both limited to the translucent parts' screen rectangle.
// Shading is linear HDR tone mapped in the fragment shader; the sRGB framebuffer encodes and
// blends in linear light. Every extra full-screen pass at 1280x800 costs llvmpipe 10-15 ms,
// hence one shading pass and scissored transparency. Per-frame state comes only from
// FrameState.
#include "render/renderer.h"

#include <glad/gl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <glm/gtc/type_ptr.hpp>
#include <map>
#include <meshoptimizer.h>

#include "render/gpu_scene.h"
#include "render/shader_program.h"

namespace spineview {
namespace {

using gpu::GpuMesh;
using gpu::GpuPrimitive;
using gpu::MeshInstance;

// glTF's default material: white, fully rough dielectric.
Material defaultMaterial() {
  Material m;
  m.metallic = 0.f;
  m.roughness = 1.f;
  return m;
}

// What a pass writes: shaded colour, transparency sums, or node ids for picking.
enum class Pass { Opaque, Transparency, NodeIds };

struct Draw {
  const MeshInstance* instance;
  float opacity;
  float depth;  // view-space z of the bounds' centre: more negative = farther
  glm::mat4 world;  // the node's transform, moved by its style
  Bounds bounds;    // world bounds in this frame's pose
  const NodeStyle* style;
};

const NodeStyle& styleOf(const FrameState& frame, int node) {
  static const NodeStyle plain;
  return node >= 0 && node < static_cast<int>(frame.nodeStyles.size())
             ? frame.nodeStyles[size_t(node)]
             : plain;
}

bool isPosed(const FrameState& frame) { return frame.bones != restPose(); }


struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // GL window coordinates, x1/y1 exclusive
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  void grow(const PixelRect& r) {
    if (r.empty()) return;
    if (empty()) { *this = r; return; }
    x0 = std::min(x0, r.x0); y0 = std::min(y0, r.y0);
    x1 = std::max(x1, r.x1); y1 = std::max(y1, r.y1);
  }
};

// Pixels covering NDC box [lo, hi], a little larger for rounding and outlines.
PixelRect pixelRectOf(const glm::vec2& lo, const glm::vec2& hi, int width, int height) {
  PixelRect r;
  r.x0 = std::clamp(static_cast<int>((lo.x * 0.5f + 0.5f) * width) - 2, 0, width);
  r.y0 = std::clamp(static_cast<int>((lo.y * 0.5f + 0.5f) * height) - 2, 0, height);
  r.x1 = std::clamp(static_cast<int>((hi.x * 0.5f + 0.5f) * width) + 3, 0, width);
  r.y1 = std::clamp(static_cast<int>((hi.y * 0.5f + 0.5f) * height) + 3, 0, height);
  return r;
}

// Where world bounds land on screen; the whole viewport when a corner is behind the camera
// (the projection folds over there).
PixelRect screenRect(const Bounds& b, const glm::mat4& viewProjection, int width, int height) {
  const PixelRect all{0, 0, width, height};
  if (!b.valid()) return {};
  glm::vec2 lo(1e9f), hi(-1e9f);
  for (int i = 0; i < 8; ++i) {
    const glm::vec3 corner(i & 1 ? b.max.x : b.min.x, i & 2 ? b.max.y : b.min.y,
                           i & 4 ? b.max.z : b.min.z);
    const glm::vec4 clip = viewProjection * glm::vec4(corner, 1.f);
    if (clip.w <= 1e-6f) return all;
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    lo = glm::min(lo, ndc);
    hi = glm::max(hi, ndc);
  }
  return pixelRectOf(lo, hi, width, height);
}

// The range of signed distances of a box to the cut plane.
glm::vec2 distanceRange(const Bounds& b, const CutPlane& cut) {
  const float centre = cut.signedDistance(b.center());
  const float reach = glm::dot(glm::abs(cut.normal), b.size() * 0.5f);
  return {centre - reach, centre + reach};
}

PixelRect intersect(const PixelRect& a, const PixelRect& b) {
  PixelRect r{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1),
              std::min(a.y1, b.y1)};
  return r.empty() ? PixelRect{} : r;
}

// Where a closed surface's section by the cut plane lands on screen: the bounds of the points
// where the plane crosses its triangle edges. A cap and its parity count can only be odd in
// there, so both passes are scissored to it: a nerve root cut across fills a few pixels, not
// its whole length. The whole viewport when a point is behind the camera.
PixelRect sectionRect(const std::vector<glm::vec3>& positions,
                      const std::vector<unsigned>& indices, const glm::mat4& world,
                      const CutPlane& cut, const glm::mat4& viewProjection, int width,
                      int height) {
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

struct Renderer::Impl {
  std::string shaderDir;
  // Mesh and cap shading programs by gpu::VariantBits; kCap variants use cap.vert.
  std::map<int, ShaderProgram> shadingPrograms;
  ShaderProgram backgroundProgram, compositeProgram, compositeMultisampleProgram,
      compositeHalfProgram;
  ShaderProgram stencilProgram, nodeIdProgram, capNodeIdProgram, outlineProgram;
  GLuint emptyVao = 0;  // full-screen triangles and caps need a bound VAO but no buffers

  std::vector<GpuMesh> meshes;
  std::vector<Material> materials;
  std::map<std::pair<int, bool>, GLuint> textures;  // (scene texture, sRGB) -> GL texture
  std::vector<MeshInstance> instances;

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
    bool capping = false;        // cut on and the camera on the removed side
    bool lod = false;
    bool posed = false;          // the spine is not at rest: skinned parts use their bones
    PixelRect viewport;          // the whole target
    PixelRect scissor;           // what the current pass is limited to (viewport if nothing)
    const ShaderProgram* bound = nullptr;
    RenderStats& stats;
  };

  ~Impl() {
    clearScene();
    if (emptyVao) glDeleteVertexArrays(1, &emptyVao);
    releaseIdBuffer();
  }

  void clearScene() {
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

  void releaseIdBuffer() {
    if (idFbo) glDeleteFramebuffers(1, &idFbo);
    if (idTexture) glDeleteTextures(1, &idTexture);
    if (idDepth) glDeleteRenderbuffers(1, &idDepth);
    idFbo = idTexture = idDepth = 0;
    idWidth = idHeight = 0;
  }

  Status buildShadingProgram(int variant) {
    if (shadingPrograms.count(variant)) return std::nullopt;
    const char* vertex = (variant & gpu::kCap) ? "cap.vert" : "mesh.vert";
    auto program =
        ShaderProgram::fromFiles(shaderDir, vertex, "pbr.frag", gpu::variantDefines(variant));
    if (!program) return Error{program.error()};
    shadingPrograms.emplace(variant, std::move(program.value()));
    return std::nullopt;
  }

  Status buildFixedPrograms() {
    struct Spec { ShaderProgram* program; const char* vertex; const char* fragment;
                  std::vector<std::string> defines; };
    const Spec specs[] = {
        {&backgroundProgram, "background.vert", "background.frag", {}},
        {&compositeProgram, "fullscreen.vert", "oit_composite.frag", {}},
        {&compositeMultisampleProgram, "fullscreen.vert", "oit_composite.frag", {"MULTISAMPLE"}},
        {&compositeHalfProgram, "fullscreen.vert", "oit_composite.frag", {"HALF_RESOLUTION"}},
        {&stencilProgram, "mesh.vert", "stencil.frag", {}},
        {&nodeIdProgram, "mesh.vert", "id.frag", {}},
        {&capNodeIdProgram, "cap.vert", "id.frag", {}},
        {&outlineProgram, "fullscreen.vert", "outline.frag", {}},
    };
    for (const Spec& spec : specs) {
      auto program = ShaderProgram::fromFiles(shaderDir, spec.vertex, spec.fragment, spec.defines);
      if (!program) return Error{program.error()};
      *spec.program = std::move(program.value());
    }
    for (int variant : {int(gpu::kCap), gpu::kCap | gpu::kTransparency})
      if (auto error = buildShadingProgram(variant)) return error;
    return std::nullopt;
  }

  GLuint texture(const TextureRef& ref, bool srgb) const {
    auto it = textures.find({ref.texture, srgb});
    return it != textures.end() ? it->second : 0;
  }

  const Material& materialOf(int index) const {
    static const Material fallback = defaultMaterial();
    return index >= 0 && index < static_cast<int>(materials.size()) ? materials[index] : fallback;
  }

  void bindMaterial(const ShaderProgram& p, const Material& m, float layerOpacity) const {
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
    glUniform1f(p.uniform("uLayerOpacity"), layerOpacity);

    struct Slot { const TextureRef& ref; bool srgb; const char* sampler; const char* flag; };
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

  // Per-frame uniforms are set when a program is first used in the frame.
  void useProgram(FrameContext& ctx, const ShaderProgram& program) const {
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
    glUniform2fv(program.uniform("uOitDepthRange"), 1,
                 glm::value_ptr(ctx.transparencyDepthRange));
    glUniform1i(program.uniform("uFluoroscopy"), ctx.frame.settings.fluoroscopy);
  }

  // Visible instances split into opaque and translucent; hidden layers and parts wholly on
  // the removed side of the cut cost nothing.
  void classify(const FrameState& frame, std::vector<Draw>& opaque,
                std::vector<Draw>& translucent) const {
    const glm::mat4& view = frame.camera.view;
    const bool posed = isPosed(frame);
    for (const MeshInstance& inst : instances) {
      const LayerSetting& layer = frame.layers.of(inst.layerKey);
      const NodeStyle& style = styleOf(frame, inst.node);
      const float opacity = std::min(layer.opacity * style.opacity, 1.f);
      if (!layer.visible || !style.visible || opacity <= 0.f) continue;
      const glm::mat4 world = style.offset * inst.world;
      Bounds bounds = style.offset == glm::mat4(1.f) ? inst.worldBounds
                                                      : inst.worldBounds.transformed(style.offset);
      if (posed && inst.bonesUsed) {
        // Blended vertices lie between their bones' images, inside the union of the boxes.
        Bounds moved;
        for (int b = 0; b < kBoneCount; ++b)
          if (inst.bonesUsed & (1u << b)) moved.grow(bounds.transformed(frame.bones[size_t(b)]));
        bounds = moved;
      }
      if (frame.cut.enabled && distanceRange(bounds, frame.cut).y < 0.f) continue;
      bool blended = opacity < 0.999f || frame.settings.fluoroscopy;
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

  bool isCapped(const FrameContext& ctx, const Draw& draw) const {
    if (!ctx.capping || meshes[draw.instance->mesh].capOrder.empty()) return false;
    const glm::vec2 range = distanceRange(draw.bounds, ctx.frame.cut);
    return range.x < 0.f && range.y > 0.f;
  }

  void drawElements(FrameContext& ctx, const GpuPrimitive& p) const {
    glBindVertexArray(p.vao);
    const bool lod = ctx.lod && p.lodIndexCount > 0;
    // The VAO's element buffer is switched for this draw and restored after it.
    if (lod) glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p.lodIndexBuffer);
    const GLsizei count = lod ? p.lodIndexCount : p.indexCount;
    glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT, nullptr);
    if (lod) glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p.buffers[5]);
    ++ctx.stats.drawCalls;
    ctx.stats.triangles += static_cast<size_t>(count / 3);
  }

  // Where a primitive's vertices go: the node's transform, its morph weight and, when the
  // spine is posed, its skin (bone pairs and weights per vertex, mesh.vert).
  void bindPlacement(FrameContext& ctx, const ShaderProgram& program, const Draw& draw,
                     const GpuPrimitive& p) const {
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
    glUniformMatrix4fv(program.uniform("uBones"), kBoneCount, GL_FALSE,
                       glm::value_ptr(ctx.frame.bones[0]));
    // The skin belongs to the node, the VAO to the (possibly shared) mesh: attach it here.
    glBindBuffer(GL_ARRAY_BUFFER, skin);
    glVertexAttribPointer(gpu::kSkin, 3, GL_FLOAT, GL_FALSE, 0, nullptr);
    glEnableVertexAttribArray(gpu::kSkin);
  }

  void drawInstance(FrameContext& ctx, const Draw& draw, Pass pass) const {
    const MeshInstance& inst = *draw.instance;
    // A cut part without caps shows its inside through the cut, so its back faces are drawn.
    const bool openCut = ctx.frame.cut.enabled && !isCapped(ctx, draw) &&
                         distanceRange(draw.bounds, ctx.frame.cut).x < 0.f;
    glFrontFace(inst.mirrored ? GL_CW : GL_CCW);
    for (const GpuPrimitive& p : meshes[inst.mesh].primitives) {
      if (p.capOnly) continue;
      const Material& m = materialOf(p.material);
      const ShaderProgram& program =
          pass == Pass::NodeIds
              ? nodeIdProgram
              : shadingPrograms.at(p.variant | (pass == Pass::Transparency ? gpu::kTransparency : 0));
      useProgram(ctx, program);
      bindPlacement(ctx, program, draw, p);
      if (pass == Pass::NodeIds) {
        glUniform1ui(program.uniform("uNodeId"), static_cast<GLuint>(inst.node + 1));
      } else {
        bindMaterial(program, m, draw.opacity);
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
      drawElements(ctx, p);
    }
  }

  // Caps one instance's cut: for each closed surface (inner first), a parity pass counts in
  // the stencil how many of its clipped faces lie behind each pixel (odd: the plane is
  // inside), then a quad on the plane is drawn where the count is odd and no inner surface
  // of the same part was capped already (stencil bit 1). The last cap leaves the stencil 0.
  void drawCaps(FrameContext& ctx, const Draw& draw, Pass pass) const {
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
      const bool moved = (ctx.posed && inst.bonesUsed) || p.morphBuffers[0];
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
      useProgram(ctx, stencilProgram);
      bindPlacement(ctx, stencilProgram, draw, p);
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
              ? capNodeIdProgram
              : shadingPrograms.at(gpu::kCap | (pass == Pass::Transparency ? gpu::kTransparency : 0));
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

  void bindCapSurface(const ShaderProgram& program, const MeshInstance& inst, int primitive) const {
    const gpu::CapKind kind = inst.capKinds[static_cast<size_t>(primitive)];
    glUniform1i(program.uniform("uCapKind"), static_cast<int>(kind));
    if (kind != gpu::CapKind::Lamellae) return;
    const AnnulusSection& s = inst.section;
    glUniform3fv(program.uniform("uSectionCentre"), 1, glm::value_ptr(s.centre));
    glUniform3fv(program.uniform("uSectionNormal"), 1, glm::value_ptr(s.normal));
    glUniform3fv(program.uniform("uSectionAnterior"), 1, glm::value_ptr(s.anteriorAxis));
    glUniform3fv(program.uniform("uSectionLeft"), 1, glm::value_ptr(s.leftAxis));
    glUniform1fv(program.uniform("uSectionOuter"), 72, s.outerRadius.data());
    glUniform1fv(program.uniform("uSectionInner"), 72, s.innerRadius.data());
    glUniform1i(program.uniform("uLamellae"), s.lamellae);
    glUniform1f(program.uniform("uFibreAngle"), glm::radians(s.fibreAngleDeg));
  }

  FrameContext beginFrame(const FrameState& frame, RenderStats& stats, bool lod, int width,
                          int height) const {
    const PixelRect viewport{0, 0, width, height};
    FrameContext ctx{frame,    frame.camera.projection * frame.camera.view,
                     glm::vec4(0.f), glm::vec2(0.f, 1.f), false, lod, isPosed(frame),
                     viewport, viewport, nullptr, stats};
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
};

std::string defaultShaderDir() {
  if (const char* env = std::getenv("SPINEVIEW_SHADER_DIR"); env && *env) return env;
  return SPINEVIEW_SHADER_DIR;
}

Result<std::unique_ptr<Renderer>> Renderer::create(const std::string& shaderDir) {
  std::unique_ptr<Renderer> r(new Renderer);
  r->impl_ = std::make_unique<Impl>();
  r->impl_->shaderDir = shaderDir;
  // Everything but the scene's own variants is built now, so a broken shader shows at once.
  if (auto error = r->impl_->buildShadingProgram(0)) return *error;
  if (auto error = r->impl_->buildFixedPrograms()) return *error;
  glGenVertexArrays(1, &r->impl_->emptyVao);
  return r;
}

Renderer::~Renderer() = default;

Status Renderer::setScene(const Scene& scene) {
  Impl& d = *impl_;
  // Shaders first: if a variant fails to build, the previous scene stays intact. Each
  // primitive needs its opaque and its transparency variant.
  for (const Mesh& mesh : scene.meshes)
    for (const Primitive& p : mesh.primitives)
      for (int pass : {0, int(gpu::kTransparency)})
        if (auto error = d.buildShadingProgram(gpu::variantOf(p, scene.materials) | pass))
          return error;
  d.clearScene();
  d.materials = scene.materials;

  // Colour textures are sampled as sRGB, data textures (normals, roughness) as linear.
  for (const Material& m : scene.materials) {
    const std::pair<const TextureRef*, bool> refs[] = {
        {&m.baseColorTexture, true}, {&m.emissiveTexture, true},
        {&m.metallicRoughnessTexture, false}, {&m.normalTexture, false},
        {&m.occlusionTexture, false}};
    for (auto [ref, srgb] : refs) {
      if (ref->texture < 0 || ref->texture >= static_cast<int>(scene.textures.size())) continue;
      const Texture& t = scene.textures[ref->texture];
      if (t.width <= 0 || t.height <= 0) continue;
      if (!d.textures.count({ref->texture, srgb}))
        d.textures[{ref->texture, srgb}] = gpu::uploadTexture(t, srgb);
    }
  }

  d.meshes.reserve(scene.meshes.size());
  for (size_t m = 0; m < scene.meshes.size(); ++m) {
    const Mesh& mesh = scene.meshes[m];
    GpuMesh g;
    for (size_t i = 0; i < mesh.primitives.size(); ++i) {
      const Primitive& p = mesh.primitives[i];
      if (p.indices.empty()) continue;
      GpuPrimitive gp = gpu::uploadPrimitive(p, mesh.weights);
      gp.variant = gpu::variantOf(p, scene.materials);
      gp.sourceMesh = static_cast<int>(m);
      gp.sourcePrimitive = static_cast<int>(i);
      gp.closed = isClosedSurface(p);
      if (gp.closed) {
        gp.positions = gpu::morphed(p.positions, p.morphPositions, mesh.weights, false);
        gp.indices = p.indices;
      }
      gp.capOnly = gp.closed && p.material >= 0 &&
                   p.material < static_cast<int>(scene.materials.size()) &&
                   scene.materials[p.material].name == "bone.cancellous";
      if (gp.closed) g.capOrder.push_back(static_cast<int>(g.primitives.size()));
      g.primitives.push_back(gp);
    }
    auto volume = [&](int i) {
      const glm::vec3 s = g.primitives[static_cast<size_t>(i)].bounds.size();
      return s.x * s.y * s.z;
    };
    std::stable_sort(g.capOrder.begin(), g.capOrder.end(),
                     [&](int a, int b) { return volume(a) < volume(b); });
    d.meshes.push_back(std::move(g));
  }

  const SpineRig rig = buildSpineRig(scene);
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0 || node.mesh >= static_cast<int>(d.meshes.size())) continue;
    MeshInstance inst;
    for (const GpuPrimitive& gp : d.meshes[size_t(node.mesh)].primitives) {
      const Primitive& source = scene.meshes[size_t(node.mesh)].primitives[size_t(gp.sourcePrimitive)];
      const std::vector<glm::vec3> skin = skinWeights(rig, scene, static_cast<int>(i), source);
      GLuint buffer = 0;
      if (!skin.empty()) {
        glGenBuffers(1, &buffer);
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(skin.size() * sizeof(glm::vec3)),
                     skin.data(), GL_STATIC_DRAW);
        for (const glm::vec3& s : skin) inst.bonesUsed |= (1u << int(s.x)) | (1u << int(s.y));
      }
      inst.skin.push_back(buffer);
    }
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    inst.node = static_cast<int>(i);
    inst.mesh = node.mesh;
    inst.world = node.world;
    inst.mirrored = glm::determinant(glm::mat3(node.world)) < 0.f;
    inst.layerKey = layerKeyOf(node.info);
    inst.worldBounds = scene.nodeWorldBounds(static_cast<int>(i));
    const bool sectionValid = node.info.section.valid();
    if (sectionValid) inst.section = gpu::toWorld(node.info.section, node.world);
    bool metal = false;
    for (const GpuPrimitive& p : d.meshes[node.mesh].primitives) {
      inst.capKinds.push_back(gpu::capKindOf(node.info, d.materialOf(p.material), sectionValid));
      metal = metal || inst.capKinds.back() == gpu::CapKind::Metal;
    }
    const std::string& layer = node.info.layer;
    inst.capPriority = metal ? 0 : (layer == "vertebra" || layer == "annulus") ? 2 : 1;
    d.instances.push_back(std::move(inst));
  }
  return std::nullopt;
}

void Renderer::buildInteractiveLod(const Scene& scene, float keepShare) {
  for (GpuMesh& mesh : impl_->meshes) {
    for (GpuPrimitive& gp : mesh.primitives) {
      if (gp.sourceMesh < 0 || gp.sourceMesh >= static_cast<int>(scene.meshes.size())) continue;
      const auto& prims = scene.meshes[gp.sourceMesh].primitives;
      if (gp.sourcePrimitive >= static_cast<int>(prims.size())) continue;
      const Primitive& p = prims[gp.sourcePrimitive];
      if (p.indices.size() < 3 * 256) continue;  // small parts gain nothing
      // The error bound (1% of the part's size) keeps silhouettes: parts that cannot shrink
      // that far keep more triangles rather than losing shape.
      std::vector<unsigned> lod(p.indices.size());
      const size_t target = static_cast<size_t>(p.indices.size() * keepShare) / 3 * 3;
      const size_t count = meshopt_simplify(lod.data(), p.indices.data(), p.indices.size(),
                                            &p.positions[0].x, p.positions.size(),
                                            sizeof(glm::vec3), target, 0.01f, 0, nullptr);
      if (count == 0 || count >= p.indices.size()) continue;
      if (!gp.lodIndexBuffer) glGenBuffers(1, &gp.lodIndexBuffer);
      glBindVertexArray(0);  // the element binding is VAO state: leave every VAO untouched
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gp.lodIndexBuffer);
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(count * sizeof(unsigned)),
                   lod.data(), GL_STATIC_DRAW);
      gp.lodIndexCount = static_cast<GLsizei>(count);
      if (gp.closed) gp.lodIndices.assign(lod.begin(), lod.begin() + static_cast<long>(count));
    }
  }
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
}

void Renderer::render(const FrameState& frame, RenderTarget& target) {
  stats_ = {};
  if (target.width() <= 0 || target.height() <= 0 || !target.complete()) return;  // minimised
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
  const ShaderProgram& background = d.backgroundProgram;
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
  // Caps first: they are the nearest surfaces wherever the cut shows, so the parts behind
  // them fail the early depth test.
  for (const Draw& draw : opaque) d.drawCaps(ctx, draw, Pass::Opaque);
  for (const Draw& draw : opaque) d.drawInstance(ctx, draw, Pass::Opaque);


  PixelRect translucentRect;
  glm::vec2 depthRange(1e9f, -1e9f);
  for (const Draw& draw : translucent) {
    const Bounds& b = draw.bounds;
    translucentRect.grow(screenRect(b, ctx.viewProjection, target.width(), target.height()));
    const float distance = -(frame.camera.view * glm::vec4(b.center(), 1.f)).z;
    depthRange.x = std::min(depthRange.x, distance - b.radius());
    depthRange.y = std::max(depthRange.y, distance + b.radius());
  }
  const bool half = frame.settings.halfResolutionTransparency && target.samples() == 0;
  const RenderTarget::TransparencyBuffers* sums =
      translucent.empty() || translucentRect.empty() ? nullptr : target.transparencyBuffers(half);
  if (sums) {
    ctx.transparencyDepthRange = {std::max(depthRange.x, frame.camera.nearPlane), depthRange.y};
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
    for (const Draw& draw : translucent) d.drawInstance(ctx, draw, Pass::Transparency);
    for (const Draw& draw : translucent) d.drawCaps(ctx, draw, Pass::Transparency);

    // Composite over the opaque image.
    glBindFramebuffer(GL_FRAMEBUFFER, target.drawFbo_);
    glViewport(0, 0, target.width(), target.height());
    const PixelRect& full = translucentRect;
    glScissor(full.x0, full.y0, full.x1 - full.x0, full.y1 - full.y0);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    const bool multisample = target.samples() > 0;
    const ShaderProgram& composite = multisample ? d.compositeMultisampleProgram
                                     : half      ? d.compositeHalfProgram
                                                 : d.compositeProgram;
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
    glBindVertexArray(d.emptyVao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindTexture(textureTarget, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(textureTarget, 0);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
  }
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
    while (glGetError() != GL_NO_ERROR) {
    }
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
  const ShaderProgram& program = d.outlineProgram;
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
}

bool operator==(const RenderSettings& a, const RenderSettings& b) {
  return a.msaaSamples == b.msaaSamples && a.interactiveLod == b.interactiveLod &&
         a.halfResolutionTransparency == b.halfResolutionTransparency &&
         a.fluoroscopy == b.fluoroscopy &&
         a.exposure == b.exposure &&
         a.backgroundTop == b.backgroundTop && a.backgroundBottom == b.backgroundBottom;
}

bool operator==(const FrameState& a, const FrameState& b) {
  return a.camera.view == b.camera.view && a.camera.projection == b.camera.projection &&
         a.layers == b.layers && a.settings == b.settings && a.cut == b.cut &&
         a.nodeStyles == b.nodeStyles && a.bones == b.bones;
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
