// The generator's output is reproducible (from its command line and as a library), matches the committed model, and passes the Khronos
// glTF validator with no errors and no warnings (default model and the L5-S1 variant, generated on the
// coarser --draft grid to keep the test quick: validity does not depend on the grid size).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "modelgen/model.h"
#include "test_paths.h"

using namespace spineview::test;

namespace {
std::string readAll(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}
int run(const std::string& cmd) {
  int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }
} // namespace

TEST_CASE("spinegen output is byte-identical run to run and equals the committed model", "[model][determinism]") {
  auto a = outputDir() / "spinegen_run_a.glb", b = outputDir() / "spinegen_run_b.glb";
  // The command line in its own process and the library in this one, at the same time (their
  // single-threaded phases then overlap): the app can call the generator and get the same model.
  std::string exe = q(SPINEGEN_EXE);
  std::thread cli([&] { CHECK(run(exe + " " + q(a) + " > /dev/null") == 0); });
  spinegen::writeGlb(spinegen::buildModel(spinegen::Options{}, nullptr), b.string(), 0.001f);
  cli.join();
  std::string da = readAll(a), db = readAll(b), committed = readAll(bundledModel());
  REQUIRE(da.size() > 1000);
  CHECK(da == db);
  INFO("regenerate with: cmake --build <build> --target regenerate-model");
  CHECK(da == committed);
}

TEST_CASE("Khronos glTF validator: 0 errors, 0 warnings", "[model][validator]") {
  if (!haveShared("Khronos glTF validator")) return;
  if (run("node --version > /dev/null 2>&1") != 0) {
    std::cout << "SKIPPED Khronos glTF validator: node is not installed\n";
    return;
  }
  auto script = sharedDir() / "tools" / "validate-gltf.mjs";
  auto variant = outputDir() / "spinegen_l5s1_rim.glb";
  REQUIRE(run(std::string(q(SPINEGEN_EXE)) + " " + q(variant) +
              " --level L5-S1 --tear rim --grade 4 --clock 6 --no-hiz --draft > /dev/null") == 0);
  CHECK(run("node " + q(script) + " --strict " + q(bundledModel())) == 0);
  CHECK(run("node " + q(script) + " --strict " + q(variant)) == 0);
}
