// --soak SECONDS: long use of the engine, headless (soak.cpp says what it does), for people
// and for a short CI run: prints the resident memory as it goes and fails when memory grew
// more than 5% after every path had run once, or on any GL error.
#pragma once
#include "app/cli.h"
#include "core/result.h"

namespace spineview::app {

Status runSoak(const CliOptions& options);

}  // namespace spineview::app
