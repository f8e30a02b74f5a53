// Single-pass forward renderer: opaque layers, then the background where nothing was drawn,
// then translucent layers back to front (back faces, then front faces). Shading is linear HDR
// tone mapped in the fragment shader; the sRGB framebuffer encodes and blends in linear light.
// One pass keeps a software rasteriser within budget: every extra full-screen pass at
// 1280x800 costs llvmpipe 10-15 ms. Per-frame state comes only from FrameState.
#include "render/renderer.h"

#include <glad/gl.h>

#include <algorithm>
#include <cstdlib>
#include <glm/gtc/type_ptr.hpp>
#include <map>
#include <meshoptimizer.h>

#include "render/shader_program.h"

namespace spineview {
namespace {

enum Attribute : GLuint { kPosition = 0, kNormal = 1, kUV = 2, kTangent = 3, kColor = 4 };

// Shader permutations: a primitive is drawn by the variant that matches what it has.
enum VariantBits : int { kHasUV = 1, kHasTangents = 2, kHasColors = 4, kAlphaMask = 8 };

std::vector<std::string> variantDefines(int bits) {
  std::vector<std::string> defines;
  if (bits & kHasUV) defines.push_back("HAS_UV");
  if (bits & kHasTangents) defines.push_back("HAS_TANGENTS");
  if (bits & kHasColors) defines.push_back("HAS_COLORS");
  if (bits & kAlphaMask) defines.push_back("ALPHA_MASK");
  return defines;
}

int variantOf(const Primitive& p, const std::vector<Material>& materials) {
  const bool hasUV = p.uv0.size() == p.positions.size();
  const bool masked = p.material >= 0 && p.material < static_cast<int>(materials.size()) &&
                      materials[p.material].alphaMode == AlphaMode::Mask;
  return (hasUV ? kHasUV : 0) |
         (hasUV && p.tangents.size() == p.positions.size() ? kHasTangents : 0) |
         (p.colors.size() == p.positions.size() ? kHasColors : 0) | (masked ? kAlphaMask : 0);
}

struct GpuPrimitive {
  int variant = 0;
  int sourceMesh = -1, sourcePrimitive = -1;  // where it came from in the Scene
  GLuint lodIndexBuffer = 0;                  // simplified triangles, 0 until built
  GLsizei lodIndexCount = 0;
  GLuint vao = 0;
  GLuint buffers[6] = {};  // positions, normals, uvs, tangents, colours, indices
  GLsizei indexCount = 0;
  int material = -1;
  bool hasUV = false, hasTangents = false, hasColors = false;
};

struct GpuMesh {
  std::vector<GpuPrimitive> primitives;
};

struct MeshInstance {
  int node;
  int mesh;
  glm::mat4 world;
  bool mirrored;  // negative determinant flips the winding
  std::string layerKey;
  glm::vec3 centre;  // world-space centre of the mesh bounds, for back-to-front sorting
};

// glTF's default material: white, fully rough dielectric.
Material defaultMaterial() {
  Material m;
  m.metallic = 0.f;
  m.roughness = 1.f;
  return m;
}

template <typename T>
GLuint uploadArray(GLuint attribute, const std::vector<T>& data, GLint components) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(data.size() * sizeof(T)), data.data(),
               GL_STATIC_DRAW);
  glEnableVertexAttribArray(attribute);
  glVertexAttribPointer(attribute, components, GL_FLOAT, GL_FALSE, 0, nullptr);
  return buffer;
}

// Morph targets are applied once with the mesh's default weights; later features that animate
// weights will re-upload or move this to the GPU.
std::vector<glm::vec3> morphed(const std::vector<glm::vec3>& base,
                               const std::vector<std::vector<glm::vec3>>& deltas,
                               const std::vector<float>& weights, bool renormalize) {
  std::vector<glm::vec3> out = base;
  for (size_t t = 0; t < deltas.size() && t < weights.size(); ++t) {
    if (weights[t] == 0.f || deltas[t].size() != base.size()) continue;
    for (size_t i = 0; i < out.size(); ++i) out[i] += weights[t] * deltas[t][i];
  }
  if (renormalize)
    for (auto& n : out) n = glm::length(n) > 0.f ? glm::normalize(n) : glm::vec3(0, 0, 1);
  return out;
}

