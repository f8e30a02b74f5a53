// spineview: parse the command line, run one mode (window, --render, --export, --bench, --bench-idle)
// and report any error here, in one place, with a non-zero exit code.
#include <chrono>
#include <cstdio>
#include <exception>

#include "app/bench.h"
#include "app/cli.h"
#include "app/headless_render.h"
#include "app/soak.h"
#include "app/video_export.h"
#include "app/viewer_app.h"

namespace {

spineview::Status runViewer(const spineview::app::CliOptions& options) {
  auto viewer = spineview::app::Viewer::create(options);
  if (!viewer) return spineview::Error{viewer.error()};
  viewer.value()->run();
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  const auto mainStart = std::chrono::steady_clock::now();
  using namespace spineview::app;
  try {
    const CliOutcome outcome = parseCommandLine(argc, argv);
    if (!outcome.options) {
      if (outcome.exitCode == 0) std::fputs(outcome.message.c_str(), stdout);
      else std::fprintf(stderr, "spineview: %s", outcome.message.c_str());
      return outcome.exitCode;
    }
    const CliOptions& options = *outcome.options;
    spineview::Status status;
    if (options.bench) status = runBench(options, mainStart);
    else if (options.benchIdle) status = runBenchIdle(options);
    else if (options.soakSeconds > 0.0) status = runSoak(options);
    else if (options.exportVideo()) status = runExport(options);
    else if (options.render()) status = runRender(options);
    else status = runViewer(options);
    if (status) {
      std::fprintf(stderr, "spineview: error: %s\n", status->message.c_str());
      return status->exitCode;
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spineview: unexpected error: %s\n", e.what());
    return 1;
  }
}
