// The checks NodeReader runs once, at construction: shapes, types, unknown, repeated and
// missing keys, ${ENV} references and file: secrets. The getters are in key_table.cpp.

#include <algorithm>
#include <utility>

#include "config/key_table.hpp"
#include "config/yaml_support.hpp"

namespace atpipe::config {
namespace {

constexpr std::string_view kFilePrefix = "file:";

std::string expected_of(const KeySpec& spec) {
  switch (spec.type) {
    case KeyType::String:
      return "a string";
    case KeyType::Int:
      return "an integer";
    case KeyType::Bool:
      return "true or false";
    case KeyType::Path:
      return "a path";
    case KeyType::Secret:
      return "a secret (text, \"${VAR}\" or \"file:/path\")";
    case KeyType::Enum:
      return detail::quoted_alternatives(spec.choices);
    case KeyType::StringList:
      return "a string or a list of strings";
    case KeyType::Map:
      return "a mapping";
    case KeyType::Sequence:
      return "a list";
    case KeyType::Any:
      return "a value or a mapping";
  }
  return "a value";
}

// A secret file usually ends in a newline the editor added; it is never part of the secret.
std::string drop_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

void NodeReader::check_entries() {
  bool is_map = false;
  try {
    is_map = map_.IsDefined() && map_.IsMap();
  } catch (const YAML::Exception&) {
    is_map = false;
  }
  if (!is_map) {
    const std::string subject = context_.empty() ? "the config" : context_;
    diag_.error(mark(), subject + " must be a mapping, got " + detail::describe_node(map_));
    return;
  }

  std::vector<std::string> allowed;
  for (const auto& spec : table_) {
    allowed.push_back(spec.name);
  }
  std::sort(allowed.begin(), allowed.end());

  for (const auto& entry : detail::entries_of(map_)) {
    const Mark key_mark = config::mark_of(entry.key, file_);
    if (!entry.key.IsScalar()) {
      diag_.error(key_mark, "keys" + where() + " must be plain names, got " +
                                detail::describe_node(entry.key));
      continue;
    }
    const std::string& name = entry.key.Scalar();
    const KeySpec* spec = spec_of(name);
    if (spec == nullptr) {
      std::string message = context_.empty() ? "unknown top-level key '" + name + "'"
                                             : "unknown key '" + name + "'" + where();
      if (auto suggestion = detail::closest(name, allowed)) {
        message += ", did you mean '" + *suggestion + "'?";
      }
      diag_.error(key_mark, message + " (allowed: " + detail::join(allowed) + ")");
      continue;
    }
    if (const Value* first = find(name)) {
      diag_.error(key_mark, "key '" + name + "' given twice" + where() +
                                detail::first_at(config::mark_of(first->key, file_)));
      continue;
    }
    Value value;
    value.name = name;
    value.key = entry.key;
    value.value = entry.value;
    check_value(*spec, value);
    values_.push_back(std::move(value));
  }

  for (const auto& spec : table_) {
    if (spec.required && find(spec.name) == nullptr) {
      diag_.error(mark(), context_.empty() ? "missing required top-level key '" + spec.name + "'"
                                           : "missing required key '" + spec.name + "'" + where());
    }
  }
}

void NodeReader::check_value(const KeySpec& spec, Value& value) {
  const YAML::Node& node = value.value;
  const Mark at = detail::value_mark({value.key, node}, file_);
  bool shape_ok = false;
  switch (spec.type) {
    case KeyType::Map:
      shape_ok = node.IsMap();
      break;
    case KeyType::Sequence:
      shape_ok = node.IsSequence();
      break;
    case KeyType::Any:
      // Null is left to the caller, which knows whether an empty value means anything.
      shape_ok = !node.IsSequence();
      if (shape_ok && node.IsScalar()) {
        value.text = node.Scalar();
      }
      break;
    case KeyType::StringList: {
      std::vector<YAML::Node> items;
      if (node.IsScalar()) {
        items.push_back(node);
      } else if (node.IsSequence()) {
        for (const auto& item : node) {
          items.push_back(item);
        }
      } else {
        break;
      }
      shape_ok = true;
      bool resolved = true;
      for (const auto& item : items) {
        const Mark item_mark = config::mark_of(item, file_);
        if (!item.IsScalar()) {
          diag_.error(item_mark, "items of '" + value.name + "'" + where() +
                                     " must be strings, got " + detail::describe_node(item));
          resolved = false;
          continue;
        }
        if (auto text = interpolate_env(item.Scalar(), item_mark, diag_)) {
          value.list.push_back(std::move(*text));
        } else {
          resolved = false;
        }
      }
      value.ok = resolved;
      return;
    }
    default:
      value.ok = check_scalar(spec, value);
      return;
  }
  if (!shape_ok) {
    diag_.error(at, "'" + value.name + "'" + where() + " must be " + expected_of(spec) + ", got " +
                        detail::describe_node(node));
  }
  value.ok = shape_ok;
}

bool NodeReader::check_scalar(const KeySpec& spec, Value& value) {
  const YAML::Node& node = value.value;
  const Mark at = detail::value_mark({value.key, node}, file_);
  auto wrong = [&]() {
    diag_.error(at, "'" + value.name + "'" + where() + " must be " + expected_of(spec) + ", got " +
                        detail::describe_node(node));
    return false;
  };
  if (!node.IsScalar()) {
    return wrong();
  }
  const std::string& raw = node.Scalar();
  switch (spec.type) {
    case KeyType::Int: {
      const auto number = detail::parse_long(raw);
      if (!number) {
        return wrong();
      }
      value.number = *number;
      value.text = raw;
      return true;
    }
    case KeyType::Bool: {
      const auto flag = detail::parse_bool(raw);
      if (!flag) {
        return wrong();
      }
      value.flag = *flag;
      value.text = raw;
      return true;
    }
    case KeyType::Enum:
      if (std::find(spec.choices.begin(), spec.choices.end(), raw) == spec.choices.end()) {
        return wrong();
      }
      value.text = raw;
      return true;
    default:
      break;
  }

  auto text = interpolate_env(raw, at, diag_);
  if (!text) {
    return false;
  }
  if (spec.type == KeyType::Path) {
    if (text->empty()) {
      diag_.error(at, "'" + value.name + "'" + where() + " must not be empty");
      return false;
    }
    value.text = resolve(*text).string();
    return true;
  }
  if (spec.type == KeyType::Secret && text->rfind(kFilePrefix, 0) == 0) {
    const auto secret_file = resolve(text->substr(kFilePrefix.size()));
    std::string reason;
    auto contents = detail::read_whole_file(secret_file, reason);
    if (!contents) {
      // Name the file, never what it holds.
      diag_.error(at, "cannot read secret file '" + secret_file.string() + "' for '" + value.name +
                          "'" + where() + ": " + reason);
      return false;
    }
    value.text = drop_trailing_newlines(std::move(*contents));
    return true;
  }
  value.text = std::move(*text);
  return true;
}

}  // namespace atpipe::config
