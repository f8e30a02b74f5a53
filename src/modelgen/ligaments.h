// The ligaments of the lumbar spine as fields for the mesher: per disc level the anterior and
// posterior longitudinal ligaments, the ligamentum flavum, the interspinous and supraspinous
// ligaments and the two facet joint capsules. Each is carved by the bones it joins, so it fills the
// space between them and touches them. Millimetres, world frame of spine.h.
#pragma once
#include <string>
#include <vector>

#include "mesher.h"
#include "spine.h"

namespace spinegen {

struct Ligament {
  std::string name;      // "ligament.flavum.L4-L5"
  std::string level;     // the disc level it spans
  std::string display;   // "L4-L5 ligamentum flavum"
  std::string plain;     // what a patient reads
  std::string clinical;  // one sentence with its source
  std::string material;  // "ligament" or "ligament.flavum"
  Field field;
  Box box;
  MeshOptions mesh;
};

std::vector<Ligament> buildLigaments(const Spine& spine);

}  // namespace spinegen
