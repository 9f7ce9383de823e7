#include "connectors/common/http/json_support.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>

namespace atpipe::connectors::http {

bool parse_json(std::string_view body, rapidjson::Document& doc, std::string& problem) {
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.data(), body.size());
  if (!doc.HasParseError()) {
    return true;
  }
  const std::size_t offset = std::min(doc.GetErrorOffset(), body.size());
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (body[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  std::string reason = rapidjson::GetParseError_En(doc.GetParseError());
  if (!reason.empty() && reason.back() == '.') {
    reason.pop_back();  // the caller's message goes on after it
  }
  problem = "malformed JSON at line " + std::to_string(line) + ", column " +
            std::to_string(column) + ": " + reason;
  return false;
}

bool valid_pointer(std::string_view pointer) {
  // RapidJSON also accepts the URI fragment form "#/a"; a plain pointer must start with '/'.
  if (!pointer.empty() && pointer.front() != '/') {
    return false;
  }
  const rapidjson::Pointer parsed(pointer.data(), pointer.size());
  return parsed.IsValid();
}

const rapidjson::Value* find_pointer(const rapidjson::Value& root, std::string_view pointer) {
  const rapidjson::Pointer parsed(pointer.data(), pointer.size());
  if (!parsed.IsValid()) {
    return nullptr;
  }
  return parsed.Get(root);
}

ScalarText scalar_text(const rapidjson::Value* value, std::string& out) {
  out.clear();
  if (value == nullptr || value->IsNull()) {
    return ScalarText::Missing;
  }
  if (value->IsString()) {
    out.assign(value->GetString(), value->GetStringLength());
    return ScalarText::Value;
  }
  if (value->IsBool()) {
    out = value->GetBool() ? "true" : "false";
    return ScalarText::Value;
  }
  if (value->IsNumber()) {
    // Only reached for documents parsed without kParseNumbersAsStringsFlag.
    if (value->IsInt64()) {
      out = std::to_string(value->GetInt64());
    } else if (value->IsUint64()) {
      out = std::to_string(value->GetUint64());
    } else {
      out = std::to_string(value->GetDouble());
    }
    return ScalarText::Value;
  }
  return ScalarText::NotScalar;
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) {
    return nullptr;
  }
  const auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string string_member(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* value = member(object, name);
  if (value == nullptr || !value->IsString()) {
    return "";
  }
  return std::string(value->GetString(), value->GetStringLength());
}

std::string json_kind(const rapidjson::Value& value) {
  if (value.IsObject()) {
    return "an object";
  }
  if (value.IsArray()) {
    return "an array";
  }
  if (value.IsString()) {
    return "a string";
  }
  if (value.IsNumber()) {
    return "a number";
  }
  if (value.IsBool()) {
    return "true or false";
  }
  return "null";
}

}  // namespace atpipe::connectors::http
