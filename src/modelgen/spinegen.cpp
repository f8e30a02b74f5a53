// spinegen: writes the procedural lumbar spine model (models/lumbar_spine.glb with default options).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <CLI/CLI.hpp>
#include "modelgen/model.h"

int main(int argc, char** argv) {
  using namespace spinegen;
  CLI::App app{"spinegen: procedural lumbar spine model (L3-S1) as glTF 2.0 binary"};
  std::string out;
  Options opt;
  std::string tear = "radial", leak = leakName(opt.leak), side = sideName(opt.leakSide);
  bool noHiz = false, verbose = false;
  app.add_option("output", out, "Output .glb file")->required();
  app.add_option("--level", opt.level, "Treated disc: L3-L4, L4-L5 or L5-S1")->check(CLI::IsMember(kLevelNames));
  app.add_option("--tear", tear, "Tear type: radial, circumferential or rim")->check(CLI::IsMember(kTearNames));
  app.add_option("--herniation", leak, "Leaked material: none, bulge, central, paracentral or foraminal")
      ->check(CLI::IsMember(kLeakNames));
  app.add_option("--side", side, "Side of a paracentral or foraminal leak: left or right")->check(CLI::IsMember(kSideNames));
  app.add_option("--leak-size", opt.leakSizeMm, "Size of the leaked material in mm (2-7)")
      ->check(CLI::Range(kLeakSizeMinMm, kLeakSizeMaxMm));
  app.add_option("--grade", opt.grade, "Modified Dallas grade 0-5")->check(CLI::Range(0, 5));
  app.add_option("--clock", opt.clockHours, "Tear position in clock hours (axial view from above, 12 = anterior, 3 = patient's right)")
      ->check(CLI::Range(0.0, 12.0));
  auto* hizFlag = app.add_flag("--hiz", "Add the high-intensity-zone marker (default)");
  app.add_flag("--no-hiz", noHiz, "Leave out the high-intensity-zone marker")->excludes(hizFlag);
  bool draft = false;
  app.add_flag("--draft", draft, "Coarser grids (cells x1.6): a quick preview; the committed model uses full quality");
  app.add_flag("-v,--verbose", verbose, "Print triangles per part");
  CLI11_PARSE(app, argc, argv);
  opt.hiz = !noHiz;
  if (draft) opt.cellScale = 1.6f;
  opt.tear = *parseTear(tear);
  opt.leak = *parseLeak(leak);
  opt.leakSide = *parseSide(side);
  try {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<PartStat> stats;
    Scene scene = buildModel(opt, &stats);
    writeGlb(scene, out, 0.001f);
    size_t total = 0;
    for (const auto& s : stats) {
      total += s.triangles;
      if (verbose) std::printf("%-40s %7zu %6.2f s\n", s.name.c_str(), s.triangles, s.seconds);
    }
    double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("spinegen: wrote %s (%zu triangles, %.1f s)\n", out.c_str(), total, sec);
  } catch (const std::exception& e) {
    std::cerr << "spinegen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