GpuPrimitive uploadPrimitive(const Primitive& p, const std::vector<float>& weights) {
  GpuPrimitive g;
  g.material = p.material;
  glGenVertexArrays(1, &g.vao);
  glBindVertexArray(g.vao);
  g.buffers[0] = uploadArray(kPosition, morphed(p.positions, p.morphPositions, weights, false), 3);
  g.buffers[1] = uploadArray(kNormal, morphed(p.normals, p.morphNormals, weights, true), 3);
  if (p.uv0.size() == p.positions.size()) {
    g.buffers[2] = uploadArray(kUV, p.uv0, 2);
    g.hasUV = true;
  }
  if (p.tangents.size() == p.positions.size()) {
    g.buffers[3] = uploadArray(kTangent, p.tangents, 4);
    g.hasTangents = true;
  }
  if (p.colors.size() == p.positions.size()) {
    g.buffers[4] = uploadArray(kColor, p.colors, 4);
    g.hasColors = true;
  }
  glGenBuffers(1, &g.buffers[5]);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.buffers[5]);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER,
               static_cast<GLsizeiptr>(p.indices.size() * sizeof(std::uint32_t)), p.indices.data(),
               GL_STATIC_DRAW);
  g.indexCount = static_cast<GLsizei>(p.indices.size());
  glBindVertexArray(0);
  return g;
}

bool usesMipmaps(int minFilter) {
  return minFilter == GL_NEAREST_MIPMAP_NEAREST || minFilter == GL_LINEAR_MIPMAP_NEAREST ||
         minFilter == GL_NEAREST_MIPMAP_LINEAR || minFilter == GL_LINEAR_MIPMAP_LINEAR;
}

GLuint uploadTexture(const Texture& t, bool srgb) {
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8, t.width, t.height, 0, GL_RGBA,
               GL_UNSIGNED_BYTE, t.rgba.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, t.minFilter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, t.magFilter);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, t.wrapS);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, t.wrapT);
  if (usesMipmaps(t.minFilter)) glGenerateMipmap(GL_TEXTURE_2D);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);  // GL's default, as others expect it
  glBindTexture(GL_TEXTURE_2D, 0);
  return id;
}

}  // namespace

struct Renderer::Impl {
  std::string shaderDir;
  std::map<int, ShaderProgram> meshPrograms;  // by VariantBits, compiled when first needed
  ShaderProgram backgroundProgram;
  GLuint emptyVao = 0;  // the full-screen triangle needs a bound VAO but no buffers

  std::vector<GpuMesh> meshes;
  std::vector<Material> materials;
  std::map<std::pair<int, bool>, GLuint> textures;  // (scene texture, sRGB) -> GL texture
  std::vector<MeshInstance> instances;

  ~Impl() { clearScene(); if (emptyVao) glDeleteVertexArrays(1, &emptyVao); }

  void clearScene() {
    for (auto& mesh : meshes)
      for (auto& p : mesh.primitives) {
        glDeleteVertexArrays(1, &p.vao);
        for (GLuint b : p.buffers)
          if (b) glDeleteBuffers(1, &b);
        if (p.lodIndexBuffer) glDeleteBuffers(1, &p.lodIndexBuffer);
      }
    for (auto& [key, id] : textures) glDeleteTextures(1, &id);
    meshes.clear();
    textures.clear();
    materials.clear();
    instances.clear();
  }

  Status buildMeshProgram(int variant) {
    if (meshPrograms.count(variant)) return std::nullopt;
    auto program =
        ShaderProgram::fromFiles(shaderDir, "mesh.vert", "pbr.frag", variantDefines(variant));
    if (!program) return Error{program.error()};
    meshPrograms.emplace(variant, std::move(program.value()));
    return std::nullopt;
  }

