#include "core/json_input.h"

#include <algorithm>
#include <vector>

namespace spineview {
namespace {

constexpr std::size_t kMaxPointerShown = 120;

std::string escapePointerToken(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// Builds the document through nlohmann's own DOM builder while counting depth and string
// sizes and keeping the JSON pointer of the value being read, so a refusal can say where.
// Returning false from an event stops the (iterative) parser at once.
template <typename Json>
class BoundedDomBuilder {
 public:
  using number_integer_t = typename Json::number_integer_t;
  using number_unsigned_t = typename Json::number_unsigned_t;
  using number_float_t = typename Json::number_float_t;
  using string_t = typename Json::string_t;
  using binary_t = typename Json::binary_t;

  BoundedDomBuilder(Json& result, std::string_view text, const JsonLimits& limits)
      : dom_(result, /*allow_exceptions=*/false), text_(text), limits_(limits) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) {
    return value() && dom_.number_float(v, s);
  }
  bool string(string_t& s) { return value() && fits(s, "text") && dom_.string(s); }
  bool binary(binary_t& b) { return value() && dom_.binary(b); }
  bool key(string_t& k) {
    if (!fits(k, "key")) return false;
    frames_.back().key = k;
    return dom_.key(k);
  }
  bool start_object(std::size_t n) { return value() && open(false) && dom_.start_object(n); }
  bool start_array(std::size_t n) { return value() && open(true) && dom_.start_array(n); }
  bool end_object() {
    frames_.pop_back();
    return dom_.end_object();
  }
  bool end_array() {
    frames_.pop_back();
    return dom_.end_array();
  }
  // Syntax errors carry their line; a number out of range (1e999) does not, so add it.
  template <typename Exception>
  bool parse_error(std::size_t byte, const std::string&, const Exception& e) {
    std::string what = withoutJsonTag(e.what());
    if (what.find(" line ") == std::string::npos) {
      const auto upTo = text_.substr(0, std::min(byte, text_.size()));
      what += " at line " + std::to_string(std::count(upTo.begin(), upTo.end(), '\n') + 1);
    }
    refuse("not valid JSON: " + what, /*atNextValue=*/true);
    return false;
  }

  bool refused() const { return !reason_.empty(); }
  const std::string& pointer() const { return pointer_; }
  const std::string& reason() const { return reason_; }

 private:
  struct Frame {
    bool array;
    std::size_t next = 0;  // index the next array element will have
    std::string key;       // key of the object member being read
  };

  // Called before each value: moves the pointer to it.
  bool value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().next;
    return true;
  }
  bool open(bool array) {
    frames_.push_back(Frame{array, 0, {}});
    if (int(frames_.size()) <= limits_.maxDepth) return true;
    frames_.pop_back();  // the pointer names the container that goes one level too deep
    refuse("nested deeper than " + std::to_string(limits_.maxDepth) + " levels");
    return false;
  }
  bool fits(const string_t& s, const char* what) {
    if (s.size() <= limits_.maxString) return true;
    refuse(std::string(what) + " of " + std::to_string(s.size()) + " bytes is longer than the " +
           std::to_string(limits_.maxString) + " allowed");
    return false;
  }
  // The pointer names the value just started, or (for a syntax error, found before the
  // value it spoils is counted) the one about to be read.
  void refuse(std::string reason, bool atNextValue = false) {
    if (refused()) return;
    for (std::size_t i = 0; i < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      const bool innermost = i + 1 == frames_.size();
      const std::size_t index = innermost && atNextValue ? f.next : f.next == 0 ? 0 : f.next - 1;
      pointer_ += '/';
      pointer_ += f.array ? std::to_string(index) : escapePointerToken(f.key);
    }
    reason_ = std::move(reason);
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  std::string_view text_;
  const JsonLimits& limits_;
  std::vector<Frame> frames_;
  std::string pointer_, reason_;
};

}  // namespace

std::string withoutJsonTag(const std::string& what) {
  if (what.rfind("[json.exception.", 0) != 0) return what;
  const auto end = what.find("] ");
  return end == std::string::npos ? what : what.substr(end + 2);
}

std::string jsonErrorMessage(const std::string& file, const std::string& pointer,
                             const std::string& reason) {
  std::string where = pointer.empty() ? "(top level)" : pointer;
  if (where.size() > kMaxPointerShown)
    where = where.substr(0, kMaxPointerShown / 2) + "..." +
            where.substr(where.size() - kMaxPointerShown / 2);
  return (file.empty() ? "" : file + ": ") + where + ": " + reason;
}

template <typename Json>
Result<Json> parseJson(std::string_view text, const std::string& file, const JsonLimits& limits) {
  Json doc;
  BoundedDomBuilder<Json> builder(doc, text, limits);
  try {
    const bool ok = Json::sax_parse(text.begin(), text.end(), &builder);
    if (builder.refused()) return Error{jsonErrorMessage(file, builder.pointer(), builder.reason())};
    if (!ok) return Error{jsonErrorMessage(file, "", "not valid JSON")};
  } catch (const std::bad_alloc&) {
    return Error{jsonErrorMessage(file, "", "not enough memory to read it")};
  } catch (const std::exception& e) {
    return Error{jsonErrorMessage(file, "", withoutJsonTag(e.what()))};
  }
  return doc;
}

template Result<nlohmann::json> parseJson<nlohmann::json>(std::string_view, const std::string&,
                                                          const JsonLimits&);
template Result<nlohmann::ordered_json> parseJson<nlohmann::ordered_json>(std::string_view,
                                                                          const std::string&,
                                                                          const JsonLimits&);

}  // namespace spineview
