// The GPU copy of a Scene: vertex and index buffers per primitive, textures, and one instance
// per node with a mesh, plus what the cutaway needs to know (closed surfaces, tissue of each
// cut surface). Built by Renderer::setScene; internal to the renderer.
#pragma once
#include <glad/gl.h>

#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "scene/draw_hints.h"
#include "scene/scene.h"

namespace spineview::gpu {

// Shader permutations: a primitive is drawn by the variant that matches what it has.
enum VariantBits : int {
  kHasUV = 1,
  kHasTangents = 2,
  kHasColors = 4,
  kAlphaMask = 8,
  kTransparency = 16,  // writes the order-independent transparency sums
  kCap = 32,           // a cutaway cap (cap.vert) instead of a mesh
};
std::vector<std::string> variantDefines(int bits);
int variantOf(const Primitive& p, const std::vector<Material>& materials);

// Vertex attribute locations (mesh.vert).
enum Attribute : GLuint {
  kPosition = 0, kNormal = 1, kUV = 2, kTangent = 3, kColor = 4,
  kSkin = 5,           // bone a, bone b, weight of b (scene/draw_hints.h)
  kMorphPosition = 6,  // morph target 0, weighted at draw time (a story's fill or bridging)
  kMorphNormal = 7,
};


struct GpuPrimitive {
  int variant = 0;
  int sourceMesh = -1, sourcePrimitive = -1;  // where it came from in the Scene
  GLuint vao = 0;
  GLuint buffers[6] = {};  // positions, normals, uvs, tangents, colours, indices
  GLsizei indexCount = 0;
  GLenum mode = GL_TRIANGLES;  // GL_LINES or GL_POINTS for a file's lines and points
  GLuint lodIndexBuffer = 0;  // simplified triangles, 0 until built
  GLuint morphBuffers[2] = {};  // target 0's position and normal deltas, when it has one
  float defaultMorph = 0.f;     // the mesh's own weight for target 0
  GLsizei lodIndexCount = 0;
  int material = -1;
  // Closed (watertight) surfaces can be capped: the stencil parity test that finds their
  // inside is only meaningful for them.
  bool closed = false;
  Bounds bounds;  // local space
  // Closed surfaces keep their triangles on the CPU too: where the cut plane crosses them
  // gives the exact screen rectangle their cap can cover (see sectionRect in pass_caps.cpp).
  std::vector<glm::vec3> positions;
  std::vector<unsigned> indices, lodIndices;
};

struct GpuMesh {
  std::vector<GpuPrimitive> primitives;
  // The closed primitives in capping order: smaller (inner) surfaces first, so a cancellous
  // core is capped before the cortical shell around it.
  std::vector<int> capOrder;
};

struct MeshInstance {
  int node = -1;
  int mesh = -1;
  glm::mat4 world{1.f};
  bool mirrored = false;  // negative determinant flips the winding
  Bounds worldBounds;
  std::vector<CutPattern> cutPatterns;  // per primitive of the mesh
  // Per primitive: an inner surface that only bounds a cut surface (a cancellous core inside a
  // cortical shell): never shaded, so x-ray views do not show it and solid views do not pay.
  std::vector<bool> capOnly;
  // Caps of parts that sit inside others (implants in bone, gel in a ring) win where two
  // caps meet: 0 is drawn nearest.
  int capPriority = 1;
  RingSection rings;  // world space; valid() only where a Lamellae cut surface needs it
  std::vector<GLuint> skin;  // per primitive: skin weights buffer, 0 when the node is rigid
  std::vector<int> bonesUsed;  // the bones its skin refers to (none: it does not move)
};

// Positions or normals with morph target weights applied (normals renormalised).
std::vector<glm::vec3> morphed(const std::vector<glm::vec3>& base,
                               const std::vector<std::vector<glm::vec3>>& deltas,
                               const std::vector<float>& weights, bool renormalize);
GpuPrimitive uploadPrimitive(const Primitive& p, const std::vector<float>& weights);
void deletePrimitive(GpuPrimitive& p);
GLuint uploadTexture(const Texture& t, bool srgb);
RingSection toWorld(const RingSection& section, const glm::mat4& world);

}  // namespace spineview::gpu
