// The anatomical cuts and where they pass: axial, sagittal and coronal planes through the
// treated disc, aligned with it, an offset in millimetres, and the viewer's Free plane.
// The window's cut settings, `--cut` and a story's cut all become a CutPlane here.
#pragma once
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "anatomy/parts.h"
#include "core/result.h"
#include "scene/cut.h"
#include "scene/scene.h"

namespace spineview {

// Each removes the half a clinician looks from in the matching view: axial removes the
// superior half (seen from above), sagittal the patient's left (seen from the left), coronal
// the posterior half (seen from behind).
enum class CutAxis { Axial, Sagittal, Coronal };

struct CutSpec {
  CutAxis axis = CutAxis::Axial;
  float offsetMm = 0.f;  // moves the plane cranially, to the patient's left, or anteriorly
  bool operator==(const CutSpec& o) const { return axis == o.axis && offsetMm == o.offsetMm; }
};

// Parses "axial", "sagittal" or "coronal", optionally followed by ":OFFSET_MM" ("axial:-4.5").
Result<CutSpec> parseCutSpec(const std::string& text);
std::string cutSpecText(const CutSpec& spec);  // "axial", "axial:-4.5": what parseCutSpec reads
const char* cutAxisName(CutAxis axis);
// The view that looks at a cut's surface: "axial", "left" or "posterior".
const char* cutViewName(CutAxis axis);

// Where standard cuts pass with no offset and how they are oriented: through the centre of the
// treated disc (the disc holding a tear), else of the first disc, aligned with that disc (an
// axial cut follows the disc's plane, as an MRI slice is angled along it); without discs,
// through the centre of the scene along the model axes (+Y up, +X left, +Z anterior).
struct CutFrame {
  glm::vec3 centre{0.f};
  glm::vec3 up{0.f, 1.f, 0.f}, left{1.f, 0.f, 0.f}, anterior{0.f, 0.f, 1.f};
};
CutFrame cutFrame(const Scene& scene, const std::vector<PartInfo>& parts);
CutPlane makeCut(const CutFrame& frame, const CutSpec& spec);

// The cut a user sets in the window (or with --cut): off, one of the anatomical cuts, or Free,
// a plane across the view direction at the moment Free was chosen.
enum class CutMode { Off, Axial, Sagittal, Coronal, Free };

struct CutSettings {
  CutMode mode = CutMode::Off;
  float offsetMm = 0.f;                 // along the plane's axis from the frame's centre
  bool flipped = false;                 // keep the other half
  glm::vec3 freeNormal{0.f, 0.f, 1.f};  // the Free plane's axis
  static CutSettings of(const CutSpec& spec);
  bool operator==(const CutSettings& o) const {
    return mode == o.mode && offsetMm == o.offsetMm && flipped == o.flipped &&
           freeNormal == o.freeNormal;
  }
};

CutPlane cutPlane(const CutSettings& settings, const CutFrame& frame);
// The direction a positive offset moves the plane.
glm::vec3 cutAxisDirection(const CutSettings& settings, const CutFrame& frame);

}  // namespace spineview
