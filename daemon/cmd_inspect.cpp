#include <fmt/format.h>

#include <iostream>

#include "config/default_sink_registry.hpp"
#include "config/loader.hpp"
#include "config/source_factory.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "store/database.hpp"
#include "store/run_store.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {

int runs_command(const RunsCommand& cmd, const config::SourceRegistry& registry) {
  std::filesystem::path state;
  if (cmd.state) {
    state = *cmd.state;
  } else if (cmd.config) {
    auto cfg = load_config_or_report(*cmd.config, registry);
    if (!cfg) {
      return kExitConfig;
    }
    state = cfg->state.sqlite;
  } else {
    std::cerr << "atpipe runs: give --config FILE or --state PATH\n";
    return kExitUsage;
  }
  if (!std::filesystem::exists(state)) {
    std::cerr << "atpipe runs: no state database at " << state.string() << " (no runs yet)\n";
    return kExitIo;
  }
  // A reader: no run lock; WAL lets it read beside a run.
  auto db = store::Database::open(state);
  if (!db) {
    std::cerr << "atpipe runs: " << db.error().describe() << "\n";
    return kExitIo;
  }
  auto runs = store::RunStore(*db).list_runs(cmd.limit);
  if (!runs) {
    std::cerr << "atpipe runs: " << runs.error().describe() << "\n";
    return kExitIo;
  }
  std::cout << fmt::format("{:<24} {:<8} {:<8} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7}  {}\n", "RUN",
                           "PERIOD", "STATUS", "PULLED", "REJECT", "RETURN", "MATCHED", "QUERIES",
                           "SOURCES", "STARTED");
  for (const auto& r : *runs) {
    std::size_t pulled = 0;
    std::size_t rejected = 0;
    for (const auto& s : r.sources) {
      pulled += s.pulled;
      rejected += s.rejected;
    }
    std::cout << fmt::format("{:<24} {:<8} {:<8} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7}  {}\n",
                             r.run_id, r.period, r.status, pulled, rejected, r.in_return, r.matched,
                             r.queries, r.sources.size(), r.started_at);
  }
  return kExitOk;
}

namespace {

// One line per key: name, type, required/default/choices, what it is for.
void print_keys(const config::KeyTable& keys) {
  for (const auto& key : keys) {
    std::string extra = key.required ? "required" : "";
    if (!key.default_value.empty()) {
      extra += (extra.empty() ? "" : ", ") + std::string("default ") + key.default_value;
    }
    if (!key.choices.empty()) {
      std::string choices;
      for (const auto& c : key.choices) {
        choices += (choices.empty() ? "" : "|") + c;
      }
      extra += (extra.empty() ? "" : ", ") + choices;
    }
    std::cout << fmt::format("  {:<24} {:<10} {:<28} {}\n", key.name, config::to_string(key.type),
                             extra, key.doc);
  }
}

// `submission.sink` types, after the source types.
void print_sink_types() {
  const auto& sinks = config::default_sink_registry();
  if (!sinks) {
    return;
  }
  std::cout << "Sink types (submission.sink):\n";
  for (const auto& name : sinks->types()) {
    std::cout << fmt::format("  {:<12} {}\n", name, sinks->find(name)->summary());
  }
}

// The keys of sink type `type`; false when there is no such sink.
bool describe_sink(const std::string& type) {
  const auto& sinks = config::default_sink_registry();
  const auto* factory = sinks ? sinks->find(type) : nullptr;
  if (factory == nullptr) {
    return false;
  }
  std::cout << "sink type: " << type << " - " << factory->summary() << "\n";
  std::cout << "common keys: type, name\n";
  std::cout << "keys of sink type " << type << ":\n";
  print_keys(factory->keys());
  return true;
}

}  // namespace

int describe_command(const std::optional<std::string>& type,
                     const config::SourceRegistry& registry) {
  if (!type) {
    std::cout << "Source types:\n";
    for (const auto& name : registry.types()) {
      std::cout << fmt::format("  {:<12} {}\n", name, registry.find(name)->summary());
    }
    print_sink_types();
    return kExitOk;
  }
  const auto* factory = registry.find(*type);
  if (factory == nullptr && describe_sink(*type)) {
    return kExitOk;
  }
  if (factory == nullptr) {
    std::cerr << "atpipe describe: unknown source type '" << *type << "'\n";
    return kExitUsage;
  }
  std::cout << "type: " << *type << " - " << factory->summary() << "\n";
  std::cout << "common keys (every type):\n";
  print_keys(config::common_source_keys());
  std::cout << "keys of type " << *type << ":\n";
  print_keys(factory->keys());
  return kExitOk;
}

int rules_command() {
  std::cout << fmt::format("{:<9} {:<8} {:<7} {:<20} {}\n", "RULE", "SEVERITY", "SCOPE", "FIELD",
                           "MESSAGE");
  for (const auto& r : transforms::all_rules()) {
    std::cout << fmt::format("{:<9} {:<8} {:<7} {:<20} {}\n", r.id,
                             r.severity == core::Severity::Error ? "error" : "warning",
                             r.scope == transforms::RuleScope::AtOnly ? "at" : "at+census",
                             r.field.empty() ? "-" : r.field, r.message);
  }
  return kExitOk;
}

int fields_command() {
  auto kind_name = [](core::FieldKind k) -> std::string_view {
    switch (k) {
      case core::FieldKind::Text:
        return "text";
      case core::FieldKind::NhsNumber:
        return "nhs_number";
      case core::FieldKind::CalendarDate:
        return "date";
      case core::FieldKind::Postcode:
        return "postcode";
      case core::FieldKind::Code:
        return "code";
      case core::FieldKind::Ods:
        return "ods_code";
      case core::FieldKind::Flag:
        return "Y/N/NK";
      case core::FieldKind::CodeSet:
        return "codes";
      case core::FieldKind::Decimal:
        return "number";
      case core::FieldKind::CetrHistory:
        return "ctr_history";
    }
    return "?";
  };
  std::cout << fmt::format("{:<31} {:<11} {:<5} {:<26} {}\n", "FIELD", "KIND", "M/C/O", "CODE LIST",
                           "RETURN COLUMN");
  for (const auto& f : core::all_fields()) {
    std::cout << fmt::format("{:<31} {:<11} {:<5} {:<26} {}\n", f.name, kind_name(f.kind),
                             f.requirement, f.code_list.empty() ? "-" : f.code_list,
                             f.national_name);
  }
  return kExitOk;
}

}  // namespace atpipe::daemon
