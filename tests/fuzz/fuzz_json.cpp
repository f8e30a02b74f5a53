// Fuzz target: the bounded JSON boundary itself (core/json_input.h). A document it accepts
// is within the limits, and dumps and parses back to the same document; one it refuses says
// which file and why. Both flavours (json, ordered_json) agree on which is which.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/json_input.h"
#include "fuzz_check.h"

namespace {

constexpr spineview::JsonLimits kLimits{12, 200};

// Deepest nesting and longest string or key, walked without recursion.
std::pair<int, std::size_t> measure(const nlohmann::json& doc) {
  int deepest = 0;
  std::size_t longest = 0;
  std::vector<std::pair<const nlohmann::json*, int>> stack{{&doc, 0}};
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (value->is_string()) longest = std::max(longest, value->get_ref<const std::string&>().size());
    if (!value->is_structured()) continue;
    deepest = std::max(deepest, depth + 1);
    for (auto it = value->begin(); it != value->end(); ++it) {
      if (value->is_object()) longest = std::max(longest, it.key().size());
      stack.push_back({&*it, depth + 1});
    }
  }
  return {deepest, longest};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = spineview::parseJson<nlohmann::json>(text, "fuzz.json", kLimits);
  auto ordered = spineview::parseJson<nlohmann::ordered_json>(text, "fuzz.json", kLimits);
  FUZZ_CHECK(bool(doc) == bool(ordered), "both flavours accept the same documents");
  if (!doc) {
    FUZZ_CHECK(doc.error().rfind("fuzz.json: ", 0) == 0, "a refusal names the file");
    return 0;
  }
  const auto [deepest, longest] = measure(doc.value());
  FUZZ_CHECK(deepest <= kLimits.maxDepth, "within the depth limit");
  FUZZ_CHECK(longest <= kLimits.maxString, "within the string limit");
  const std::string dumped = doc.value().dump();
  auto again = spineview::parseJson<nlohmann::json>(dumped, "fuzz.json", kLimits);
  FUZZ_CHECK(bool(again), "a dumped document parses again");
  FUZZ_CHECK(again.value() == doc.value(), "and is the same document");
  return 0;
}
