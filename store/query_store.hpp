#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/query.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// What one run did to the query list.
struct LifecycleCounts {
  std::size_t opened = 0;            // raised for the first time (or again after closing)
  std::size_t still_open = 0;        // raised again; ages by a month each period
  std::size_t resolved_by_data = 0;  // open before, not raised by this run
  std::size_t suppressed = 0;        // raised, but a person resolved it by hand
};

struct LifecycleResult {
  LifecycleCounts counts;
  std::vector<core::TrackedQuery> open;  // every open query after the run, with its age
};

// One raised query that write() inserts or updates: where it is in the run's raised list, and
// the period it was first opened in.
struct QueryUpsert {
  std::size_t raised = 0;
  std::string opened_period;
};

// Every change one run makes to the queries table, without the query list itself (the values
// come from the run's raised queries): small enough to keep from the plan to the write.
struct QueryWrites {
  std::string period;
  bool replay = false;               // an earlier period than the newest: writes nothing
  std::vector<QueryUpsert> upserts;  // in the order of the raised list
  std::vector<std::string> closes;   // resolved by this run's data
  LifecycleCounts counts;
  std::size_t open = 0;   // queries open after the run
  WriteStamp planned_at;  // the database as the plan read it
};

// The order write() applies `upserts` in: by query id, equal ids in their raised order (so the
// last raised still wins). Filling the primary key's index front to back touches each of its
// pages once; in the raised order (ids are hashes) a large run writes pages at random.
[[nodiscard]] std::vector<const QueryUpsert*> in_id_order(const std::vector<QueryUpsert>& upserts,
                                                          const std::vector<core::Query>& raised);

// What applying one run's queries would do, worked out without writing (plan_run) so that a
// run can show its query list before it decides to keep anything.
struct LifecyclePlan {
  // result.open: the raised queries open after the run, in the order raised, then the open
  // ones this run did not check, by id.
  LifecycleResult result;
  QueryWrites writes;
};

// Returns to `raised` the queries plan_run_lending lent to `open` (its plan's result.open, with
// `writes` its plan's writes): each back where it was raised, as it was. Frees the list.
void give_back(std::vector<core::TrackedQuery> open, const QueryWrites& writes,
               std::vector<core::Query>& raised);

// The queries table of the state store: queries persist across runs so that they can age
// and be resolved, by later data or by hand (issue 3/7). Borrows the command's or the run's
// Database; used from that thread.
class QueryStore {
 public:
  explicit QueryStore(Database& db) : db_(&db) {}

  // What applying one run's queries for `period` would do; reads only. A run for an earlier
  // period than the newest one already applied (a replay) changes nothing and reports the
  // queries as they would stand. Open queries of a reason in `not_checked` (the run could not
  // ask that question, e.g. no census at the cut) stay open instead of being resolved.
  [[nodiscard]] core::Expected<LifecyclePlan> plan_run(
      const std::vector<core::Query>& raised, const std::string& period,
      const std::set<core::QueryReason>& not_checked = {}) const;
  // plan_run whose open list takes the raised queries it shows instead of copying them (a run
  // of 600k queries would otherwise hold two copies): those left in `raised` are moved-from,
  // but for their subject, until give_back returns them. Same plan, same list.
  [[nodiscard]] core::Expected<LifecyclePlan> plan_run_lending(
      std::vector<core::Query>& raised, const std::string& period,
      const std::set<core::QueryReason>& not_checked = {}) const;
  // plan_run's writes alone, without making the open list.
  [[nodiscard]] core::Expected<QueryWrites> plan_writes(
      const std::vector<core::Query>& raised, const std::string& period,
      const std::set<core::QueryReason>& not_checked = {}) const;
  // Writes what a plan of `raised` decided, inside the caller's transaction when one is open
  // (else in its own). `raised` is the list the plan was made from.
  [[nodiscard]] core::Expected<void> write(const QueryWrites& writes,
                                           const std::vector<core::Query>& raised,
                                           const std::string& run_id);
  // plan_run then write, in one transaction.
  [[nodiscard]] core::Expected<LifecycleResult> apply_run(
      const std::vector<core::Query>& raised, const std::string& period, const std::string& run_id,
      const std::set<core::QueryReason>& not_checked = {});

  // `status` empty = every status. Ages are counted to `as_of_period` (or the newest period).
  [[nodiscard]] core::Expected<std::vector<core::TrackedQuery>> list(
      const std::string& status, const std::string& owner) const;
  [[nodiscard]] core::Expected<std::optional<core::TrackedQuery>> find(const std::string& id) const;
  // Closes an open query by hand with a note; fails if the id is unknown or already closed.
  [[nodiscard]] core::Expected<core::TrackedQuery> resolve(const std::string& id,
                                                           const std::string& note);

 private:
  [[nodiscard]] core::Expected<std::string> newest_period() const;
  [[nodiscard]] core::Expected<std::vector<core::TrackedQuery>> select(
      const std::string& where, const std::vector<std::string>& args) const;

  Database* db_;
};

}  // namespace atpipe::store