  GLuint texture(const TextureRef& ref, bool srgb) const {
    auto it = textures.find({ref.texture, srgb});
    return it != textures.end() ? it->second : 0;
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
};

std::string defaultShaderDir() {
  if (const char* env = std::getenv("SPINEVIEW_SHADER_DIR"); env && *env) return env;
  return SPINEVIEW_SHADER_DIR;
}

Result<std::unique_ptr<Renderer>> Renderer::create(const std::string& shaderDir) {
  std::unique_ptr<Renderer> r(new Renderer);
  r->impl_ = std::make_unique<Impl>();
  r->impl_->shaderDir = shaderDir;
  // The plain variant is built now so that a broken shader is reported at once.
  if (auto error = r->impl_->buildMeshProgram(0)) return *error;
  auto background = ShaderProgram::fromFiles(shaderDir, "background.vert", "background.frag");
  if (!background) return Error{background.error()};
  r->impl_->backgroundProgram = std::move(background.value());
  glGenVertexArrays(1, &r->impl_->emptyVao);
  return r;
}

Renderer::~Renderer() = default;

Status Renderer::setScene(const Scene& scene) {
  Impl& d = *impl_;
  // Shaders first: if a variant fails to build, the previous scene stays intact.
  for (const Mesh& mesh : scene.meshes)
    for (const Primitive& p : mesh.primitives)
      if (auto error = d.buildMeshProgram(variantOf(p, scene.materials))) return error;
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
        d.textures[{ref->texture, srgb}] = uploadTexture(t, srgb);
    }
  }

  d.meshes.reserve(scene.meshes.size());
  for (size_t m = 0; m < scene.meshes.size(); ++m) {
    const Mesh& mesh = scene.meshes[m];
    GpuMesh g;
    for (size_t i = 0; i < mesh.primitives.size(); ++i) {
      const Primitive& p = mesh.primitives[i];
      if (p.indices.empty()) continue;
      GpuPrimitive gp = uploadPrimitive(p, mesh.weights);
      gp.variant = variantOf(p, scene.materials);
      gp.sourceMesh = static_cast<int>(m);
      gp.sourcePrimitive = static_cast<int>(i);
      g.primitives.push_back(gp);
    }
    d.meshes.push_back(std::move(g));
  }

  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0 || node.mesh >= static_cast<int>(d.meshes.size())) continue;
    MeshInstance inst;
    inst.node = static_cast<int>(i);
    inst.mesh = node.mesh;
    inst.world = node.world;
    inst.mirrored = glm::determinant(glm::mat3(node.world)) < 0.f;
    inst.layerKey = layerKeyOf(node.info);
    inst.centre = scene.nodeWorldBounds(static_cast<int>(i)).center();
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
    }
  }
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, 0);
}

