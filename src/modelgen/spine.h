// The spine layout: vertebra frames chained from the sacral slope through the disc wedges, the shared
// endplate surfaces, and the fields of every bone part, disc part and tear. Bones and discs live in one
// file pair because they must share the endplate height functions exactly (no gap, no overlap).
#pragma once
#include <array>
#include <string>
#include <vector>
#include "anatomy.h"
#include "mesher.h"
#include "options.h"
#include "sdf.h"

namespace spinegen {

// Polar outline of an endplate: radius at angle psi (from anterior toward the patient's left).
struct Outline {
  float halfWidth, antDepth, postDepth, indent;
  float radius(float psi) const;
};

// +1 for the left side (0, +x), -1 for the right (1).
inline float sgn(int side) { return side == 0 ? 1.f : -1.f; }

// The named structures of a lumbar arch besides the pedicles, in part order; left before right.
enum ArchComponent {
  kLaminaLeft, kLaminaRight, kSpinous, kTransverseLeft, kTransverseRight, kSuperiorArticularLeft,
  kSuperiorArticularRight, kInferiorArticularLeft, kInferiorArticularRight, kParsLeft, kParsRight, kArchComponents
};
const char* archComponentName(int c); // "lamina.left", "spinous", "articular.superior.left", ...
int archComponentSide(int c);         // 0 left, 1 right, -1 the midline (spinous process)
// Facet joint angle to the sagittal plane of the joint above vertebra lowerIndex (0 = L3: the L2-L3 joint,
// whose superior processes the model shows without L2).
float facetJointDeg(int lowerIndex);

struct Vertebra {
  VertebraSpec spec;
  Basis frame;    // u = patient's left, v = up (cranial), w = anterior; o = body centre
  float halfWedge = 0.f;
  // Landmarks in the local frame (mm).
  float zPost = 0.f, pedY = 0.f;
  glm::vec3 pedJunction[2], pedEnd[2]; // [0] = left (+x), [1] = right
  glm::vec3 pedDirPost[2];             // unit, from body toward the posterior arch
  glm::vec3 jointSup[2];               // facet joint centre with the vertebra above (local)
  glm::vec3 nSup[2];                   // normal of this vertebra's superior facet (posteromedial)
  glm::vec3 jointInf[2], nInf[2];      // joint with the vertebra below, normal of the inferior facet
  bool hasInf = false;
  Outline topOutline, botOutline; // endplate outlines (cached: the fields use them at every sample)

  float planeTop(float z) const;
  float planeBot(float z) const;
  Outline outline(float y) const;
  float yTop(float x, float z) const; // superior endplate surface (concavity and rim included)
  float yBot(float x, float z) const;
  float bodyField(const glm::vec3& q) const;     // local point
  float archField(const glm::vec3& q) const;     // posterior elements without the facets' neighbours
  float supFacetField(const glm::vec3& q) const; // superior articular processes only
  float infFacetField(const glm::vec3& q) const; // inferior articular processes only
  // The lumbar arch as the structures a consult names (arch.cpp); archComponent(c) is one of them.
  float supFacet(const glm::vec3& q, int side) const;
  float infFacet(const glm::vec3& q, int side) const;
  float laminae(const glm::vec3& q) const; // both laminae, meeting in the midline
  float spinous(const glm::vec3& q) const;
  float transverse(const glm::vec3& q, int side) const;
  float pars(const glm::vec3& q, int side) const;
  glm::vec3 parsTop(int side) const;
  glm::vec3 parsBottom(int side) const;
  glm::vec3 spinousTip() const;                // posterior end of the spinous process; S1: crest top
  float laminaFront(float ax, float y) const;  // z of the laminae's front face, the canal's back wall
  glm::vec3 sacralCrestTop() const;
  float archComponent(int c, const glm::vec3& q) const;
  float sacralWings(const glm::vec3& q) const;   // S1 alae
  float sacralArch(const glm::vec3& q) const;    // roof of the sacral canal and the median crest
  float sacralCanal(const glm::vec3& q) const;   // the canal (negative inside)
  float sacralForamen(const glm::vec3& q, int side) const; // first sacral foramina (negative inside)
  glm::vec3 sacralForamenFork(int side) const;    // where the foramen forks, under the pedicle
};

struct Disc {
  std::string name; // "L4-L5"
  int lower = 0, upper = 0; // vertebra indices
  Basis frame;              // o = centre in the mid-plane, u = left, v = normal (up), w = anterior
  float heightAnt = 0.f, heightPost = 0.f;
  std::vector<float> midR, outerR, innerR; // radius tables over psi in [-pi, pi], kTableSize + 1 samples
};

// Everything the disc fields need at one point, computed once.
struct DiscSample {
  glm::vec3 q;      // disc-frame point
  float dB, dT;     // height above the lower endplate, depth below the upper endplate
  float t;          // -1 at the lower endplate, +1 at the upper
  float side;       // outer wall field (before the endplate caps)
};

struct BonePart {
  std::string name; // "L4.body", "L4.pedicle.left", ...
  int vertebra;
  int region;       // index into the vertebra's partition
};

class Spine {
public:
  explicit Spine(const Options& opt);
  const Options& options() const { return opt_; }
  const std::vector<Vertebra>& vertebrae() const { return v_; }
  const std::vector<Disc>& discs() const { return d_; }
  int treatedDisc() const { return treated_; }

