#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/expected.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// One scheduled step the daemon finished (or gave up on): it is never run again.
struct StepRecord {
  std::string step;         // "cut:2026-10", "submit:2026-10", "pull:2026-11-05", ...
  std::string kind;         // cut, weekly cut, submission, pull
  std::string period;       // "2026-10"
  std::string due_at;       // ISO 8601 UTC
  std::string finished_at;  // ISO 8601 UTC
  std::string outcome;      // ok, partial, failed, skipped
  std::string detail;       // a run id or an error; never patient data
};

// The last scheduled pull of one source, for the status API.
struct SourcePullRecord {
  std::string source;
  std::string last_attempt_at;
  std::string last_success_at;  // "" = never
  long long last_rows = 0;      // rows in the last successful pull
  std::string last_error;       // "" when the last attempt succeeded
  std::string last_error_at;
};

// The daemon's schedule in the state store: the steps done (so each runs once across
// restarts), the baseline (when the daemon first ran on this state, so a new install does not
// replay history) and each source's last pull. Borrows the daemon's Database; one thread.
class ScheduleStore {
 public:
  explicit ScheduleStore(Database& db) : db_(&db) {}

  // The baseline, set to `now` the first time it is asked for.
  [[nodiscard]] core::Expected<std::string> baseline(const std::string& now);
  [[nodiscard]] core::Expected<std::set<std::string>> done_steps() const;
  [[nodiscard]] core::Expected<void> record_step(const StepRecord& step);
  [[nodiscard]] core::Expected<std::vector<StepRecord>> recent_steps(std::size_t limit) const;
  // A pull that worked clears the last error; one that failed keeps the last success.
  [[nodiscard]] core::Expected<void> record_pull(const std::string& source, const std::string& at,
                                                 std::optional<long long> rows,
                                                 const std::string& error);
  [[nodiscard]] core::Expected<std::vector<SourcePullRecord>> pulls() const;

 private:
  Database* db_;
};

}  // namespace atpipe::store