void Renderer::render(const FrameState& frame, RenderTarget& target) {
  stats_ = {};
  if (target.width() <= 0 || target.height() <= 0 || !target.complete()) return;  // minimised
  Impl& d = *impl_;
  const glm::mat4& view = frame.camera.view;

  // Split visible instances into opaque and translucent; hidden layers cost nothing.
  struct Draw { const MeshInstance* instance; float opacity; float depth; };
  std::vector<Draw> opaque, translucent;
  for (const MeshInstance& inst : d.instances) {
    const LayerSetting& layer = frame.layers.of(inst.layerKey);
    if (!layer.visible || layer.opacity <= 0.f) continue;
    bool blended = layer.opacity < 0.999f;
    for (const GpuPrimitive& p : d.meshes[inst.mesh].primitives)
      if (p.material >= 0 && p.material < static_cast<int>(d.materials.size()) &&
          d.materials[p.material].alphaMode == AlphaMode::Blend)
        blended = true;
    const float depth = (view * glm::vec4(inst.centre, 1.f)).z;  // more negative = farther
    (blended ? translucent : opaque).push_back({&inst, std::min(layer.opacity, 1.f), depth});
  }
  // Opaque near to far, so hidden surfaces fail the early depth test before they are shaded
  // (on a software rasteriser shading is most of the frame); translucent far to near.
  std::sort(opaque.begin(), opaque.end(),
            [](const Draw& a, const Draw& b) { return a.depth > b.depth; });
  std::sort(translucent.begin(), translucent.end(),
            [](const Draw& a, const Draw& b) { return a.depth < b.depth; });

  glBindFramebuffer(GL_FRAMEBUFFER, target.drawFbo_);
  glViewport(0, 0, target.width(), target.height());
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_STENCIL_TEST);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glDepthMask(GL_TRUE);
  glClearDepth(1.0);
  glClear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);  // colour: the background pass covers it
  glEnable(GL_FRAMEBUFFER_SRGB);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LEQUAL);  // the background triangle sits exactly at the cleared depth 1.0
  glDisable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glEnable(GL_MULTISAMPLE);

  // Per-frame uniforms are set when a program is first used in the frame.
  const glm::vec3 upView = glm::normalize(glm::mat3(view) * glm::vec3(0, 1, 0));
  const ShaderProgram* bound = nullptr;
  auto useMeshProgram = [&](const ShaderProgram& program) {
    if (bound == &program) return;
    program.use();
    bound = &program;
    glUniformMatrix4fv(program.uniform("uProjection"), 1, GL_FALSE,
                       glm::value_ptr(frame.camera.projection));
    glUniform3fv(program.uniform("uUpView"), 1, glm::value_ptr(upView));
    glUniform1f(program.uniform("uExposure"), frame.settings.exposure);
  };

  const Material fallback = defaultMaterial();
  // cullFace: GL_BACK for normal drawing, GL_FRONT to draw only back faces. Double-sided
  // materials skip culling only in the opaque pass: the translucent pass draws their back and
  // front faces in two ordered halves, like any other closed part.
  auto drawInstance = [&](const Draw& draw, GLenum cullFace, bool translucentPass) {
    const MeshInstance& inst = *draw.instance;
    const glm::mat4 modelView = view * inst.world;
    const glm::mat3 normalMatrix = glm::transpose(glm::inverse(glm::mat3(modelView)));
    glFrontFace(inst.mirrored ? GL_CW : GL_CCW);
    for (const GpuPrimitive& p : d.meshes[inst.mesh].primitives) {
      const Material& m = p.material >= 0 && p.material < static_cast<int>(d.materials.size())
                              ? d.materials[p.material]
                              : fallback;
      const ShaderProgram& program = d.meshPrograms.at(p.variant);
      useMeshProgram(program);
      glUniformMatrix4fv(program.uniform("uModelView"), 1, GL_FALSE, glm::value_ptr(modelView));
      glUniformMatrix3fv(program.uniform("uNormalMatrix"), 1, GL_FALSE,
                         glm::value_ptr(normalMatrix));
      if (m.doubleSided && !translucentPass) {
        glDisable(GL_CULL_FACE);
      } else {
        glEnable(GL_CULL_FACE);
        glCullFace(cullFace);
      }
      d.bindMaterial(program, m, draw.opacity);
      glBindVertexArray(p.vao);
      const bool lod = frame.settings.interactiveLod && p.lodIndexCount > 0;
      // The VAO's element buffer is switched for this draw and restored after it.
      if (lod) glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p.lodIndexBuffer);
      const GLsizei count = lod ? p.lodIndexCount : p.indexCount;
      glDrawElements(GL_TRIANGLES, count, GL_UNSIGNED_INT, nullptr);
      if (lod) glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, p.buffers[5]);
      ++stats_.drawCalls;
      stats_.triangles += static_cast<size_t>(count / 3);
    }
  };

  for (const Draw& draw : opaque) drawInstance(draw, GL_BACK, false);

  // The background fills only pixels still at the far plane, so it is shaded once per
  // uncovered pixel instead of over the whole frame.
  glDisable(GL_CULL_FACE);
  glDepthMask(GL_FALSE);
  const ShaderProgram& background = d.backgroundProgram;
  background.use();
  glUniform3fv(background.uniform("uBackgroundTop"), 1,
               glm::value_ptr(frame.settings.backgroundTop));
  glUniform3fv(background.uniform("uBackgroundBottom"), 1,
               glm::value_ptr(frame.settings.backgroundBottom));
  glBindVertexArray(d.emptyVao);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glDepthMask(GL_TRUE);
  bound = nullptr;

  // Translucent layers: sorted far to near, each drawn back faces first, then front faces, so
  // a single closed part layers correctly over itself. Depth is tested but not written, so
  // translucent parts never hide what lies behind them.
  if (!translucent.empty()) {
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);
    for (const Draw& draw : translucent) {
      drawInstance(draw, GL_FRONT, true);
      drawInstance(draw, GL_BACK, true);
    }
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
  }
  glBindVertexArray(0);
  glDisable(GL_CULL_FACE);
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

bool operator==(const RenderSettings& a, const RenderSettings& b) {
  return a.msaaSamples == b.msaaSamples && a.interactiveLod == b.interactiveLod &&
         a.exposure == b.exposure &&
         a.backgroundTop == b.backgroundTop && a.backgroundBottom == b.backgroundBottom;
}

bool operator==(const FrameState& a, const FrameState& b) {
  return a.camera.view == b.camera.view && a.camera.projection == b.camera.projection &&
         a.layers == b.layers && a.settings == b.settings;
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
