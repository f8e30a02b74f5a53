// Procedure parts: pedicle screws on the pedicle axes of the treated level, rods through their tulips,
// the interbody cage with its graft, the fusion bone bridge, the spinal needle on a posterolateral
// oblique path that ends in the tear, and the fibrin volume that fills the fissure.
#pragma once
#include <string>
#include <vector>
#include "nerves.h"
#include "spine.h"

namespace spinegen {

struct Screw {
  std::string name;   // "hardware.screw.L4.left"
  std::string level;  // "L4"
  int vertebra, side;
  Basis frame;        // w along the screw toward its head, o = entry point on the bone surface
  glm::vec3 tulip;    // rod seat centre (world)
  glm::vec3 slotAcross; // unit, perpendicular to the rod and the axis
};

struct NeedlePath {
  glm::vec3 tip, dir; // dir points from the tip back toward the hub
  float clearance;    // smallest distance to bone or nerve outside the disc (mm)
};

std::vector<Screw> placeScrews(const Spine& spine);
float screwField(const Screw& s, const glm::vec3& p);
Box screwBox(const Screw& s);

// Rod centre line for one side (0 = left): through both tulips with overhang and a slight lordotic bend.
std::vector<glm::vec3> rodPath(const Spine& spine, const std::vector<Screw>& screws, int side);

float cageField(const Spine& spine, const glm::vec3& p);
float cageWindow(const Spine& spine, const glm::vec3& p);
float graftField(const Spine& spine, const glm::vec3& p);
float bridgeField(const Spine& spine, const glm::vec3& p);
// Where a bridge point sits at bridging progress 0 (pulled in toward the cage centre line).
glm::vec3 bridgeSeed(const Spine& spine, const glm::vec3& p);

NeedlePath planNeedle(const Spine& spine, const Nerves& nerves);

} // namespace spinegen
