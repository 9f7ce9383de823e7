#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "core/date_value.hpp"
#include "core/expected.hpp"
#include "store/run_record.hpp"

namespace atpipe::daemon {

struct RunOptions {
  std::optional<std::string> period;  // "YYYY-MM"; default: the last complete month
  bool dry_run = false;               // compute and report, write no outputs and no state
  core::Date today;                   // the extract date, Europe/London (injectable)
  std::chrono::system_clock::time_point now;
};

// One run of the monthly job (design.md "Data flow", steps 1-7 less submission): pull every
// source, map, validate, merge, reconcile against the census, write the return, the query
// list, the reject log and the warnings log, and record the run. A failed source does not
// stop the others; the run is then "partial".
class RunJob {
 public:
  RunJob(config::ConfigPtr cfg, const config::SourceRegistry& registry);

  [[nodiscard]] core::Expected<store::RunRecord> run(const RunOptions& options) const;

 private:
  config::ConfigPtr cfg_;
  const config::SourceRegistry& registry_;
};

// "AT_{commissioner}_{period}.csv" with the placeholders filled in.
[[nodiscard]] std::string expand_name(const std::string& pattern, const std::string& commissioner,
                                      const std::string& period, const std::string& run_id);

[[nodiscard]] std::string make_run_id(std::chrono::system_clock::time_point now);
[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point t);

}  // namespace atpipe::daemon
