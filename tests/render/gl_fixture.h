// One headless GL context and renderer shared by every render test in the process (creating
// a context per test would dominate the run time on a software rasteriser).
#pragma once
#include <string>

#include "anatomy/anatomy.h"
#include "platform/headless_context.h"
#include "render/renderer.h"
#include "scene/scene.h"

namespace spineview::test {

// The shared context, or nullptr with the reason in `error`.
HeadlessContext* glContext(std::string* error = nullptr);
// A renderer with the project's shaders (created on first use).
Renderer& sharedRenderer();
// The bundled model, imported once, what SpineView reads from it and the renderer's hints.
const Scene& bundledScene();
const Anatomy& bundledAnatomy();
const DrawHints& bundledHints();
// Names every GL error raised since the last call (empty when none).
std::string drainGlErrors();

}  // namespace spineview::test
