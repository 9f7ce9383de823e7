#include "daemon/run_job.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cassert>
#include <cstdio>
#include <fstream>

#include "daemon/pending_source_state.hpp"
#include "daemon/run_stages.hpp"
#include "store/source_state_sqlite.hpp"

namespace atpipe::daemon {
namespace {

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// The memory the process holds now (resident pages). Next to the peak it shows whether a
// stage's high point was passing (a buffer freed before the stage ended) or still held.
long resident_mib() {
  std::ifstream statm("/proc/self/statm");
  long size = 0;
  long resident = 0;
  statm >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

// Logs (at debug level) how long each stage took and the peak memory so far, so that a slow
// or large run shows where its time goes: `atpipe run --log-level debug`.
class StageClock {
 public:
  void lap(const char* stage) {
    if (!spdlog::should_log(spdlog::level::debug)) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    spdlog::debug("stage {}: {} ms, peak RSS {} MiB, RSS now {} MiB", stage,
                  std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count(),
                  usage.ru_maxrss / 1024, resident_mib());
    last_ = now;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

RunJob::RunJob(config::ConfigPtr cfg, const config::SourceRegistry& registry)
    : cfg_(std::move(cfg)), registry_(registry) {}

std::string expand_name(const std::string& pattern, const std::string& commissioner,
                        const std::string& period, const std::string& run_id) {
  std::string out = pattern;
  replace_all(out, "{commissioner}", commissioner);
  replace_all(out, "{period}", period);
  replace_all(out, "{run_id}", run_id);
  return out;
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  return date::format("%FT%TZ", date::floor<std::chrono::seconds>(t));
}

std::string make_run_id(std::chrono::system_clock::time_point now, std::uint32_t random) {
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", random & 0xffffU);
  return date::format("%Y%m%dT%H%M%SZ", date::floor<std::chrono::seconds>(now)) + "-" + suffix;
}

core::Expected<store::RunRecord> RunJob::run(const RunOptions& options) const {
  assert(options.now && options.random);
  const auto& cfg = *cfg_;
  auto period = choose_period(options);
  if (!period) {
    return core::fail(period.error());
  }
  auto state = open_state(cfg, options);
  if (!state) {
    return core::fail(state.error());
  }
  auto run = start_record(cfg, *period, options, state->db);
  if (!run) {
    return run;
  }
  transforms::RuleContext rules{options.today, period->cut, config::SourceRole::At,
                                cfg.code_lists.get(), cfg.reference.get()};
  // Files sources take are kept only by a run that finishes complete (never by a dry run).
  store::SqliteSourceState taken(state->db, run->started_at);
  PendingSourceState pending(&taken);
  StageClock clock;
  auto pulled = pull_and_validate(cfg, registry_, rules, pending);
  clock.lap("pull, map and validate");
  run->sources = pulled.counts;
  run->status = pulled.any_failed ? "partial" : "ok";
  auto patients = merge_episodes(cfg, std::move(pulled.at_records));
  clock.lap("merge");
  auto memberships = derive_and_check(patients, *period, rules);
  apply_person_rules(patients, memberships, rules);
  auto sets = select_period(patients, memberships, *run);
  clock.lap("derive, person rules and period");
  auto reconciled = reconcile_with_census(cfg, *period, sets, pulled, *run);
  if (!reconciled) {
    return core::fail(reconciled.error());
  }
  clock.lap("reconcile");
  auto raised = raise_queries(cfg, *reconciled, sets, pulled, *run);
  // The census is reconciled and the queries name their patients: nothing later reads its
  // rows, and a large census is a large part of the run's memory at its peak (the outputs).
  std::vector<core::Record>().swap(pulled.census_records);
  clock.lap("raise queries");
  if (options.dry_run) {
    run->finished_at = iso_utc(options.now());
    return run;
  }
  auto plan = plan_queries(state->db, raised, *period, *reconciled, *run);
  if (!plan) {
    return core::fail(plan.error());
  }
  clock.lap("plan queries");
  // What record_run writes, unless the state changes while the outputs are written.
  auto planned = std::move(plan->writes);
  auto written = write_outputs(cfg, *period, sets, pulled, plan->result.open, *reconciled, *run);
  if (!written) {
    return core::fail(written.error());
  }
  store::give_back(std::move(plan->result.open), planned, raised);
  clock.lap("outputs");
  if (auto recorded = record_run(state->db, options, raised, *reconciled, planned, pending, *run);
      !recorded) {
    return core::fail(recorded.error());
  }
  clock.lap("record the run");
  return run;
}

}  // namespace atpipe::daemon
