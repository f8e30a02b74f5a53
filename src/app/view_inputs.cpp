#include "app/view_inputs.h"

namespace spineview::app {

ViewInputs windowViewInputs(const AppSettings& settings, const CameraMatrices& camera,
                            const StoryPlayer& player, int pane) {
  ViewInputs in;
  in.camera = camera;
  in.layers = settings.layers;
  in.cut = settings.inside.cut;
  in.settings = settings.render;
  if (player.active()) in.story = player.state(size_t(pane));
  return in;
}

ViewInputs benchViewInputs(const Anatomy& anatomy, const CameraMatrices& camera,
                           const StoryPlayer& player, int pane) {
  ViewInputs in;
  in.camera = camera;
  in.layers = anatomy.defaultLayers();
  if (player.active()) in.story = player.state(size_t(pane));
  return in;
}

}  // namespace spineview::app
