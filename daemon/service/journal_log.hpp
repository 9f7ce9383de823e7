#pragma once

namespace atpipe::daemon::service {

// Sets the log line format for where stderr goes. In a terminal: "time level [logger] text".
// Under systemd (JOURNAL_STREAM set): "<N>[logger] text", with the sd-daemon(3) priority
// prefix journald reads (error <3>, warning <4>, info <6>, debug <7>) and no timestamp, since
// the journal keeps its own. Called once from main, before anything logs.
void configure_log_format();

// True when stderr is the journal's stream (JOURNAL_STREAM names stderr's device and inode).
[[nodiscard]] bool stderr_is_journal();

}  // namespace atpipe::daemon::service
