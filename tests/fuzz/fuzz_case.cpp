// Fuzz target: a case file through its reader; a case that reads must write back to text that
// reads as the same case, and must describe itself in a sentence.
#include <cstddef>
#include <cstdint>
#include <string>

#include "case/case_file.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto read = spineview::parseCase(text, "fuzz.json");
  if (!read) {
    FUZZ_CHECK(read.error().rfind("fuzz.json", 0) == 0, "a refusal names the file");
    return 0;
  }
  FUZZ_CHECK(spinegen::invalidReason(read.value().anatomy).empty(), "a case that reads can be built");
  const std::string written = spineview::caseToJson(read.value());
  auto again = spineview::parseCase(written, "again.json");
  FUZZ_CHECK(bool(again), "what the writer writes reads back");
  FUZZ_CHECK(again.value() == read.value(), "and is the same case");
  FUZZ_CHECK(spineview::caseToJson(again.value()) == written, "written the same way twice");
  FUZZ_CHECK(!spineview::caseSummary(read.value()).empty(), "a case has a sentence");
  return 0;
}
