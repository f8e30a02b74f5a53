#include "render/programs.h"

#include <vector>

#include "render/gpu_scene.h"

namespace spineview {
namespace {

std::vector<std::string> withBones(std::vector<std::string> defines, int bones) {
  defines.push_back("BONE_COUNT " + std::to_string(bones));
  return defines;
}

}  // namespace

Status Programs::build(const std::string& shaderDir) {
  dir_ = shaderDir;
  // The mesh programs first: a missing or broken shader directory names mesh.vert.
  if (auto error = prepareMeshes(1, {0})) return error;
  struct Spec {
    ShaderProgram* program;
    const char* vertex;
    const char* fragment;
    std::vector<std::string> defines;
  };
  const Spec specs[] = {
      {&background, "background.vert", "background.frag", {}},
      {&composite, "fullscreen.vert", "oit_composite.frag", {}},
      {&compositeMultisample, "fullscreen.vert", "oit_composite.frag", {"MULTISAMPLE"}},
      {&compositeHalf, "fullscreen.vert", "oit_composite.frag", {"HALF_RESOLUTION"}},
      {&capNodeIds, "cap.vert", "id.frag", {}},
      {&outline, "fullscreen.vert", "outline.frag", {}},
  };
  for (const Spec& spec : specs) {
    auto program = ShaderProgram::fromFiles(dir_, spec.vertex, spec.fragment, spec.defines);
    if (!program) return Error{program.error()};
    *spec.program = std::move(program.value());
  }
  for (int variant : {int(gpu::kCap), gpu::kCap | gpu::kTransparency}) {
    auto program =
        ShaderProgram::fromFiles(dir_, "cap.vert", "pbr.frag", gpu::variantDefines(variant));
    if (!program) return Error{program.error()};
    caps_.emplace(variant, std::move(program.value()));
  }
  return std::nullopt;
}

Status Programs::buildMeshVariant(MeshPrograms& set, int variant) const {
  if (set.shading.count(variant)) return std::nullopt;
  auto program = ShaderProgram::fromFiles(dir_, "mesh.vert", "pbr.frag",
                                          withBones(gpu::variantDefines(variant), set.bones));
  if (!program) return Error{program.error()};
  set.shading.emplace(variant, std::move(program.value()));
  return std::nullopt;
}

Status Programs::prepareMeshes(int boneCount, const std::set<int>& variants) {
  boneCount = std::max(boneCount, 1);
  if (boneCount == mesh_.bones) {
    for (int variant : variants)
      if (auto error = buildMeshVariant(mesh_, variant)) return error;
    return std::nullopt;
  }
  // Another palette size: a whole new set, swapped in once every program built.
  MeshPrograms next;
  next.bones = boneCount;
  for (auto [program, fragment] :
       {std::pair{&next.stencil, "stencil.frag"}, std::pair{&next.nodeIds, "id.frag"}}) {
    auto built = ShaderProgram::fromFiles(dir_, "mesh.vert", fragment, withBones({}, boneCount));
    if (!built) return Error{built.error()};
    *program = std::move(built.value());
  }
  std::set<int> all = variants;
  all.insert(0);  // always there, so a scene change never meets a missing default
  for (int variant : all)
    if (auto error = buildMeshVariant(next, variant)) return error;
  mesh_ = std::move(next);
  return std::nullopt;
}

const ShaderProgram& Programs::shading(int variant) const {
  return (variant & gpu::kCap) ? caps_.at(variant) : mesh_.shading.at(variant);
}

}  // namespace spineview
