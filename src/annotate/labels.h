// Labels with leader lines: which structures get a label, where on each structure a leader line
// may end, and where the labels go on screen. Plain CPU code (no GL, no ImGui), so the window,
// the headless PNG export and the tests place labels the same way. The steps:
//
//   labelTargets(scene, parts)         once per scene: texts, priorities, candidate surface points
//   LabelOccluders::build(scene)       once per scene: what can hide an anchor
//   poseTargets(targets, skins, frame) per frame: anchors where the frame draws their parts
//   projectAnchors(targets, frame...)  per frame: one visible anchor per target, in pixels
//   layoutLabels(anchors, sizes...)    per frame: labels in a left and a right column
//
// Screen coordinates are pixels with the origin at the top left and y down, in whatever unit
// the caller draws in (ImGui window units in the app, image pixels in a headless render).
#pragma once
#include "annotate/anchors.h"
#include "annotate/layout.h"
#include "annotate/occluders.h"
#include "annotate/posing.h"
#include "annotate/targets.h"
