#include <date/tz.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <random>

#include "config/loader.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/run_job.hpp"

namespace atpipe::daemon {
namespace {

void print_summary(const store::RunRecord& r, bool dry_run) {
  std::cout << fmt::format("atpipe run {}{} for period {}: {}\n", r.run_id,
                           dry_run ? " (dry run, nothing written)" : "", r.period, r.status);
  for (const auto& s : r.sources) {
    if (s.failed) {
      std::cout << fmt::format("  source {:<20} ({}, {}): FAILED: {}\n", s.source, s.type, s.role,
                               s.error);
    } else {
      std::cout << fmt::format(
          "  source {:<20} ({}, {}): {} pulled = {} accepted + {} rejected; {} warning(s)\n",
          s.source, s.type, s.role, s.pulled, s.accepted, s.rejected, s.warnings);
    }
    for (const auto& skipped : s.skipped) {
      std::cout << fmt::format("    skipped, not read: {}\n", skipped);
    }
  }
  std::cout << fmt::format(
      "  AT episodes: {} ({} in the return: {} in hospital at the cut, {} discharged in the "
      "period; {} rejected by patient-level rules; {} outside the period)\n",
      r.patients, r.in_return, r.inpatients_at_cut, r.discharged_in_period, r.patients_rejected,
      r.outside_period);
  if (r.census_missing) {
    std::cout << "  census: MISSING at the cut: no census rows, reconciliation skipped and the "
                 "census queries left as they were\n";
  }
  std::cout << fmt::format(
      "  census: {} record(s); matched {} ({} by probabilistic linkage, {} with discrepancies); "
      "possible matches to review {}; AT only {}; census only {}\n",
      r.census, r.matched, r.matched_probabilistic, r.matched_with_discrepancies, r.reviews,
      r.at_only, r.census_only);
  std::cout << fmt::format(
      "  AT records without a usable NHS number: {} found on the census, {} not found\n",
      r.linked_without_nhs, r.no_nhs_number);
  if (!r.linkage_fit.empty()) {
    // The first line says whether EM converged; the m and u per level are in the log.
    std::cout << fmt::format("  linkage model: {}\n", r.linkage_fit.front());
  }
  if (dry_run) {
    std::cout << fmt::format("  queries: {} raised\n", r.queries);
    return;
  }
  if (r.status != "ok") {
    std::cout << fmt::format(
        "  queries: not changed (partial run); {} would be open with this run's data\n", r.queries);
  } else {
    std::cout << fmt::format("  queries: {} open ({} new, {} resolved by this run's data)\n",
                             r.queries, r.queries_opened, r.queries_resolved);
  }
  std::cout << fmt::format("  return:      {}\n", r.return_path);
  for (const auto& f : r.query_files) {
    std::cout << fmt::format("  query list:  {}\n", f);
  }
  std::cout << fmt::format("  reject log:  {}\n", r.rejects_path);
  std::cout << fmt::format("  warnings:    {}\n", r.warnings_path);
  std::cout << fmt::format("  links:       {}\n", r.links_path);
  std::cout << fmt::format("  summary:     {} (and .xlsx)\n", r.summary_path);
}

}  // namespace

std::optional<core::Date> resolve_today(const std::optional<std::string>& override_date,
                                        const std::string& timezone) {
  if (override_date) {
    return core::parse_iso(*override_date);
  }
  auto now = std::chrono::system_clock::now();
  try {
    auto local = date::make_zoned(timezone, now).get_local_time();
    return core::Date{date::floor<date::days>(local)};
  } catch (const std::exception& e) {
    spdlog::warn("time zone '{}' unavailable ({}); using UTC", timezone, e.what());
    return core::Date{date::floor<date::days>(now)};
  }
}

config::ConfigPtr load_config_or_report(const std::string& file,
                                        const config::SourceRegistry& registry) {
  auto loaded = config::load_config(file, registry);
  if (loaded.ok()) {
    return loaded.config;
  }
  for (const auto& d : loaded.diagnostics) {
    std::cerr << d.describe() << "\n";
  }
  return nullptr;
}

int run_command(const RunCommand& cmd, const config::SourceRegistry& registry) {
  if (!cmd.once) {
    std::cerr << "atpipe run: use --once for one run now; the schedule is `atpipe daemon`\n";
    return kExitUsage;
  }
  auto cfg = load_config_or_report(cmd.config, registry);
  if (!cfg) {
    return kExitConfig;
  }
  auto today = resolve_today(cmd.today, cfg->organisation.timezone);
  if (!today) {
    std::cerr << "atpipe run: --today must be a date written YYYY-MM-DD\n";
    return kExitUsage;
  }
  RunOptions options;
  options.period = cmd.period;
  options.dry_run = cmd.dry_run;
  options.today = *today;
  options.now = [] { return std::chrono::system_clock::now(); };
  options.random = [] { return std::random_device{}(); };
  options.lock_wait = std::chrono::seconds(cmd.lock_wait_seconds);
  RunJob job(cfg, registry);
  auto result = job.run(options);
  if (!result) {
    std::cerr << "atpipe run: " << result.error().describe() << "\n";
    switch (result.error().code()) {
      case core::ErrorCode::Config:
        return kExitUsage;
      case core::ErrorCode::Busy:
        return kExitLocked;
      default:
        return kExitIo;
    }
  }
  print_summary(*result, cmd.dry_run);
  return result->status == "ok" ? kExitOk : kExitPartial;
}

}  // namespace atpipe::daemon
