// The bounded JSON reader every file goes through: deep nesting and long strings are refused
// before any recursive code sees them, and every failure is one "FILE: /pointer: reason".
#include <catch2/catch.hpp>

#include "core/json_input.h"
#include "core/utf8.h"

using namespace spineview;
using nlohmann::json;

namespace {

std::string nested(int depth) {
  return std::string(size_t(depth), '[') + std::string(size_t(depth), ']');
}

std::string errorOf(const std::string& text, const JsonLimits& limits = {}) {
  auto doc = parseJson<json>(text, "f.json", limits);
  REQUIRE_FALSE(doc.ok());
  return doc.error();
}

}  // namespace

TEST_CASE("nesting past the limit is refused with where it happened, at any depth", "[json]") {
  CHECK(parseJson<json>(nested(32), "f.json", {}).ok());
  CHECK(errorOf(nested(33)) ==
        "f.json: /0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0: nested "
        "deeper than 32 levels");
  // A hundred thousand levels: refused without recursion, the pointer shortened to read.
  const std::string deep = errorOf("{\"a\": " + nested(100000) + "}", {128});
  CHECK(deep.rfind("f.json: /a/0/0/", 0) == 0);
  CHECK(deep.find("...") != std::string::npos);
  CHECK(deep.size() < 250);
  CHECK(parseJson<nlohmann::ordered_json>(nested(100000), "f.json", {}).ok() == false);
}

TEST_CASE("a string or key longer than the limit is refused", "[json]") {
  const JsonLimits limits{8, 16};
  CHECK(parseJson<json>(R"({"k": "0123456789abcdef"})", "f", limits).ok());
  CHECK(errorOf(R"({"k": ["0123456789abcdefg"]})", limits) ==
        "f.json: /k/0: text of 17 bytes is longer than the 16 allowed");
  CHECK(errorOf(R"({"0123456789abcdefg": 1})", limits).find("key of 17 bytes") !=
        std::string::npos);
}

TEST_CASE("syntax errors and numbers out of range name the line", "[json]") {
  const std::string overflow = errorOf("{\n \"a\": [1,\n 1e999]}");
  CHECK(overflow.rfind("f.json: /a/1: not valid JSON: number overflow parsing '1e999'", 0) == 0);
  CHECK(overflow.find("line 3") != std::string::npos);
  const std::string syntax = errorOf("{\n\"a\": 1,\n\"b\": nope}");
  CHECK(syntax.rfind("f.json: /b: not valid JSON: ", 0) == 0);
  CHECK(syntax.find("line 3") != std::string::npos);
  CHECK(errorOf("").rfind("f.json: (top level): not valid JSON", 0) == 0);
  CHECK(errorOf("\"\xff\"").find("not valid JSON") != std::string::npos);  // invalid UTF-8
}

TEST_CASE("readJson turns a reader's complaint and any exception into one message", "[json]") {
  auto pointed = readJson<json>(R"({"n": 1})", "f.json", {}, [](const json&) -> int {
    failAt("/n", "must be two");
  });
  REQUIRE_FALSE(pointed.ok());
  CHECK(pointed.error() == "f.json: /n: must be two");
  // A reader that trusts a type nlohmann then refuses.
  auto typed = readJson<json>(R"({"n": "x"})", "f.json", {},
                              [](const json& j) { return j.at("n").get<int>(); });
  REQUIRE_FALSE(typed.ok());
  CHECK(typed.error().rfind("f.json: (top level): type must be number", 0) == 0);
  auto read = readJson<json>(R"({"n": 2})", "f.json", {},
                             [](const json& j) { return j.at("n").get<int>(); });
  REQUIRE(read.ok());
  CHECK(read.value() == 2);
}

TEST_CASE("UTF-8 checks take file names that are only bytes", "[json]") {
  CHECK(isValidUtf8("L4 \xc3\xa9 \xe2\x80\x94 \xf0\x9f\xa6\xb4"));
  CHECK_FALSE(isValidUtf8("model-\xff.glb"));
  CHECK_FALSE(isValidUtf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(isValidUtf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(isValidUtf8("\xe2\x80"));          // cut short
  CHECK(toValidUtf8("a\xff" "b\xe2\x80") == "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd");
  CHECK(toValidUtf8("fine") == "fine");
}
