// The --render path: import, check the request, render through the core's snapshot
// (render/snapshot.h, shared with the image tests and the benchmark) and write the PNG.
// Also the small helpers the window shares with it for --view and --hide.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/cli.h"
#include "camera/orbit_camera.h"
#include "core/result.h"
#include "render/snapshot.h"
#include "scene/layers.h"

namespace spineview::app {

// The snapshot request the command line asks for (view defaults to kDefaultViewName).
SnapshotRequest snapshotRequest(const CliOptions& options);

// Hides each named layer (key or display name); the error names the first unknown one and
// lists the model's layers.
Status applyHides(const std::vector<LayerInfo>& layers, LayerState& state,
                  const std::vector<std::string>& names);

// "Vertebra L3 (vertebra.L3), ..." for messages.
std::string layerList(const std::vector<LayerInfo>& layers);

// Resolves --view (empty means the default view, which may be absent from namedViews()).
Result<std::optional<NamedView>> resolveView(const std::string& name);

// The whole --render path. On success prints one line (path, size, time) to stdout; errors
// come back for main to print. The file, view and layer names are checked before any GL work.
Status runRender(const CliOptions& options);

}  // namespace spineview::app