  // Whole bone of vertebra i (world point), including the facet clearance against its neighbours.
  float boneField(int i, const glm::vec3& p) const;
  // Partition: part names and region fields of vertebra i; part k = bone within region k and outside
  // all regions before it; the last part is the rest.
  std::vector<std::string> partNames(int i) const;
  float partField(int i, int part, const glm::vec3& p, float inset) const;
  Box vertebraBox(int i) const;
  Box partBox(int i, int part) const;

  // Disc d fields (world point).
  // Height of p above the lower disc endplate (x) and below the upper one (y), in mm.
  glm::vec2 endplateDistances(int d, const glm::vec3& p) const;
  float discSpace(int d, const glm::vec3& p) const; // between the two endplates, unlimited laterally
  float discHeightFraction(int d, const glm::vec3& p) const; // -1 bottom, +1 top
  float discOuter(int d, const glm::vec3& p) const;
  // The side wall of disc d or of the body of vertebra i before its rounded rims (x, a distance-like
  // field) and the depth of p under the nearer endplate (y): where a disc meets a body, the shading
  // follows the wall across both rims (model.cpp), so the rounding reads as no groove.
  glm::vec2 discWall(int d, const glm::vec3& p) const;
  glm::vec2 bodyWall(int i, const glm::vec3& p) const;
  float nucleus(int d, const glm::vec3& p) const;
  float annulus(int d, const glm::vec3& p) const; // minus nucleus, tear and HIZ on the treated disc; its bulge
  float cleanAnnulus(int d, const glm::vec3& p) const; // as if untreated: what casts ambient occlusion
  float midRadius(int d, float psi) const;        // mean endplate outline radius
  float innerRadius(int d, float psi) const;      // nucleus radius at mid-height
  float outerRadius(int d, float psi) const;      // outer wall radius at mid-height
  Box discBox(int d) const;

  // Tear on the treated disc (world point); large positive when there is none.
  bool hasTear() const { return opt_.grade > 0; }
  float tearField(const glm::vec3& p) const;      // fissure volume (may extend past the disc)
  float tearInDisc(const glm::vec3& p) const;     // migrated nucleus inside the annulus
  float hizField(const glm::vec3& p) const;
  glm::vec3 tearAnchor() const;                   // a point well inside the fissure (needle tip)
  glm::vec3 tearExit() const;                     // where a full-thickness fissure leaves the disc
  float tearPsi() const;                          // polar angle of the tear in the disc frame

  // Ray march helper along a direction from p: first distance where f changes sign (or -1).
  static float march(const Field& f, glm::vec3 p, glm::vec3 dir, float maxDist, float step);

private:
  Options opt_;
  std::vector<Vertebra> v_;
  std::vector<Disc> d_;
  int treated_ = 1;
  float annulusThickness(int d, float psi) const;
  float midRadiusExact(int d, float psi) const;
  DiscSample sample(int d, const glm::vec3& p) const;
  float nucleusFrom(int d, const DiscSample& s) const;
  float tearLocal(const glm::vec3& q, float dB, float dT) const;
  float annulusOf(int d, const DiscSample& s, bool treated) const;
};

} // namespace spinegen
