#include <algorithm>
#include <climits>
#include <exception>
#include <optional>
#include <utility>

#include "config/loader_parts.hpp"
#include "config/source_factory.hpp"
#include "config/yaml_support.hpp"

namespace atpipe::config {

const KeyTable& common_source_keys() {
  static const KeyTable table = {
      {"type", KeyType::String, true, "", {}, "the connector: a registered source type"},
      {"role",
       KeyType::Enum,
       false,
       "at",
       {"at", "census"},
       "at: feeds the AT record set; census: what reconciliation checks it against"},
      {"precedence",
       KeyType::Int,
       false,
       "100",
       {},
       "1 or more; a lower number wins field conflicts between sources"},
      {"max_field_length",
       KeyType::Int,
       false,
       std::to_string(SourceSpec{}.max_field_length),
       {},
       "longest value (bytes) a mapped column may hold; a longer one rejects its row"},
      {"mapping", KeyType::Map, true, "", {}, "canonical field -> column, value or format"},
  };
  return table;
}

}  // namespace atpipe::config

namespace atpipe::config::detail {
namespace {

const KeyTable& common_keys() {
  return common_source_keys();
}

bool is_common_key(const std::string& name) {
  const auto& table = common_keys();
  return std::any_of(table.begin(), table.end(),
                     [&](const KeySpec& spec) { return spec.name == name; });
}

bool valid_source_name(const std::string& name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// A key table that accepts whatever a source of unknown type holds, so that a typo in
// `type:` gives one error instead of one per connector key.
KeyType shape_of(const YAML::Node& node) {
  if (node.IsMap()) {
    return KeyType::Map;
  }
  return node.IsSequence() ? KeyType::Sequence : KeyType::Any;
}

// The key table for one source: the common keys plus its factory's, or a tolerant table
// when the type is unknown. Reports an unknown type at its value.
KeyTable table_for(const std::vector<Entry>& entries, const SourceRegistry& registry,
                   const SourceFactory*& factory, Diagnostics& diag,
                   const std::filesystem::path& file) {
  KeyTable table = common_keys();
  factory = nullptr;
  const Entry* type = find_entry(entries, "type");
  if (type != nullptr && type->value.IsScalar()) {
    factory = registry.find(type->value.Scalar());
    if (factory == nullptr) {
      const auto known = registry.types();
      diag.error(value_mark(*type, file),
                 "unknown source type '" + type->value.Scalar() + "' (known types: " +
                     (known.empty() ? std::string("none are registered") : join(known)) + ")");
    }
  }
  if (factory != nullptr) {
    for (const auto& spec : factory->keys()) {
      if (is_common_key(spec.name)) {
        diag.error(value_mark(*type, file), "source type '" + std::string(factory->type()) +
                                                "' declares the common key '" + spec.name +
                                                "' (a bug in atpipe)");
        continue;
      }
      table.push_back(spec);
    }
    return table;
  }
  for (const auto& entry : entries) {
    if (entry.key.IsScalar() && !is_common_key(entry.key.Scalar())) {
      table.push_back({entry.key.Scalar(), shape_of(entry.value), false, "", {}, ""});
    }
  }
  return table;
}

std::optional<SourceSpec> read_source(const Entry& entry, const std::string& name,
                                      const SourceRegistry& registry, const CodeMaps& code_maps,
                                      Diagnostics& diag, const std::filesystem::path& file) {
  const std::string what = "source '" + name + "'";
  if (!entry.value.IsMap()) {
    diag.error(value_mark(entry, file),
               what + " must be a mapping, got " + describe_node(entry.value));
    return std::nullopt;
  }
  const std::size_t errors_before = diag.items().size();
  const SourceFactory* factory = nullptr;
  const auto entries = entries_of(entry.value);
  const KeyTable table = table_for(entries, registry, factory, diag, file);
  NodeReader reader(entry.value, table, what, diag, file);

  SourceSpec spec;
  spec.name = name;
  spec.mark = mark_of(entry.key, file);
  spec.type = reader.string("type").value_or("");
  spec.role =
      reader.string("role").value_or("at") == "census" ? SourceRole::Census : SourceRole::At;
  if (auto precedence = reader.integer("precedence")) {
    if (*precedence < 1 || *precedence > INT_MAX) {
      diag.error(
          reader.mark_of("precedence"),
          "'precedence' in " + what + " must be 1 or more, got " + std::to_string(*precedence));
    } else {
      spec.precedence = static_cast<int>(*precedence);
    }
  }
  if (auto longest = reader.integer("max_field_length")) {
    if (*longest < 1) {
      diag.error(
          reader.mark_of("max_field_length"),
          "'max_field_length' in " + what + " must be 1 or more, got " + std::to_string(*longest));
    } else {
      spec.max_field_length = static_cast<std::size_t>(*longest);
    }
  }
  spec.mapping = read_mapping(reader, name, code_maps);
  if (spec.role == SourceRole::At && reader.node("mapping").IsMap()) {
    for (const core::Field required : {core::Field::LocalId, core::Field::NhsNumber}) {
      const bool mapped = std::any_of(spec.mapping.begin(), spec.mapping.end(),
                                      [&](const FieldMapping& m) { return m.field == required; });
      if (!mapped) {
        diag.error(reader.mark_of("mapping"),
                   what + " must map '" + std::string(core::field_info(required).name) + "'");
      }
    }
  }
  if (factory == nullptr) {
    return std::nullopt;
  }

  try {
    spec.connector = factory->parse(reader);
  } catch (const std::exception& e) {
    diag.error(reader.mark(), "source type '" + spec.type + "' failed to read " + what + ": " +
                                  e.what() + " (a bug in atpipe)");
  }
  // A factory that refuses a config must say why; if it did not, and nothing else was
  // wrong, say so rather than load a source with no connector settings.
  if (spec.connector == nullptr && diag.items().size() == errors_before) {
    diag.error(reader.mark(), "source type '" + spec.type + "' refused the settings of " + what);
  }
  return spec;
}

}  // namespace

std::vector<SourceSpec> read_sources(const NodeReader& top, const SourceRegistry& registry,
                                     const CodeMaps& code_maps) {
  std::vector<SourceSpec> out;
  Diagnostics& diag = top.diagnostics();
  const auto& file = top.config_file();
  const YAML::Node sources = top.node("sources");
  if (!sources.IsMap()) {
    return out;  // the top-level reader has reported the shape
  }
  const auto entries = entries_of(sources);
  if (entries.empty()) {
    diag.error(top.mark_of("sources"), "'sources' must list at least one source");
    return out;
  }
  std::vector<std::pair<std::string, Mark>> seen;
  bool any_at = false;
  for (const auto& entry : entries) {
    const Mark key_mark = mark_of(entry.key, file);
    if (!entry.key.IsScalar()) {
      diag.error(key_mark, "source names must be plain names, got " + describe_node(entry.key));
      continue;
    }
    const std::string& name = entry.key.Scalar();
    if (!valid_source_name(name)) {
      diag.error(key_mark, "source name '" + name +
                               "' must start with a lower-case letter and hold only a-z, 0-9 "
                               "and '_'");
    }
    const auto first = std::find_if(seen.begin(), seen.end(),
                                    [&](const auto& item) { return item.first == name; });
    if (first != seen.end()) {
      diag.error(key_mark, "source '" + name + "' given twice" + first_at(first->second));
      continue;
    }
    seen.emplace_back(name, key_mark);
    // Judged on the raw value so that a source with other errors (an unknown type, a bad
    // role) does not also bring a misleading "no source has role 'at'".
    const auto source_entries = entries_of(entry.value);
    const Entry* role = find_entry(source_entries, "role");
    const bool census =
        role != nullptr && role->value.IsScalar() && role->value.Scalar() == "census";
    any_at = any_at || !census;
    if (auto spec = read_source(entry, name, registry, code_maps, diag, file)) {
      out.push_back(std::move(*spec));
    }
  }
  if (!any_at && !seen.empty()) {
    diag.error(top.mark_of("sources"), "no source has role 'at'; at least one is needed");
  }
  return out;
}

}  // namespace atpipe::config::detail
