#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace atpipe::connectors::http {

// Parses a whole response body. Numbers are kept as the text the server sent (so an NHS
// number or "1.50" survives exactly). On failure sets `problem` to "malformed JSON at line L,
// column C: <reason>" (1-based, style.md rule 5) and returns false.
[[nodiscard]] bool parse_json(std::string_view body, rapidjson::Document& doc,
                              std::string& problem);

// True when `pointer` is a valid RFC 6901 JSON Pointer ("" or "/a/0/b~1c").
[[nodiscard]] bool valid_pointer(std::string_view pointer);

// The value at `pointer` in `root`, or nullptr when absent. `pointer` must be valid.
[[nodiscard]] const rapidjson::Value* find_pointer(const rapidjson::Value& root,
                                                   std::string_view pointer);

enum class ScalarText { Value, Missing, NotScalar };

// The text of a value as a source row holds it: strings as they are, numbers as sent,
// booleans as true/false, null (or nullptr) as "" (Missing); objects and arrays give
// NotScalar and leave `out` empty.
[[nodiscard]] ScalarText scalar_text(const rapidjson::Value* value, std::string& out);

// The string member `name` of `object`, or "" when it is absent or not a string.
[[nodiscard]] std::string string_member(const rapidjson::Value& object, const char* name);

// The member `name` of `object`, or nullptr (also when `object` is not an object).
[[nodiscard]] const rapidjson::Value* member(const rapidjson::Value& object, const char* name);

// "an object", "an array", "a string", "a number", "true or false", "null".
[[nodiscard]] std::string json_kind(const rapidjson::Value& value);

}  // namespace atpipe::connectors::http
