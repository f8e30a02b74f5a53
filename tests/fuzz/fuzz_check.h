// What the fuzz targets share: a check that stops the run with a message (libFuzzer and the
// replay driver both count an abort as a finding and keep the input that caused it).
#pragma once
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                   \
  do {                                                                                \
    if (!(condition)) {                                                               \
      std::fprintf(stderr, "fuzz check failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, \
                   what, #condition);                                                 \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)
