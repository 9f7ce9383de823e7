#include <fmt/format.h>

#include <iostream>

#include "config/default_sink_registry.hpp"
#include "config/loader.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/submit_job.hpp"
#include "store/ledger.hpp"

namespace atpipe::daemon {
namespace {

int exit_for(const core::Error& error) {
  switch (error.code()) {
    case core::ErrorCode::Validation:
    case core::ErrorCode::NotFound:
      return kExitRefused;
    case core::ErrorCode::Config:
      return kExitConfig;
    case core::ErrorCode::Busy:
      return kExitLocked;
    case core::ErrorCode::Internal:
      return kExitInternal;
    default:
      return kExitIo;
  }
}

std::string approvals_text(const store::Submission& row) {
  std::string out;
  for (const auto& a : row.approvals) {
    out += (out.empty() ? "" : "; ") +
           ("approved by " + a.by + " " + a.at + " (sha256 " + a.sha256.substr(0, 12) + ")");
  }
  return out;
}

}  // namespace

int submit_command(const SubmitCommand& cmd, const config::SourceRegistry& registry) {
  if (cmd.approve && !cmd.by) {
    std::cerr << "atpipe submit: --approve needs --by NAME (who signs the return off)\n";
    return kExitUsage;
  }
  if (cmd.resubmit && !cmd.reason) {
    std::cerr << "atpipe submit: --resubmit needs --reason TEXT (it is kept in the ledger)\n";
    return kExitUsage;
  }
  if (cmd.approve && cmd.period && *cmd.period != *cmd.approve) {
    std::cerr << "atpipe submit: --approve names the period; leave out --period\n";
    return kExitUsage;
  }
  auto cfg = load_config_or_report(cmd.config, registry);
  if (!cfg) {
    return kExitConfig;
  }
  const auto& sinks = config::default_sink_registry();
  if (!sinks) {
    std::cerr << "atpipe submit: " << sinks.error().describe() << "\n";
    return kExitInternal;
  }
  SubmitOptions options;
  options.period = cmd.approve ? cmd.approve : cmd.period;
  options.dry_run = cmd.dry_run;
  options.resubmit = cmd.resubmit;
  options.reason = cmd.reason;
  options.approve_by = cmd.approve ? cmd.by : std::nullopt;
  options.now = [] { return std::chrono::system_clock::now(); };
  options.lock_wait = std::chrono::seconds(cmd.lock_wait_seconds);
  auto outcome = submit_period(*cfg, *sinks, options);
  if (!outcome) {
    std::cerr << "atpipe submit: " << outcome.error().describe() << "\n";
    return exit_for(outcome.error());
  }
  for (const auto& line : outcome->resumed) {
    std::cout << "resumed " << line << "\n";
  }
  std::cout << outcome->message << "\n";
  return outcome->action == SubmitAction::AwaitingApproval ? kExitAwaitingApproval : kExitOk;
}

int submissions_command(const SubmissionsCommand& cmd, const config::SourceRegistry& registry) {
  auto cfg = load_config_or_report(cmd.config, registry);
  if (!cfg) {
    return kExitConfig;
  }
  auto db = store::Database::open(cfg->state.sqlite);
  if (!db) {
    std::cerr << "atpipe submissions: " << db.error().describe() << "\n";
    return kExitIo;
  }
  store::Ledger ledger(*db);
  auto rows = ledger.history(cmd.limit);
  if (!rows) {
    std::cerr << "atpipe submissions: " << rows.error().describe() << "\n";
    return kExitIo;
  }
  if (rows->empty()) {
    std::cout << "no submissions yet\n";
    return kExitOk;
  }
  std::cout << fmt::format("{:>4}  {:<8} {:<18} {:>7}  {:<12}  {:<20} {}\n", "id", "period",
                           "state", "records", "sha256", "updated", "sink / receipt");
  for (const auto& r : *rows) {
    std::cout << fmt::format("{:>4}  {:<8} {:<18} {:>7}  {:<12}  {:<20} {} {}\n", r.id, r.period,
                             store::to_string(r.state), r.records, r.sha256.substr(0, 12),
                             r.updated_at, r.sink, r.receipt_id);
    for (const auto& extra : {r.reason.empty() ? "" : "resubmitted: " + r.reason,
                              r.hold.empty() ? "" : "held: " + r.hold, approvals_text(r),
                              r.error.empty() ? "" : "error: " + r.error}) {
      if (!extra.empty()) {
        std::cout << "        " << extra << "\n";
      }
    }
  }
  return kExitOk;
}

}  // namespace atpipe::daemon
