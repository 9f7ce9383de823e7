#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "core/date_value.hpp"
#include "core/expected.hpp"
#include "store/run_record.hpp"

namespace atpipe::daemon {

using Clock = std::function<std::chrono::system_clock::time_point()>;
using RandomSource = std::function<std::uint32_t()>;

struct RunOptions {
  std::optional<std::string> period;  // "YYYY-MM"; default: the last complete month
  bool dry_run = false;               // compute and report, write no outputs and no state
  core::Date today;                   // the extract date, Europe/London (injectable)
  // The run's only clock (run id, started_at, finished_at, pulled_at) and its only randomness
  // (the run id's suffix). Both required; the CLI passes the system's.
  Clock now;
  RandomSource random;
  // How long a run waits for another run on the same state to finish (the run lock).
  std::chrono::milliseconds lock_wait{std::chrono::seconds(30)};
};

// One run of the monthly job (design.md "Data flow", steps 1-7 less submission), as a short
// sequence of named stages (run_stages.hpp). A failed source does not stop the others; the
// run is then "partial" and changes nothing in the state but its own record. Used from one
// thread; the config and registry outlive it.
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

// "20261101T000000Z-1a2b": the time, then 16 random bits.
[[nodiscard]] std::string make_run_id(std::chrono::system_clock::time_point now,
                                      std::uint32_t random);
[[nodiscard]] std::string iso_utc(std::chrono::system_clock::time_point t);

}  // namespace atpipe::daemon
