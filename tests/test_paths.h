// Paths the tests use, configured by CMake, and the visible skip for tests that need ../shared.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace spineview::test {

inline std::filesystem::path sourceDir() { return SPINEVIEW_SOURCE_DIR; }
// The configured ../shared, or SPINEVIEW_SHARED_DIR from the environment when set.
inline std::filesystem::path sharedDir() {
  const char* env = std::getenv("SPINEVIEW_SHARED_DIR");
  return env && *env ? std::filesystem::path(env) : std::filesystem::path(SPINEVIEW_SHARED_DIR);
}
inline std::filesystem::path outputDir() {
  std::filesystem::create_directories(SPINEVIEW_TEST_OUTPUT_DIR);
  return SPINEVIEW_TEST_OUTPUT_DIR;
}
inline std::filesystem::path bundledModel() { return sourceDir() / "models" / "lumbar_spine.glb"; }

// True when ../shared is present; otherwise prints a visible SKIPPED line for the test.
inline bool haveShared(const std::string& testName) {
  if (std::filesystem::is_directory(sharedDir())) return true;
  std::cout << "SKIPPED " << testName << ": " << sharedDir().string()
            << " is absent (it holds the design docs, corpus and validator)\n";
  return false;
}

}  // namespace spineview::test
