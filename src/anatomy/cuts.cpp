#include "anatomy/cuts.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace spineview {

Result<CutSpec> parseCutSpec(const std::string& text) {
  const auto colon = text.find(':');
  const std::string axis = text.substr(0, colon);
  CutSpec spec;
  if (axis == "axial") spec.axis = CutAxis::Axial;
  else if (axis == "sagittal") spec.axis = CutAxis::Sagittal;
  else if (axis == "coronal") spec.axis = CutAxis::Coronal;
  else
    return Error{"unknown cut '" + axis + "' (valid: axial, sagittal, coronal, each optionally "
                 "followed by :OFFSET_MM, e.g. axial:-3)"};
  if (colon != std::string::npos) {
    const std::string number = text.substr(colon + 1);
    char* end = nullptr;
    const float offset = std::strtof(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(offset) ||
        std::abs(offset) > 1000.f)
      return Error{"the cut offset '" + number + "' is not a distance in millimetres " +
                   "(e.g. " + axis + ":-3.5)"};
    spec.offsetMm = offset;
  }
  return spec;
}

std::string cutSpecText(const CutSpec& spec) {
  if (spec.offsetMm == 0.f) return cutAxisName(spec.axis);
  char offset[32];
  std::snprintf(offset, sizeof offset, "%g", double(spec.offsetMm));
  return std::string(cutAxisName(spec.axis)) + ":" + offset;
}

const char* cutAxisName(CutAxis axis) {
  switch (axis) {
    case CutAxis::Axial: return "axial";
    case CutAxis::Sagittal: return "sagittal";
    case CutAxis::Coronal: return "coronal";
  }
  return "axial";
}

const char* cutViewName(CutAxis axis) {
  switch (axis) {
    case CutAxis::Axial: return "axial";
    case CutAxis::Sagittal: return "left";
    case CutAxis::Coronal: return "posterior";
  }
  return "axial";
}

CutFrame cutFrame(const Scene& scene, const std::vector<PartInfo>& parts) {
  const std::vector<std::string> treated = treatedLevels(scene, parts);
  std::string level = treated.empty() ? "" : treated.front();
  for (size_t i = 0; i < parts.size() && level.empty(); ++i)
    if (parts[i].layer == LayerKind::Annulus) level = parts[i].level;  // the first disc
  CutFrame frame;
  const Bounds all = scene.worldBounds();
  if (all.valid()) frame.centre = all.center();
  for (size_t i = 0; i < scene.nodes.size() && i < parts.size(); ++i) {
    const Node& node = scene.nodes[i];
    const PartInfo& part = parts[i];
    if (part.layer != LayerKind::Annulus || part.level != level || node.mesh < 0) continue;
    frame.centre = scene.nodeWorldBounds(static_cast<int>(i)).center();
    const RingSection& s = part.section;
    if (s.valid()) {
      const glm::mat3 linear(node.world);
      frame.centre = glm::vec3(node.world * glm::vec4(s.centre, 1.f));
      frame.up = glm::normalize(linear * s.normal);
      frame.left = glm::normalize(linear * s.leftAxis);
      frame.anterior = glm::normalize(linear * s.anteriorAxis);
    }
    break;
  }
  return frame;
}

CutPlane makeCut(const CutFrame& f, const CutSpec& spec) {
  // The normal points into the half that is kept.
  glm::vec3 axis = f.up, kept = -f.up;
  if (spec.axis == CutAxis::Sagittal) {
    axis = f.left;
    kept = -f.left;
  } else if (spec.axis == CutAxis::Coronal) {
    axis = f.anterior;
    kept = f.anterior;
  }
  return CutPlane::through(f.centre + axis * (spec.offsetMm * 0.001f), kept);
}

CutSettings CutSettings::of(const CutSpec& spec) {
  CutSettings settings;
  settings.mode = spec.axis == CutAxis::Axial      ? CutMode::Axial
                  : spec.axis == CutAxis::Sagittal ? CutMode::Sagittal
                                                   : CutMode::Coronal;
  settings.offsetMm = spec.offsetMm;
  return settings;
}

glm::vec3 cutAxisDirection(const CutSettings& in, const CutFrame& f) {
  if (in.mode == CutMode::Free) return in.freeNormal;
  return in.mode == CutMode::Axial ? f.up : in.mode == CutMode::Sagittal ? f.left : f.anterior;
}

CutPlane cutPlane(const CutSettings& in, const CutFrame& frame) {
  if (in.mode == CutMode::Off) return {};
  CutPlane plane;
  if (in.mode == CutMode::Free) {
    // Keeps the half beyond the plane as seen when Free was chosen.
    plane = CutPlane::through(frame.centre + in.freeNormal * (in.offsetMm * 0.001f),
                              in.freeNormal);
  } else {
    const CutAxis axis = in.mode == CutMode::Axial      ? CutAxis::Axial
                         : in.mode == CutMode::Sagittal ? CutAxis::Sagittal
                                                        : CutAxis::Coronal;
    plane = makeCut(frame, CutSpec{axis, in.offsetMm});
  }
  if (in.flipped) {
    plane.normal = -plane.normal;
    plane.offset = -plane.offset;
  }
  return plane;
}

}  // namespace spineview
