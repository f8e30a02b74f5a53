// Builds the whole scene: every tissue, tear and tool as named nodes with metadata (layer, level,
// plain and clinical descriptions, cut-surface data, morph targets). See models/README.md.
#pragma once
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

} // namespace spinegen
