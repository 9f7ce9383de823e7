#pragma once

#include <optional>
#include <string>

#include "config/source_registry.hpp"
#include "core/date_value.hpp"

namespace atpipe::daemon {

// The CLI subcommands. Each returns an exit code (exit_codes.hpp) and prints for people on
// stdout, diagnostics on stderr. Called once from main on the main thread.

struct RunCommand {
  std::string config;
  std::optional<std::string> period;
  std::optional<std::string> today;  // YYYY-MM-DD; replays a run as of that date
  bool once = false;
  bool dry_run = false;
  unsigned lock_wait_seconds = 30;  // how long to wait for another run on the same state
};
[[nodiscard]] int run_command(const RunCommand& cmd, const config::SourceRegistry& registry);

struct CheckConfigCommand {
  std::string file;
  // Also read each source's header where that is cheap (csv files) and check that every
  // mapped column is there.
  bool probe = false;
};
[[nodiscard]] int check_config_command(const CheckConfigCommand& cmd,
                                       const config::SourceRegistry& registry);

struct RunsCommand {
  std::optional<std::string> config;
  std::optional<std::string> state;
  std::size_t limit = 20;
};
[[nodiscard]] int runs_command(const RunsCommand& cmd, const config::SourceRegistry& registry);

struct PreviewCommand {
  std::string config;
  std::string source;
  std::size_t limit = 20;
  std::string format = "table";
  std::optional<std::string> today;
};
[[nodiscard]] int preview_command(const PreviewCommand& cmd,
                                  const config::SourceRegistry& registry);

struct QueriesCommand {
  std::string action;  // list | show | resolve
  std::optional<std::string> config;
  std::optional<std::string> state;
  std::string status = "open";  // list filter: open, resolved_by_data, resolved_by_hand, all
  std::optional<std::string> owner;
  std::string id;
  std::string note;
};
[[nodiscard]] int queries_command(const QueriesCommand& cmd,
                                  const config::SourceRegistry& registry);

struct ValidateReturnCommand {
  std::string file;
  bool warnings = false;  // also print warnings (errors are always printed)
  std::optional<std::string> today;
  std::optional<std::string> code_lists;  // replaces the built-in lists it names
  // A run's config: its code lists, reference data (MPSL, commissioners) and time zone.
  std::optional<std::string> config;
  // Check the file strictly as an upload file against --config's submission.profile (or the
  // built-in profile) instead of against the AT rules.
  bool profile = false;
};
// Checks any return file (ours or hand-made) against the same rules as a run.
[[nodiscard]] int validate_return_command(const ValidateReturnCommand& cmd,
                                          const config::SourceRegistry& registry);

struct SubmitCommand {
  std::string config;
  std::optional<std::string> period;
  bool dry_run = false;
  std::optional<std::string> approve;  // the period signed off
  std::optional<std::string> by;       // who signs off
  bool resubmit = false;
  std::optional<std::string> reason;
  unsigned lock_wait_seconds = 30;
};
// Sends (or holds for sign-off) the newest run's return by submission.sink (submit_job.hpp).
[[nodiscard]] int submit_command(const SubmitCommand& cmd, const config::SourceRegistry& registry);

struct SubmissionsCommand {
  std::string config;
  std::size_t limit = 20;
};
// The submission ledger: states, receipts, approvals, resubmission reasons.
[[nodiscard]] int submissions_command(const SubmissionsCommand& cmd,
                                      const config::SourceRegistry& registry);

// validate-return --profile: `file` checked strictly against the config's upload profile
// (the built-in one when `cfg` is null or has no submission section).
[[nodiscard]] int validate_upload_command(const std::string& file, const config::Config* cfg);
struct StatusCommand {
  std::string config;
  bool json = false;  // print /status JSON as it is
};
// Where things stand: asks the daemon's /status when it listens, else reads the state store
// and says the daemon is not running.
[[nodiscard]] int status_command(const StatusCommand& cmd, const config::SourceRegistry& registry);

struct ServeStatusCommand {
  std::string config;
  std::optional<std::string> listen;  // HOST:PORT over status.listen; port 0 picks one
};
// Only the status API and dashboard, on their own io_context, until SIGINT or SIGTERM.
// `atpipe daemon` serves the same on its own io_context (service/daemon_status.hpp).
[[nodiscard]] int serve_status_command(const ServeStatusCommand& cmd,
                                       const config::SourceRegistry& registry);

[[nodiscard]] int describe_command(const std::optional<std::string>& type,
                                   const config::SourceRegistry& registry);
[[nodiscard]] int rules_command();
// Lists the canonical fields: kind, mandatory/conditional/optional, code list, return column.
[[nodiscard]] int fields_command();

// `atpipe mesh check`: handshake, inbox count and client certificate expiry for the MESH
// mailbox under `submission.sink` of the config (daemon/cmd_mesh.cpp).
struct MeshCommand {
  std::string config;
};
[[nodiscard]] int mesh_command(const MeshCommand& cmd);
struct DaemonCommand {
  std::string config;
  unsigned stop_timeout_seconds = 30;        // how long SIGTERM waits for a step under way
  std::optional<std::string> status_listen;  // HOST:PORT over status.listen
};
// Runs the schedule (`schedule:`) until SIGTERM or SIGINT; SIGHUP reloads the config.
[[nodiscard]] int daemon_command(const DaemonCommand& cmd, const config::SourceRegistry& registry);

// The config at `file`, or null after printing every diagnostic to stderr.
[[nodiscard]] config::ConfigPtr load_config_or_report(const std::string& file,
                                                      const config::SourceRegistry& registry);

// Today's date in the organisation's time zone (Europe/London by default), or the override.
[[nodiscard]] std::optional<core::Date> resolve_today(
    const std::optional<std::string>& override_date, const std::string& timezone);

}  // namespace atpipe::daemon
