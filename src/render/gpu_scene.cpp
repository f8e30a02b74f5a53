#include "render/gpu_scene.h"

#include <cstdint>


namespace spineview::gpu {
namespace {


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

bool usesMipmaps(int minFilter) {
  return minFilter == GL_NEAREST_MIPMAP_NEAREST || minFilter == GL_LINEAR_MIPMAP_NEAREST ||
         minFilter == GL_NEAREST_MIPMAP_LINEAR || minFilter == GL_LINEAR_MIPMAP_LINEAR;
}

}  // namespace

// Morph targets are applied once with the mesh's default weights; animated weights will
// re-upload or move this to the GPU.
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

std::vector<std::string> variantDefines(int bits) {
  std::vector<std::string> defines;
  if (bits & kHasUV) defines.push_back("HAS_UV");
  if (bits & kHasTangents) defines.push_back("HAS_TANGENTS");
  if (bits & kHasColors) defines.push_back("HAS_COLORS");
  if (bits & kAlphaMask) defines.push_back("ALPHA_MASK");
  if (bits & kTransparency) defines.push_back("OIT");
  if (bits & kCap) defines.push_back("CAP");
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

GpuPrimitive uploadPrimitive(const Primitive& p, const std::vector<float>& weights) {
  GpuPrimitive g;
  g.material = p.material;
  g.bounds = p.bounds;
  glGenVertexArrays(1, &g.vao);
  glBindVertexArray(g.vao);
  // Target 0 stays a live attribute (stories animate it); any others are applied here with
  // the mesh's weights.
  std::vector<float> baked = weights;
  const bool live = !p.morphPositions.empty() && p.morphPositions[0].size() == p.positions.size();
  if (live && !baked.empty()) {
    g.defaultMorph = baked[0];
    baked[0] = 0.f;
  }
  g.buffers[0] = uploadArray(kPosition, morphed(p.positions, p.morphPositions, baked, false), 3);
  g.buffers[1] = uploadArray(kNormal, morphed(p.normals, p.morphNormals, baked, true), 3);
  if (live) {
    g.morphBuffers[0] = uploadArray(kMorphPosition, p.morphPositions[0], 3);
    if (!p.morphNormals.empty() && p.morphNormals[0].size() == p.normals.size())
      g.morphBuffers[1] = uploadArray(kMorphNormal, p.morphNormals[0], 3);
  }
  if (p.uv0.size() == p.positions.size()) g.buffers[2] = uploadArray(kUV, p.uv0, 2);
  if (p.tangents.size() == p.positions.size()) g.buffers[3] = uploadArray(kTangent, p.tangents, 4);
  if (p.colors.size() == p.positions.size()) g.buffers[4] = uploadArray(kColor, p.colors, 4);
  glGenBuffers(1, &g.buffers[5]);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.buffers[5]);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER,
               static_cast<GLsizeiptr>(p.indices.size() * sizeof(std::uint32_t)), p.indices.data(),
               GL_STATIC_DRAW);
  g.indexCount = static_cast<GLsizei>(p.indices.size());
  g.mode = p.topology == Topology::Lines    ? GL_LINES
           : p.topology == Topology::Points ? GL_POINTS
                                            : GL_TRIANGLES;
  glBindVertexArray(0);
  return g;
}

void deletePrimitive(GpuPrimitive& p) {
  glDeleteVertexArrays(1, &p.vao);
  for (GLuint b : p.buffers)
    if (b) glDeleteBuffers(1, &b);
  if (p.lodIndexBuffer) glDeleteBuffers(1, &p.lodIndexBuffer);
  for (GLuint b : p.morphBuffers)
    if (b) glDeleteBuffers(1, &b);
  p = GpuPrimitive{};
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

RingSection toWorld(const RingSection& section, const glm::mat4& world) {
  RingSection s = section;
  const glm::mat3 linear(world);
  s.centre = glm::vec3(world * glm::vec4(section.centre, 1.f));
  s.normal = glm::normalize(linear * section.normal);
  s.anteriorAxis = glm::normalize(linear * section.anteriorAxis);
  s.leftAxis = glm::normalize(linear * section.leftAxis);
  // Radii scale with the transform (uniform scale assumed: the section is a drawing aid).
  const float scale = glm::length(linear * section.anteriorAxis);
  for (float& r : s.outerRadius) r *= scale;
  for (float& r : s.innerRadius) r *= scale;
  return s;
}

}  // namespace spineview::gpu
