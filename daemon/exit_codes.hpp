#pragma once

namespace atpipe::daemon {

// Documented in the README ("Exit codes"); scripts and systemd rely on them.
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,          // a bug or an unexpected failure
  kExitUsage = 2,             // bad command line
  kExitConfig = 3,            // the config file is invalid (every error is printed)
  kExitPartial = 4,           // the run finished but at least one source failed
  kExitIo = 5,                // outputs or the state store could not be written or read
  kExitInvalidReturn = 6,     // validate-return found errors in the return file
  kExitLocked = 7,            // another run held the state's run lock for longer than --lock-wait
  kExitRefused = 8,           // submit refused the return (partial run, already sent, no reason)
  kExitAwaitingApproval = 9,  // submit prepared the return; it waits for --approve
};

}  // namespace atpipe::daemon
