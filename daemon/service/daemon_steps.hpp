#pragma once

// How each kind of scheduled step is carried out, private to daemon/service/.

#include <string>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "daemon/scheduler/calendar.hpp"
#include "daemon/service/daemon.hpp"

namespace atpipe::daemon::service {

struct StepOutcome {
  std::string outcome;  // ok, partial, failed, skipped
  std::string detail;   // a run id, what was skipped and why, or the error; no patient data
};

// What one step runs with: the config in force when it started, never a reload's.
struct StepContext {
  config::ConfigPtr cfg;
  const scheduler::Calendar& calendar;
  const config::SourceRegistry& registry;
  const DaemonHooks& hooks;
  scheduler::Time started;
};

// The monthly or weekly cut runs the run (RunJob) for its period; a submission calls the
// submission step (or is skipped, saying why); a pull pulls every source and records each
// source's result in the state store. Never throws.
[[nodiscard]] StepOutcome run_scheduled_step(const StepContext& context,
                                             const scheduler::Step& step);

}  // namespace atpipe::daemon::service
