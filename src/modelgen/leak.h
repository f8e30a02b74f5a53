// Disc material outside the disc (a case's central, paracentral or foraminal leak): a soft mass
// from the back of the treated disc to the structure its zone meets, pressing on it. The root is
// the one options.h's touchedRoot names; a central leak presses on the dural sac in the midline.
// A contained bulge is part of the annulus (Spine::annulus), not a mass of its own.
#pragma once
#include <optional>
#include <string>
#include "nerves.h"
#include "spine.h"

namespace spinegen {

struct LeakedMass {
  glm::vec3 start, end;   // the capsule's axis: from inside the disc wall to the pressed structure
  float radius;           // of the capsule; the end sphere is a little larger
  std::string touches;    // node name of what it presses on ("nerve.root.L4.left", "nerve.dura")
  std::string zoneWords;  // "in the left foramen", for the node's texts
  Box box() const;
};

// None when the case has no leak or only a bulge.
std::optional<LeakedMass> planLeak(const Spine& spine, const Nerves& nerves);

// The mass as a field: outside the disc and the bones beside it.
float leakField(const Spine& spine, const LeakedMass& m, const glm::vec3& p);

} // namespace spinegen
