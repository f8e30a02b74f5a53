// Dural sac and nerve roots: smooth tubes along Catmull-Rom paths placed from the vertebra landmarks.
// Each root leaves the sac one level above its foramen, runs down the lateral recess (traversing the
// disc above its own vertebra), turns under its own pedicle and exits the foramen below that pedicle.
#pragma once
#include <string>
#include <vector>
#include "spine.h"

namespace spinegen {

struct NerveTube {
  std::string name;       // "nerve.dura", "nerve.root.L5.left"
  std::vector<glm::vec3> pts;
  std::vector<float> rx, ry; // half sizes across (patient's left-right) and the other way
  std::vector<int> nearVertebrae;
  float eval(const glm::vec3& p) const;
  Box box() const;
};

struct Nerves {
  NerveTube dura;
  std::vector<NerveTube> roots; // order: L3 left, L3 right, L4 left, ... S1 right
  int rootIndex(const std::string& vertebra, int side) const;
};

Nerves buildNerves(const Spine& spine);

// The tube with the bones (and their joint spaces) taken out, so nerves never pierce bone.
float nerveField(const Spine& spine, const NerveTube& t, const glm::vec3& p);

} // namespace spinegen
