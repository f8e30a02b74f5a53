// The one boundary every JSON file SpineView reads passes through (glTF, stories, saved views,
// and each format added later). A document is parsed by nlohmann's iterative SAX parser with
// a depth and string-length counter, so nothing recursive (tinygltf, a copy, a dump, a reader)
// ever sees a document nested deeper than its limit; and any failure, from a syntax error or
// a number out of range to a reader's own complaint or an exception it did not expect, comes
// back as one message: "FILE: /pointer: reason".
#pragma once
#include <cstddef>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace spineview {

struct JsonLimits {
  int maxDepth = 32;                    // objects and arrays inside each other
  std::size_t maxString = 64 * 1024;    // bytes in one string or key
};

// A reader's complaint about a parsed document: where (a JSON pointer, "" for the top) and
// why. Thrown by readers, caught by readJson.
struct JsonReadError {
  std::string pointer, reason;
};
[[noreturn]] inline void failAt(std::string pointer, std::string reason) {
  throw JsonReadError{std::move(pointer), std::move(reason)};
}

// "FILE: /pointer: reason", with "(top level)" for the empty pointer and a pointer too long to
// read shortened in the middle; without "FILE: " when file is empty (a caller that names the
// file itself).
std::string jsonErrorMessage(const std::string& file, const std::string& pointer,
                             const std::string& reason);

// nlohmann's message without its "[json.exception.type_error.302] " tag.
std::string withoutJsonTag(const std::string& what);

// Parses one document within the limits. Json is nlohmann::json or nlohmann::ordered_json.
template <typename Json>
Result<Json> parseJson(std::string_view text, const std::string& file, const JsonLimits& limits);

// Parses text and runs read(document) behind the boundary: whatever goes wrong becomes an
// Error naming the file, never an exception.
template <typename Json, typename Read>
auto readJson(std::string_view text, const std::string& file, const JsonLimits& limits, Read read)
    -> Result<decltype(read(std::declval<const Json&>()))> {
  auto doc = parseJson<Json>(text, file, limits);
  if (!doc) return Error{doc.error()};
  try {
    return read(std::as_const(doc.value()));
  } catch (const JsonReadError& e) {
    return Error{jsonErrorMessage(file, e.pointer, e.reason)};
  } catch (const std::bad_alloc&) {
    return Error{jsonErrorMessage(file, "", "not enough memory to read it")};
  } catch (const std::exception& e) {
    return Error{jsonErrorMessage(file, "", withoutJsonTag(e.what()))};
  }
}

extern template Result<nlohmann::json> parseJson<nlohmann::json>(std::string_view,
                                                                 const std::string&,
                                                                 const JsonLimits&);
extern template Result<nlohmann::ordered_json> parseJson<nlohmann::ordered_json>(
    std::string_view, const std::string&, const JsonLimits&);

}  // namespace spineview
