// UTF-8 checks for text that comes from outside (file names are bytes on Linux) and goes into
// JSON, whose writer refuses invalid UTF-8.
#pragma once
#include <string>
#include <string_view>

namespace spineview {

// Length of the valid UTF-8 sequence at text[at], or 0 when the bytes there are not one
// (overlong forms, surrogates and code points past U+10FFFF are invalid).
std::size_t utf8SequenceLength(std::string_view text, std::size_t at);

bool isValidUtf8(std::string_view text);

// The text with every byte that is not part of a valid sequence replaced by U+FFFD.
std::string toValidUtf8(std::string_view text);

}  // namespace spineview
