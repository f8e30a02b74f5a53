// The case's pins and ink drawn over the 3D view (ImGui's draw list, in window units), and the
// anchors the Pin and Ink tools add. The viewer owns the notes (in its case); this keeps what
// showing them costs to compute once per scene and notes: the anchors found on their
// structures, and the occluders that hide what lies behind other structures.
#pragma once
#include <glm/glm.hpp>
#include <memory>

#include "anatomy/anatomy.h"
#include "annotate/layout.h"
#include "annotate/notes.h"

struct ImDrawList;

namespace spineview::app {

class NotesOverlay {
 public:
  // After the scene changed (a model opened, a case rebuilt), then after the notes changed.
  void sceneChanged() { occluders_.reset(); }
  void update(const Scene& scene, const Anatomy& anatomy, const Notes& notes);
  // Draws the notes `frame` shows in a pane `viewport` wide and high (window units), whose
  // top-left corner is at `origin`. A pin's text goes right of its head, else left, where it
  // meets neither a label's box in `labels` (pane coordinates) nor another pin's text; where
  // neither side is free the pin shows its number only (the Case page lists its text).
  void draw(ImDrawList* drawList, const Notes& notes, const FrameState& frame, glm::vec2 viewport,
            glm::vec2 origin, float uiScale, const std::vector<LabelRect>& labels) const;
  // Where the pins are in the last frame drawn (window units), for a tap on one to select it.
  const ShownNotes& lastShown() const { return shown_; }

 private:
  NotesInScene inScene_;
  std::shared_ptr<const LabelOccluders> occluders_;
  mutable ShownNotes shown_;
};

}  // namespace spineview::app
