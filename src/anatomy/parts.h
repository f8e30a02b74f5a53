// SpineView's node extras (models/README.md), read from the scene the importer made: what
// each part is (layer, level), its plain and clinical descriptions, and the data the viewer
// draws and moves it by (an annulus' cut section, a needle's path). Nodes without extras get
// their name and the "other" layer, so any glTF reads.
#pragma once
#include <glm/glm.hpp>
#include <string>
#include <vector>

#include "anatomy/vocabulary.h"
#include "scene/draw_hints.h"
#include "scene/scene.h"

namespace spineview {

// extras.path of a needle: where its tip sits and which way its shaft runs (world, m).
struct NeedlePath {
  glm::vec3 tip{0.f}, direction{0.f, 0.f, -1.f};  // direction: from the tip toward the hub
  bool valid = false;
};

struct PartInfo {
  LayerKind layer = LayerKind::Other;
  std::string level;           // "L4", "L4-L5", ... when the part belongs to one level
  std::string layerKey;        // its LayerState key: "vertebra.L4", "annulus", ..., "other"
  std::string displayName;     // "L4 vertebral body"; else the node's or its mesh's name
  bool namedInExtras = false;  // displayName came from extras.displayName
  std::string description;     // plain-language sentence for patients
  std::string clinical;        // clinical sentence
  bool initiallyHidden = false;
  RingSection section;  // valid() only on annulus nodes that carry extras.section
  NeedlePath path;      // valid only on a needle
};

// One PartInfo per node of `scene`: its own extras over its parent's (layer and level
// inherit). Malformed extras are read as far as they are well formed and never fail.
std::vector<PartInfo> readParts(const Scene& scene);

// The model's naming convention: a vertebra's body is the node "L4.body" (models/README.md).
bool isVertebralBody(const Node& node, const PartInfo& part);

// The levels whose disc holds a drawn tear part, in node order: the disc a consult is about.
std::vector<std::string> treatedLevels(const Scene& scene, const std::vector<PartInfo>& parts);

}  // namespace spineview
