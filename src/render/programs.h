// The renderer's GLSL programs, built from the shader directory: the fixed ones (background,
// transparency composites, outline, caps) once, and the mesh programs (shading variants,
// stencil parity, node ids) for the bone palette size of the scene at hand, which reaches
// mesh.vert as BONE_COUNT. Internal to the renderer; needs a current context.
#pragma once
#include <map>
#include <set>
#include <string>

#include "core/result.h"
#include "render/shader_program.h"

namespace spineview {

class Programs {
 public:
  // Builds the fixed programs and the plain mesh programs for one bone; a failure names the
  // shader file and carries the driver's log.
  Status build(const std::string& shaderDir);
  // Makes sure the shading variants (gpu::VariantBits) exist for meshes skinned with
  // `boneCount` bones. On failure the programs built before stay as they were.
  Status prepareMeshes(int boneCount, const std::set<int>& variants);

  const ShaderProgram& shading(int variant) const;  // mesh or cap (gpu::kCap) variants
  const ShaderProgram& stencil() const { return mesh_.stencil; }
  const ShaderProgram& nodeIds() const { return mesh_.nodeIds; }
  int boneCount() const { return mesh_.bones; }

  ShaderProgram background, composite, compositeMultisample, compositeHalf, capNodeIds, outline;

 private:
  struct MeshPrograms {
    int bones = 0;
    std::map<int, ShaderProgram> shading;  // by variant
    ShaderProgram stencil, nodeIds;
  };
  Status buildMeshVariant(MeshPrograms& set, int variant) const;
  std::string dir_;
  MeshPrograms mesh_;
  std::map<int, ShaderProgram> caps_;  // cap shading variants (cap.vert), by variant
};

}  // namespace spineview
