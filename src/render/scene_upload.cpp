// The GPU copy of a scene: textures, buffers per primitive, one instance per drawing node
// with what the hints add (cut patterns, cap-only surfaces, cap priority, skins), and the
// simplified index buffers of motion frames.
#include <meshoptimizer.h>
#include <algorithm>
#include <set>

#include "render/gl_check.h"
#include "render/renderer_impl.h"

namespace spineview {
namespace {

// A skin the shader can use: one entry per vertex, each naming bones of the palette.
bool skinFits(const std::vector<glm::vec3>& skin, const Primitive& p, int boneCount) {
  if (skin.empty() || skin.size() != p.positions.size()) return false;
  auto inPalette = [&](float bone) { return bone >= 0.f && bone < float(boneCount); };
  return std::all_of(skin.begin(), skin.end(), [&](const glm::vec3& s) {
    return inPalette(s.x) && inPalette(s.y) && s.z >= 0.f && s.z <= 1.f;
  });
}

}  // namespace

using gpu::GpuMesh;
using gpu::GpuPrimitive;

Status Renderer::setScene(const Scene& scene, const DrawHints& hints) {
  Impl& d = *impl_;
  // Shaders first: if a variant fails to build, the previous scene stays intact. Each
  // primitive needs its opaque and its transparency variant.
  std::set<int> variants;
  for (const Mesh& mesh : scene.meshes)
    for (const Primitive& p : mesh.primitives)
      for (int pass : {0, int(gpu::kTransparency)})
        variants.insert(gpu::variantOf(p, scene.materials) | pass);
  if (auto error = d.programs.prepareMeshes(hints.boneCount, variants)) return error;
  const int boneCount = d.programs.boneCount();
  d.clearScene();
  d.materials = scene.materials;

  // Colour textures are sampled as sRGB, data textures (normals, roughness) as linear.
  for (const Material& m : scene.materials) {
    const std::pair<const TextureRef*, bool> refs[] = {{&m.baseColorTexture, true},
                                                       {&m.emissiveTexture, true},
                                                       {&m.metallicRoughnessTexture, false},
                                                       {&m.normalTexture, false},
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
    gpu::GpuMesh g;
    for (size_t i = 0; i < mesh.primitives.size(); ++i) {
      const Primitive& p = mesh.primitives[i];
      if (p.indices.empty()) continue;
      gpu::GpuPrimitive gp = gpu::uploadPrimitive(p, mesh.weights);
      gp.variant = gpu::variantOf(p, scene.materials);
      gp.sourceMesh = static_cast<int>(m);
      gp.sourcePrimitive = static_cast<int>(i);
      gp.closed = isClosedSurface(p);
      if (gp.closed) {
        gp.positions = gpu::morphed(p.positions, p.morphPositions, mesh.weights, false);
        gp.indices = p.indices;
      }
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

  static const NodeHints kNoHints;
  for (size_t i = 0; i < scene.nodes.size(); ++i) {
    const Node& node = scene.nodes[i];
    if (node.mesh < 0 || node.mesh >= static_cast<int>(d.meshes.size())) continue;
    const NodeHints& nodeHints = i < hints.nodes.size() ? hints.nodes[i] : kNoHints;
    gpu::MeshInstance inst;
    inst.node = static_cast<int>(i);
    inst.mesh = node.mesh;
    inst.world = node.world;
    inst.mirrored = glm::determinant(glm::mat3(node.world)) < 0.f;
    inst.worldBounds = scene.nodeWorldBounds(static_cast<int>(i));
    if (nodeHints.rings.valid()) inst.rings = gpu::toWorld(nodeHints.rings, node.world);
    std::set<int> bones;
    bool metal = false;
    for (const gpu::GpuPrimitive& gp : d.meshes[size_t(node.mesh)].primitives) {
      static const PrimitiveHints kPlain;
      const size_t source = size_t(gp.sourcePrimitive);
      const PrimitiveHints& prim =
          source < nodeHints.primitives.size() ? nodeHints.primitives[source] : kPlain;
      const std::vector<glm::vec3>& skin = prim.skin;
      GLuint buffer = 0;
      if (skinFits(skin, scene.meshes[size_t(node.mesh)].primitives[source], boneCount)) {
        glGenBuffers(1, &buffer);
        glBindBuffer(GL_ARRAY_BUFFER, buffer);
        glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(skin.size() * sizeof(glm::vec3)),
                     skin.data(), GL_STATIC_DRAW);
        for (const glm::vec3& s : skin) bones.insert({int(s.x), int(s.y)});
      }
      inst.skin.push_back(buffer);
      // glTF knows metal, so a metallic part's cut is metal unless the hints say otherwise;
      // lamellae need the rings they are drawn from.
      CutPattern pattern = prim.cutPattern.value_or(
          d.materialOf(gp.material).metallic > 0.5f ? CutPattern::Metal : CutPattern::Plain);
      if (pattern == CutPattern::Lamellae && !inst.rings.valid()) pattern = CutPattern::Plain;
      inst.cutPatterns.push_back(pattern);
      inst.capOnly.push_back(gp.closed && prim.capOnly);
      metal = metal || pattern == CutPattern::Metal;
    }
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    inst.bonesUsed.assign(bones.begin(), bones.end());
    inst.capPriority = metal ? 0 : nodeHints.capPriority.value_or(1);
    d.instances.push_back(std::move(inst));
  }
  reportGlErrors("scene upload");
  return std::nullopt;
}

void Renderer::buildInteractiveLod(const Scene& scene, float keepShare) {
  for (GpuMesh& mesh : impl_->meshes) {
    for (GpuPrimitive& gp : mesh.primitives) {
      if (gp.sourceMesh < 0 || gp.sourceMesh >= static_cast<int>(scene.meshes.size())) continue;
      const auto& prims = scene.meshes[gp.sourceMesh].primitives;
      if (gp.sourcePrimitive >= static_cast<int>(prims.size())) continue;
      const Primitive& p = prims[gp.sourcePrimitive];
      // Small parts gain nothing; lines and points are few and thin already.
      if (!isTriangles(p) || p.indices.size() < 3 * 256) continue;
      // The error bound (1% of the part's size) keeps silhouettes: parts that cannot shrink
      // that far keep more triangles rather than losing shape.
      std::vector<unsigned> lod(p.indices.size());
      const size_t target = static_cast<size_t>(p.indices.size() * keepShare) / 3 * 3;
      const size_t count =
          meshopt_simplify(lod.data(), p.indices.data(), p.indices.size(), &p.positions[0].x,
                           p.positions.size(), sizeof(glm::vec3), target, 0.01f, 0, nullptr);
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

}  // namespace spineview
