// `merge:` — per-field source precedence (issue 2/7): which source's value an AT record
// returns when sources disagree, for the fields where a source's overall precedence is not
// the right answer (the register knows C(E)TR dates better than the trust, say).

#include <algorithm>
#include <set>

#include "config/loader_parts.hpp"
#include "config/yaml_support.hpp"

namespace atpipe::config::detail {

void read_merge(const NodeReader& top, const std::vector<SourceSpec>& sources, MergeSpec& out) {
  if (!top.has("merge")) {
    return;
  }
  const YAML::Node merge = top.node("merge");
  Diagnostics& diag = top.diagnostics();
  const auto& file = top.config_file();
  for (const auto& entry : entries_of(merge)) {
    if (entry.key.Scalar() != "precedence") {
      diag.error(mark_of(entry.key, file),
                 "unknown key '" + entry.key.Scalar() + "' in merge (allowed: precedence)");
      continue;
    }
    if (!entry.value.IsMap()) {
      diag.error(value_mark(entry, file),
                 "'precedence' in merge must map fields to lists of "
                 "sources, got " +
                     describe_node(entry.value));
      continue;
    }
    std::set<core::Field> seen;
    for (const auto& item : entries_of(entry.value)) {
      const std::string name = item.key.Scalar();
      const Mark at = mark_of(item.key, file);
      auto field = core::field_by_name(name);
      if (!field) {
        diag.error(at, unknown_field_message(name, "merge precedence"));
        continue;
      }
      if (!seen.insert(*field).second) {
        diag.error(at, "field '" + name + "' is given twice in merge precedence");
        continue;
      }
      if (!item.value.IsSequence() || item.value.size() == 0) {
        diag.error(value_mark(item, file), "merge precedence of '" + name +
                                               "' must be a list of source names, got " +
                                               describe_node(item.value));
        continue;
      }
      std::vector<std::string> order;
      for (const auto& source : item.value) {
        const Mark source_at = mark_of(source, file);
        const std::string source_name = source.IsScalar() ? source.Scalar() : "";
        auto spec = std::find_if(sources.begin(), sources.end(),
                                 [&](const SourceSpec& s) { return s.name == source_name; });
        if (spec == sources.end()) {
          std::vector<std::string> at_sources;
          for (const auto& s : sources) {
            if (s.role == SourceRole::At) {
              at_sources.push_back(s.name);
            }
          }
          diag.error(source_at, "merge precedence of '" + name + "' names '" + source_name +
                                    "', which is not a source (AT sources: " + join(at_sources) +
                                    ")");
          continue;
        }
        if (spec->role != SourceRole::At) {
          diag.error(source_at, "merge precedence of '" + name + "' names '" + source_name +
                                    "', a census source; only AT sources are merged");
          continue;
        }
        if (std::find(order.begin(), order.end(), source_name) != order.end()) {
          diag.error(source_at, "source '" + source_name +
                                    "' is given twice in merge "
                                    "precedence of '" +
                                    name + "'");
          continue;
        }
        order.push_back(source_name);
      }
      out.field_precedence[*field] = std::move(order);
    }
  }
}

}  // namespace atpipe::config::detail
