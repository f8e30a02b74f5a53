// Builds the whole scene: every tissue, tear and tool as named nodes with metadata (layer, level,
// plain and clinical descriptions, cut-surface data, morph targets). See models/README.md.
#pragma once
#include <array>
#include <string>
#include <vector>
#include "gltf_writer.h"
#include "spine.h"

namespace spinegen {

struct PartStat {
  std::string name;
  size_t triangles;
  double seconds; // time spent building it
};

Scene buildModel(const Options& opt, std::vector<PartStat>* stats);

// What a change of case rebuilds, and what it keeps from the model already built.
struct CaseRebuild {
  std::vector<int> discs;  // disc groups rebuilt: the treated disc, and the one treated before
  bool hardware = false;   // the fusion parts (the level changed)
  // The ambient occlusion's casters that stay: every bone's outer surface (bone.cortical), in
  // the model's node order, and the annulus of each disc not rebuilt ([d], empty when rebuilt),
  // positions in metres as the model file holds them.
  std::vector<Mesh> bones;
  std::array<Mesh, 3> annuli;
};

// The parts a case change replaces, as a scene whose root (the same root node, with the new
// options) holds only them: byte for byte the nodes buildModel makes for the same options.
Scene buildCaseParts(const Options& opt, const CaseRebuild& what, std::vector<PartStat>* stats);

// Node names a case rebuild replaces wholly: "disc.L4-L5" (its group), "hardware", "procedure".
std::string discGroupName(int disc);
extern const char* const kHardwareGroup;
extern const char* const kProcedureGroup;

// Which disc groups and whether the hardware must be rebuilt to go from one case to another.
CaseRebuild rebuildBetween(const Options& from, const Options& to);

} // namespace spinegen
