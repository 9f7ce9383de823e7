#pragma once

#include <optional>
#include <set>
#include <vector>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "core/expected.hpp"
#include "core/query.hpp"
#include "core/record.hpp"
#include "core/source_state.hpp"
#include "daemon/pending_source_state.hpp"
#include "daemon/run_job.hpp"
#include "store/database.hpp"
#include "store/query_store.hpp"
#include "store/run_lock.hpp"
#include "store/run_record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/finding_log.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/exact.hpp"
#include "transforms/reconcile/linked_rejected.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {

// The stages of one run (design.md "Interfaces": pull, map and validate, merge, derive, person
// rules, period, reconcile, queries, outputs, record), each with what it needs and gives in
// its signature. RunJob::run calls them in order; tests call them one by one.

// What a run holds on its state: the run lock (none for a dry run) and the one connection.
struct RunState {
  std::optional<store::RunLock> lock;
  store::Database db;
};

// Every source's rows after mapping and validation.
struct Pulled {
  std::vector<store::SourceCounts> counts;
  std::vector<core::Record> at_records;      // accepted AT rows
  std::vector<core::Record> census_records;  // accepted census rows (freed after the queries)
  // Every rejected row, whole (reconciliation links those refused only for an identifying
  // value), in pull order: the reject log's rows.
  std::vector<core::Record> rejected_records;
  // The warnings of accepted rows, in pull order: the warnings log's rows.
  transforms::FindingLog warnings;
  bool any_failed = false;
};

// The merged episodes the period keeps, and the patient-level findings to log.
struct PeriodSets {
  std::vector<const transforms::MergedPatient*> in_return;
  std::vector<const transforms::MergedPatient*> at_cut;  // checked against the census
  std::vector<core::Record> patient_rejects;  // one per finding, at the row that caused it
  transforms::FindingLog patient_warnings;    // warnings on patients that are returned
};

struct Reconciled {
  transforms::ReconcileResult result;
  // Rows refused only for an identifying value that took part in linkage (pointers into
  // Pulled::rejected_records and refused_census).
  transforms::RejectedForLinkage refused;
  std::vector<core::Record> refused_census;  // refused census rows of the cut's census
  std::set<core::QueryReason> not_checked;   // questions this run could not ask
  bool census_missing = false;
};

[[nodiscard]] core::Expected<transforms::Period> choose_period(const RunOptions& options);
// Takes the run lock (unless a dry run) and opens the one connection.
[[nodiscard]] core::Expected<RunState> open_state(const config::Config& cfg,
                                                  const RunOptions& options);
[[nodiscard]] core::Expected<store::RunRecord> start_record(const config::Config& cfg,
                                                            const transforms::Period& period,
                                                            const RunOptions& options,
                                                            store::Database& db);

// Pull, then map and validate, each source; a failed source is counted and left out.
[[nodiscard]] Pulled pull_and_validate(const config::Config& cfg,
                                       const config::SourceRegistry& registry,
                                       const transforms::RuleContext& rules,
                                       core::SourceState& taken);
[[nodiscard]] std::vector<transforms::MergedPatient> merge_episodes(
    const config::Config& cfg, std::vector<core::Record> at_records);
// Period membership of each episode; for those in the return: the record as at the cut, its
// spec version, derived fields, reference and patient-level checks.
[[nodiscard]] std::vector<transforms::Membership> derive_and_check(
    std::vector<transforms::MergedPatient>& patients, const transforms::Period& period,
    const transforms::RuleContext& rules);
// Rules across one person's episodes that had begun by the cut.
void apply_person_rules(std::vector<transforms::MergedPatient>& patients,
                        const std::vector<transforms::Membership>& memberships,
                        const transforms::RuleContext& rules);
// Sorts episodes into the return (and the census check); fills the run's episode counts.
// The warnings of a returned episode move to the sets: its record keeps no findings.
[[nodiscard]] PeriodSets select_period(std::vector<transforms::MergedPatient>& patients,
                                       const std::vector<transforms::Membership>& memberships,
                                       store::RunRecord& run);
[[nodiscard]] core::Expected<Reconciled> reconcile_with_census(const config::Config& cfg,
                                                               const transforms::Period& period,
                                                               const PeriodSets& sets,
                                                               Pulled& pulled,
                                                               store::RunRecord& run);
// The run's queries: reconciliation's and the source conflicts in the return.
[[nodiscard]] std::vector<core::Query> raise_queries(const config::Config& cfg,
                                                     Reconciled& reconciled, const PeriodSets& sets,
                                                     const Pulled& pulled, store::RunRecord& run);
// The query list as it would stand after this run (reads only). The list takes the raised
// queries it shows (store::QueryStore::plan_run_lending): store::give_back returns them to
// `raised` before anything reads them again (record_run).
[[nodiscard]] core::Expected<store::LifecyclePlan> plan_queries(store::Database& db,
                                                                std::vector<core::Query>& raised,
                                                                const transforms::Period& period,
                                                                const Reconciled& reconciled,
                                                                store::RunRecord& run);
// Writes the output set; `open_queries` (the plan's list) is left as it was.
[[nodiscard]] core::Expected<void> write_outputs(const config::Config& cfg,
                                                 const transforms::Period& period,
                                                 const PeriodSets& sets, const Pulled& pulled,
                                                 std::vector<core::TrackedQuery>& open_queries,
                                                 Reconciled& reconciled, store::RunRecord& run);
// Everything the run keeps in the state, in one transaction: a complete run's query changes
// and taken files, and the run record (a partial run keeps only its record). `planned` is
// plan_queries' plan of the same `raised` (its writes), used as it is when the database has not
// changed since; an empty one is planned again.
[[nodiscard]] core::Expected<void> record_run(store::Database& db, const RunOptions& options,
                                              const std::vector<core::Query>& raised,
                                              const Reconciled& reconciled,
                                              const store::QueryWrites& planned,
                                              PendingSourceState& pending, store::RunRecord& run);

}  // namespace atpipe::daemon
