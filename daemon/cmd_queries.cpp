#include <fmt/format.h>

#include <iostream>

#include "config/loader.hpp"
#include "core/nhs_number.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "store/database.hpp"
#include "store/query_store.hpp"

namespace atpipe::daemon {
namespace {

// The state database named by --state, or by the config's state.sqlite.
std::optional<std::filesystem::path> state_path(const QueriesCommand& cmd,
                                                const config::SourceRegistry& registry) {
  if (cmd.state) {
    return std::filesystem::path(*cmd.state);
  }
  if (!cmd.config) {
    std::cerr << "atpipe queries: give --config FILE or --state PATH\n";
    return std::nullopt;
  }
  auto cfg = load_config_or_report(*cmd.config, registry);
  if (!cfg) {
    return std::nullopt;
  }
  return cfg->state.sqlite;
}

void print_one(const core::TrackedQuery& t) {
  const auto& q = t.query;
  auto line = [](const char* label, const std::string& value) {
    if (!value.empty()) {
      std::cout << fmt::format("{:<16} {}\n", label, value);
    }
  };
  line("query", q.id);
  line("reason",
       std::string(core::reason_code(q.reason)) + ": " + std::string(core::reason_text(q.reason)));
  line("status", std::string(core::to_string(t.status)));
  line("owner", q.owner);
  line("opened", t.opened_period);
  line("age (months)", std::to_string(t.age_months));
  line("last raised", t.last_seen_period);
  line("closed", t.closed_period);
  line("note", t.note);
  line("action", q.action);
  line("NHS number", q.nhs_number);
  line("AT records", q.at_refs);
  line("census record", q.census_ref);
  line("field", q.field);
  line("value returned",
       q.value_returned.empty() ? "" : q.value_returned + "  (" + q.returned_from + ")");
  line("other value", q.other_value.empty() ? "" : q.other_value + "  (" + q.other_from + ")");
}

}  // namespace

int queries_command(const QueriesCommand& cmd, const config::SourceRegistry& registry) {
  auto path = state_path(cmd, registry);
  if (!path) {
    return cmd.config ? kExitConfig : kExitUsage;
  }
  if (!std::filesystem::exists(*path)) {
    std::cerr << "atpipe queries: no state database at " << path->string() << " (no runs yet)\n";
    return kExitIo;
  }
  // No run lock: reads share the state with a run through WAL, and a run plans its query
  // changes again inside its one write transaction, so a resolve here is never lost.
  auto db = store::Database::open(*path);
  if (!db) {
    std::cerr << "atpipe queries: " << db.error().describe() << "\n";
    return kExitIo;
  }
  store::QueryStore queries(*db);
  auto* store = &queries;
  if (cmd.action == "list") {
    std::string status = cmd.status == "all" ? "" : cmd.status;
    auto rows = store->list(status, cmd.owner.value_or(""));
    if (!rows) {
      std::cerr << "atpipe queries: " << rows.error().describe() << "\n";
      return kExitIo;
    }
    // NHS numbers are masked in listings; `queries show ID` gives the whole query.
    std::cout << fmt::format("{:<14} {:<16} {:<18} {:<17} {:<8} {:>3}  {:<11} {}\n", "QUERY",
                             "REASON", "OWNER", "STATUS", "OPENED", "AGE", "NHS", "FIELD");
    for (const auto& t : *rows) {
      std::cout << fmt::format("{:<14} {:<16} {:<18} {:<17} {:<8} {:>3}  {:<11} {}\n", t.query.id,
                               core::reason_code(t.query.reason), t.query.owner,
                               core::to_string(t.status), t.opened_period, t.age_months,
                               core::mask_nhs_number(t.query.nhs_number), t.query.field);
    }
    std::cerr << rows->size() << " quer" << (rows->size() == 1 ? "y" : "ies") << "\n";
    return kExitOk;
  }
  if (cmd.action == "show") {
    auto found = store->find(cmd.id);
    if (!found) {
      std::cerr << "atpipe queries: " << found.error().describe() << "\n";
      return kExitIo;
    }
    if (!*found) {
      std::cerr << "atpipe queries: no query with id '" << cmd.id << "'\n";
      return kExitUsage;
    }
    print_one(**found);
    return kExitOk;
  }
  auto resolved = store->resolve(cmd.id, cmd.note);
  if (!resolved) {
    std::cerr << "atpipe queries resolve: " << resolved.error().message() << "\n";
    return resolved.error().code() == core::ErrorCode::State ? kExitIo : kExitUsage;
  }
  std::cout << "resolved " << resolved->query.id << " by hand in " << resolved->closed_period
            << "\n";
  return kExitOk;
}

}  // namespace atpipe::daemon
