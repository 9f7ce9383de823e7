#include <algorithm>
#include <exception>
#include <string>

#include "config/loader_parts.hpp"
#include "config/yaml_support.hpp"

namespace atpipe::config::detail {
namespace {

const KeyTable kCommonSinkKeys = {
    {"type", KeyType::String, true, "", {}, "the connector: a registered sink type"},
    {"name", KeyType::String, false, "submission", {}, "the sink's name in logs and the ledger"},
};

bool is_common_key(const std::string& name) {
  return std::any_of(kCommonSinkKeys.begin(), kCommonSinkKeys.end(),
                     [&](const KeySpec& spec) { return spec.name == name; });
}

// The common keys plus the factory's; when the type is unknown, a table that takes whatever
// is there, so that a typo in `type:` gives one error rather than one per key.
KeyTable sink_table(const std::vector<Entry>& entries, const SinkRegistry& registry,
                    const SinkFactory*& factory, Diagnostics& diag,
                    const std::filesystem::path& file) {
  KeyTable table = kCommonSinkKeys;
  factory = nullptr;
  const Entry* type = find_entry(entries, "type");
  if (type != nullptr && type->value.IsScalar()) {
    factory = registry.find(type->value.Scalar());
    if (factory == nullptr) {
      const auto known = registry.types();
      diag.error(value_mark(*type, file),
                 "unknown sink type '" + type->value.Scalar() + "' (known types: " +
                     (known.empty() ? std::string("none are registered") : join(known)) + ")");
    }
  }
  if (factory != nullptr) {
    for (const auto& spec : factory->keys()) {
      if (!is_common_key(spec.name)) {
        table.push_back(spec);
      }
    }
    return table;
  }
  for (const auto& entry : entries) {
    if (entry.key.IsScalar() && !is_common_key(entry.key.Scalar())) {
      table.push_back({entry.key.Scalar(), KeyType::Any, false, "", {}, ""});
    }
  }
  return table;
}

}  // namespace

void read_sink(const NodeReader& top, const SinkRegistry& registry, SinkSpec& out) {
  const YAML::Node node = top.node("sink");
  if (!node.IsMap()) {
    return;  // missing or the wrong shape: the submission reader has reported it
  }
  Diagnostics& diag = top.diagnostics();
  const auto& file = top.config_file();
  const std::size_t errors_before = diag.items().size();
  const SinkFactory* factory = nullptr;
  const auto entries = entries_of(node);
  const KeyTable table = sink_table(entries, registry, factory, diag, file);
  NodeReader reader(node, table, "submission.sink", diag, file);
  out.name = reader.string("name").value_or("submission");
  out.type = reader.string("type").value_or("");
  out.mark = reader.mark();
  if (factory == nullptr) {
    return;
  }
  try {
    out.connector = factory->parse(reader);
  } catch (const std::exception& e) {
    diag.error(reader.mark(), "sink type '" + out.type + "' failed to read submission.sink: " +
                                  e.what() + " (a bug in atpipe)");
  }
  if (out.connector == nullptr && diag.items().size() == errors_before) {
    diag.error(reader.mark(),
               "sink type '" + out.type + "' refused the settings of submission.sink");
  }
}

}  // namespace atpipe::config::detail
