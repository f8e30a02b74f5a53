// Running the built spineview executable from a test, as a user would: its exit code and
// what it printed. Shared by the tests of the executable and of video export.
#pragma once
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>

#include "test_paths.h"

namespace spineview::test {

struct Run {
  int code = -1;  // exit code; 128 + signal when it crashed
  std::string output;  // stdout and stderr together
};

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline Run runSpineview(const std::string& environment, const std::string& args);

inline Run runSpineview(const std::string& args) {
  return runSpineview("", args);
}

inline Run runSpineview(const std::string& environment, const std::string& args) {
  const std::string cmd = environment + quote(SPINEVIEW_EXE) + " " + args + " 2>&1";
  Run r;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) r.output.append(buf, n);
  const int status = pclose(pipe);
  if (WIFEXITED(status)) r.code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.code = 128 + WTERMSIG(status);
  return r;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

inline bool haveModel(const char* test) {
  if (std::filesystem::exists(bundledModel())) return true;
  std::printf("SKIPPED %s: %s is absent (build the model first)\n", test,
              bundledModel().string().c_str());
  return false;
}

}  // namespace spineview::test
