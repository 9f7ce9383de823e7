#include "daemon/service/daemon_steps.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "daemon/source_step.hpp"
#include "store/database.hpp"
#include "store/schedule_store.hpp"

namespace atpipe::daemon::service {
namespace {

// Long enough for a manual `run --once` on the same state to finish; the stop bound still
// applies, since a stop abandons the wait with the step.
constexpr std::chrono::seconds kLockWait{120};

core::Expected<store::RunRecord> run_job(const StepContext& c, const std::string& period,
                                         core::Date today) {
  if (c.hooks.run_cut) {
    return c.hooks.run_cut(c.cfg, period, today);
  }
  RunOptions options;
  options.period = period;
  options.today = today;
  options.now = c.hooks.now;
  options.random = c.hooks.random;
  options.lock_wait = kLockWait;
  return RunJob(c.cfg, c.registry).run(options);
}

StepOutcome run_cut(const StepContext& c, const scheduler::Step& step) {
  // The monthly run is as of the day it runs; the weekly one as of the Sunday it cuts.
  const auto day =
      step.kind == scheduler::StepKind::WeeklyCut ? step.day : c.calendar.local_day(c.started);
  auto run = run_job(c, step.period, core::Date{day});
  if (!run) {
    return {"failed", run.error().describe()};
  }
  spdlog::info("step {}: run {} for period {}: {} ({} in the return, {} queries open)", step.key,
               run->run_id, run->period, run->status, run->in_return, run->queries);
  return {run->status == "ok" ? "ok" : "partial", "run " + run->run_id};
}

StepOutcome run_submission(const StepContext& c, const scheduler::Step& step) {
  if (!c.hooks.submission_enabled || !c.hooks.submission_enabled(*c.cfg)) {
    spdlog::info(
        "step {}: the return for {} is not submitted: the config has no 'submission:' "
        "section",
        step.key, step.period);
    return {"skipped", "no submission: section in the config"};
  }
  if (!c.hooks.submit) {
    spdlog::warn("step {}: the return for {} is not submitted: this build has no submission step",
                 step.key, step.period);
    return {"skipped", "no submission step in this build"};
  }
  auto sent = c.hooks.submit(c.cfg, step.period);
  if (!sent) {
    return {"failed", sent.error().describe()};
  }
  spdlog::info("step {}: {}", step.key, *sent);
  return {"ok", *sent};
}

core::Expected<long long> pull_one(const StepContext& c, const config::SourceSpec& spec,
                                   core::Date cut) {
  if (c.hooks.pull) {
    return c.hooks.pull(*c.cfg, spec, cut);
  }
  // No SourceState: a health pull takes nothing, so the next run still reads every file.
  auto pulled = pull_source(spec, c.registry, core::PullContext{cut, nullptr});
  if (!pulled) {
    return core::fail(pulled.error());
  }
  long long rows = 0;
  for (const auto& batch : pulled->batches) {
    rows += static_cast<long long>(batch.rows.size());
  }
  return rows;
}

StepOutcome run_pulls(const StepContext& c, const scheduler::Step& step) {
  const auto cut = core::month_end(step.period).value_or(core::Date{step.day});
  const auto at = date::format("%FT%TZ", c.started);
  auto db = store::Database::open(c.cfg->state.sqlite);
  if (!db) {
    return {"failed", db.error().describe()};
  }
  store::ScheduleStore schedule(*db);
  std::vector<std::string> failed;
  for (const auto& spec : c.cfg->sources) {
    auto rows = pull_one(c, spec, cut);
    if (rows) {
      spdlog::info("step {}: source '{}' ({}) pulled, {} row(s)", step.key, spec.name, spec.type,
                   *rows);
    } else {
      spdlog::error("step {}: source '{}' ({}) failed: {}", step.key, spec.name, spec.type,
                    rows.error().describe());
      failed.push_back(spec.name);
    }
    auto recorded = schedule.record_pull(spec.name, at, rows ? std::optional(*rows) : std::nullopt,
                                         rows ? "" : rows.error().describe());
    if (!recorded) {
      return {"failed", recorded.error().describe()};
    }
  }
  if (failed.empty()) {
    return {"ok", std::to_string(c.cfg->sources.size()) + " source(s) pulled"};
  }
  std::string names;
  for (const auto& name : failed) {
    names += (names.empty() ? "" : ", ") + name;
  }
  return {"partial", std::to_string(failed.size()) + " of " +
                         std::to_string(c.cfg->sources.size()) + " source(s) failed: " + names};
}

}  // namespace

StepOutcome run_scheduled_step(const StepContext& context, const scheduler::Step& step) {
  try {
    switch (step.kind) {
      case scheduler::StepKind::MonthlyCut:
      case scheduler::StepKind::WeeklyCut:
        return run_cut(context, step);
      case scheduler::StepKind::Submission:
        return run_submission(context, step);
      case scheduler::StepKind::Pull:
        return run_pulls(context, step);
    }
  } catch (const std::exception& e) {
    // A bug, but one step's failure must not end the schedule.
    return {"failed", std::string("unexpected error: ") + e.what()};
  }
  return {"failed", "unknown step"};
}

}  // namespace atpipe::daemon::service
