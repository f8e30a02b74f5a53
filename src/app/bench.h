// --bench and --bench-idle: figures printed for people, not checked by tests.
// --bench measures start-up and frame times headless, then runs --bench-idle in a child
// process (a real window needs a display; without one that line says "not measured").
#pragma once
#include <chrono>
#include <optional>

#include "app/cli.h"
#include "core/result.h"

namespace spineview::app {

// mainStart: when main() began (reported beside the time since the process started).
Status runBench(const CliOptions& options, std::chrono::steady_clock::time_point mainStart);

// Seconds since the kernel started this process (10 ms resolution), so dynamic loading and
// static initialisation count too; empty when /proc is unavailable. Also --render --timings.
std::optional<double> secondsSinceProcessStart();

// Memory the process holds now (resident), after handing freed heap pages back, so that it
// measures what is in use rather than what the allocator keeps. Soak and export report it.
double residentMiB();

// Opens the viewer, waits until it is idle, measures CPU use for options.benchIdleSeconds.
Status runBenchIdle(const CliOptions& options);

}  // namespace spineview::app
