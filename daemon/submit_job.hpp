#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/model.hpp"
#include "config/sink_registry.hpp"
#include "core/expected.hpp"
#include "store/ledger.hpp"

namespace atpipe::daemon {

struct SubmitOptions {
  // "YYYY-MM"; default: the period of the newest recorded run.
  std::optional<std::string> period;
  // Decide and report what would happen; write nothing, send nothing, take no lock.
  bool dry_run = false;
  // --resubmit: send content already sent for the period again (needs `reason`).
  bool resubmit = false;
  // Why this is a resubmission (--reason); required for the same content again and for a
  // changed return of a period already sent.
  std::optional<std::string> reason;
  // --approve PERIOD --by NAME: sign off the return waiting for approval, then send it.
  std::optional<std::string> approve_by;
  // The only clock (ledger timestamps); required.
  std::function<std::chrono::system_clock::time_point()> now;
  std::chrono::milliseconds lock_wait{std::chrono::seconds(30)};
};

enum class SubmitAction {
  Sent,              // delivered; the receiver has not confirmed yet
  Acknowledged,      // delivered and confirmed (a folder or upload confirms at once)
  AwaitingApproval,  // prepared; waits for `atpipe submit --approve`
  WouldSend,         // dry run
  WouldWait,         // dry run: would wait for approval
};

// What one submit did, for the CLI and the daemon's log.
struct SubmitOutcome {
  std::string period;
  SubmitAction action = SubmitAction::Sent;
  std::string message;                   // one line for people, no patient data
  std::optional<store::Submission> row;  // the ledger row it worked on (none in a dry run)
  std::vector<std::string> resumed;      // what was settled of unfinished rows first
};

// The submission step (design.md step 8), for `atpipe submit` and the daemon's schedule.
// Under the run lock: settles unfinished ledger rows first (a row left in `sending` is looked
// up at the receiver by its local id before anything is sent again); then takes the newest
// run of the period, refuses it when it was partial (a failed source, no census at the cut),
// makes the upload file from its return by `submission.profile`, checks it against the
// profile, and records, holds or sends it by the ledger's rules: same content once unless
// resubmitted with a reason, a changed return of a sent period only with a reason, sign-off
// when `approval: required` or the record count dropped by `hold_if_drop_percent`, and a
// changed return after sign-off signed off again. Refusals are errors that say why and what
// to do. A failed send the receiver may still have got stays `sending` and is settled next
// time; one it refused is `failed`.
[[nodiscard]] core::Expected<SubmitOutcome> submit_period(const config::Config& cfg,
                                                          const config::SinkRegistry& sinks,
                                                          const SubmitOptions& options);

}  // namespace atpipe::daemon
