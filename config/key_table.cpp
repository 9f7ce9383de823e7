#include "config/key_table.hpp"

#include <algorithm>
#include <cassert>
#include <system_error>
#include <utility>

#include "config/yaml_support.hpp"

namespace atpipe::config {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split_default(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const auto comma = std::min(text.find(',', start), text.size());
    out.push_back(trim(std::string_view(text).substr(start, comma - start)));
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string_view to_string(KeyType type) {
  switch (type) {
    case KeyType::String:
      return "string";
    case KeyType::Int:
      return "integer";
    case KeyType::Bool:
      return "boolean";
    case KeyType::Path:
      return "path";
    case KeyType::Secret:
      return "secret";
    case KeyType::Enum:
      return "enum";
    case KeyType::StringList:
      return "string list";
    case KeyType::Map:
      return "mapping";
    case KeyType::Sequence:
      return "list";
    case KeyType::Any:
      return "any";
  }
  return "unknown";
}

Mark mark_of(const YAML::Node& node, const std::filesystem::path& file) {
  Mark out{file.string(), 0, 0};
  try {
    if (node.IsDefined()) {
      const YAML::Mark mark = node.Mark();
      if (!mark.is_null()) {
        out.line = mark.line + 1;
        out.column = mark.column + 1;
      }
    }
  } catch (const YAML::Exception&) {
    // An invalid node has no position; the file alone is the best we can say.
  }
  return out;
}

NodeReader::NodeReader(YAML::Node map, const KeyTable& table, std::string context,
                       Diagnostics& diag, std::filesystem::path config_file)
    : map_(std::move(map)),
      table_(table),
      context_(std::move(context)),
      diag_(diag),
      file_(std::move(config_file)) {
  std::error_code ec;
  const auto absolute = std::filesystem::absolute(file_, ec);
  base_dir_ = (ec ? file_ : absolute).lexically_normal().parent_path();
  check_entries();
}

const KeySpec* NodeReader::spec_of(std::string_view key) const {
  for (const auto& spec : table_) {
    if (spec.name == key) {
      return &spec;
    }
  }
  return nullptr;
}

const NodeReader::Value* NodeReader::find(std::string_view key) const {
  for (const auto& value : values_) {
    if (value.name == key) {
      return &value;
    }
  }
  return nullptr;
}

std::string NodeReader::where() const {
  return context_.empty() ? "" : " in " + context_;
}

std::filesystem::path NodeReader::resolve(const std::string& text) const {
  const std::filesystem::path given(text);
  if (given.is_absolute()) {
    return given.lexically_normal();
  }
  return (base_dir_ / given).lexically_normal();
}

bool NodeReader::has(std::string_view key) const {
  return find(key) != nullptr;
}

std::optional<std::string> NodeReader::string(std::string_view key) const {
  if (const Value* value = find(key)) {
    return value->ok ? std::optional<std::string>(value->text) : std::nullopt;
  }
  const KeySpec* spec = spec_of(key);
  assert(spec != nullptr && "key not declared in the table");
  if (spec == nullptr || spec->default_value.empty()) {
    return std::nullopt;
  }
  return spec->default_value;
}

std::optional<long> NodeReader::integer(std::string_view key) const {
  if (const Value* value = find(key)) {
    return value->ok ? std::optional<long>(value->number) : std::nullopt;
  }
  const KeySpec* spec = spec_of(key);
  assert(spec != nullptr && "key not declared in the table");
  return spec == nullptr ? std::nullopt : detail::parse_long(spec->default_value);
}

std::optional<bool> NodeReader::boolean(std::string_view key) const {
  if (const Value* value = find(key)) {
    return value->ok ? std::optional<bool>(value->flag) : std::nullopt;
  }
  const KeySpec* spec = spec_of(key);
  assert(spec != nullptr && "key not declared in the table");
  return spec == nullptr ? std::nullopt : detail::parse_bool(spec->default_value);
}

std::optional<std::filesystem::path> NodeReader::path(std::string_view key) const {
  if (const Value* value = find(key)) {
    return value->ok ? std::optional<std::filesystem::path>(value->text) : std::nullopt;
  }
  const KeySpec* spec = spec_of(key);
  assert(spec != nullptr && "key not declared in the table");
  if (spec == nullptr || spec->default_value.empty()) {
    return std::nullopt;
  }
  return resolve(spec->default_value);
}

std::optional<std::string> NodeReader::secret(std::string_view key) const {
  return string(key);
}

std::vector<std::string> NodeReader::string_list(std::string_view key) const {
  if (const Value* value = find(key)) {
    return value->ok ? value->list : std::vector<std::string>{};
  }
  const KeySpec* spec = spec_of(key);
  assert(spec != nullptr && "key not declared in the table");
  return spec == nullptr ? std::vector<std::string>{} : split_default(spec->default_value);
}

YAML::Node NodeReader::node(std::string_view key) const {
  const Value* value = find(key);
  return value != nullptr ? value->value : YAML::Node();
}

Mark NodeReader::mark_of(std::string_view key) const {
  const Value* value = find(key);
  return value != nullptr ? detail::value_mark({value->key, value->value}, file_) : mark();
}

Mark NodeReader::mark() const {
  return config::mark_of(map_, file_);
}

std::string key_in(const NodeReader& reader, const std::string& key) {
  const std::string& context = reader.context();
  return "'" + key + "'" + (context.empty() ? "" : " in " + context);
}

}  // namespace atpipe::config
