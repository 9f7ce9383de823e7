#include <spdlog/spdlog.h>

#include <optional>

#include "daemon/run_outputs.hpp"
#include "daemon/run_stages.hpp"

#include "store/run_store.hpp"

namespace atpipe::daemon {

core::Expected<RunState> open_state(const config::Config& cfg, const RunOptions& options) {
  std::optional<store::RunLock> lock;
  // A dry run writes nothing, so it reads beside a run like `atpipe runs` does.
  if (!options.dry_run) {
    auto taken = store::RunLock::acquire(cfg.state.sqlite, options.lock_wait);
    if (!taken) {
      return core::fail(taken.error());
    }
    lock.emplace(std::move(*taken));
  }
  auto db = store::Database::open(cfg.state.sqlite);
  if (!db) {
    return core::fail(db.error());
  }
  return RunState{std::move(lock), std::move(*db)};
}

core::Expected<store::RunRecord> start_record(const config::Config& cfg,
                                              const transforms::Period& period,
                                              const RunOptions& options, store::Database& db) {
  store::RunRecord run;
  const auto started = options.now();
  run.started_at = iso_utc(started);
  run.period = period.label;
  run.config_path = cfg.file.string();
  store::RunStore runs(db);
  // Two runs in one second draw again rather than collide; the run lock keeps the check true.
  for (int attempt = 0; attempt < 16 && run.run_id.empty(); ++attempt) {
    auto id = make_run_id(started, options.random());
    auto used = runs.has_run(id);
    if (!used) {
      return core::fail(used.error());
    }
    if (!*used) {
      run.run_id = std::move(id);
    }
  }
  if (run.run_id.empty()) {
    return core::fail(core::ErrorCode::Internal, "no free run id for " + run.started_at);
  }
  spdlog::info("run {} for period {} (cut {})", run.run_id, period.label, core::to_iso(period.cut));
  return run;
}

core::Expected<store::LifecyclePlan> plan_queries(store::Database& db,
                                                  std::vector<core::Query>& raised,
                                                  const transforms::Period& period,
                                                  const Reconciled& reconciled,
                                                  store::RunRecord& run) {
  auto plan = store::QueryStore(db).plan_run_lending(raised, period.label, reconciled.not_checked);
  if (!plan) {
    return plan;
  }
  // plan_run gives each open query the subject of the first raised query of its id, as
  // transforms::attach_subjects would.
  run.queries = plan->result.open.size();
  run.queries_opened = plan->result.counts.opened;
  run.queries_resolved = plan->result.counts.resolved_by_data;
  return plan;
}

core::Expected<void> write_outputs(const config::Config& cfg, const transforms::Period& period,
                                   const PeriodSets& sets, const Pulled& pulled,
                                   std::vector<core::TrackedQuery>& open_queries,
                                   Reconciled& reconciled, store::RunRecord& run) {
  std::vector<const core::Record*> rejected;
  for (const auto& rec : pulled.rejected_records) {
    rejected.push_back(&rec);
  }
  for (const auto& rec : sets.patient_rejects) {
    rejected.push_back(&rec);
  }
  RunOutputs outputs{sets.in_return,
                     std::move(open_queries),
                     std::move(reconciled.result.links),
                     std::move(rejected),
                     {&pulled.warnings, &sets.patient_warnings}};
  // A partial run's set is kept for inspection but never published over a complete one.
  outputs.complete = run.status == "ok";
  auto written = write_run_outputs(cfg, period, outputs, run);
  // The list holds the run's raised queries, which record_run needs back (store::give_back).
  open_queries = std::move(outputs.open_queries);
  return written;
}

namespace {

// A complete run's query changes. They are planned again inside the write lock, so that a
// query resolved by hand while the run worked (`atpipe queries resolve`, on another
// connection) stays resolved; when nothing was written to the database since plan_queries
// read it, that plan still holds and is written as it is.
core::Expected<void> keep_queries(store::Database& db, const std::vector<core::Query>& raised,
                                  const Reconciled& reconciled, const store::QueryWrites& planned,
                                  store::RunRecord& run) {
  auto now = db.write_stamp();
  if (!now) {
    return core::fail(now.error());
  }
  store::QueryStore queries(db);
  std::optional<store::QueryWrites> again;
  const store::QueryWrites* writes = &planned;
  if (!planned.planned_at.same_as(*now) || planned.period != run.period) {
    // Only the writes: the list was written with the outputs.
    auto plan = queries.plan_writes(raised, run.period, reconciled.not_checked);
    if (!plan) {
      return core::fail(plan.error());
    }
    again = std::move(*plan);
    writes = &*again;
  }
  if (auto written = queries.write(*writes, raised, run.run_id); !written) {
    return written;
  }
  run.queries = writes->open;
  run.queries_opened = writes->counts.opened;
  run.queries_resolved = writes->counts.resolved_by_data;
  return {};
}

}  // namespace

core::Expected<void> record_run(store::Database& db, const RunOptions& options,
                                const std::vector<core::Query>& raised,
                                const Reconciled& reconciled, const store::QueryWrites& planned,
                                PendingSourceState& pending, store::RunRecord& run) {
  run.finished_at = iso_utc(options.now());
  auto tx = db.begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  if (run.status == "ok") {
    if (auto kept = keep_queries(db, raised, reconciled, planned, run); !kept) {
      return kept;
    }
    pending.commit();
  } else {
    // A partial run saw only part of the data: it neither opens nor closes anything.
    run.queries_opened = run.queries_resolved = 0;
  }
  if (auto recorded = store::RunStore(db).record_run(run); !recorded) {
    return recorded;
  }
  if (!tx->commit()) {
    return db.error("cannot commit run " + run.run_id);
  }
  return {};
}

}  // namespace atpipe::daemon
