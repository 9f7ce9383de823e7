#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "atpipe/version.hpp"
#include "config/default_sink_registry.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/service/journal_log.hpp"

using namespace atpipe::daemon;

namespace {

// Every subcommand's options as CLI11 fills them, and each subcommand, to ask which one ran.
struct Cli {
  std::string log_level = "info";
  RunCommand run;
  CLI::App* run_cmd = nullptr;
  CheckConfigCommand check;
  CLI::App* check_cmd = nullptr;
  RunsCommand runs;
  CLI::App* runs_cmd = nullptr;
  PreviewCommand preview;
  CLI::App* preview_cmd = nullptr;
  std::optional<std::string> describe_type;
  CLI::App* describe_cmd = nullptr;
  CLI::App* rules_cmd = nullptr;
  CLI::App* fields_cmd = nullptr;
  ValidateReturnCommand validate;
  CLI::App* validate_cmd = nullptr;
  QueriesCommand queries;
  CLI::App* queries_cmd = nullptr;
  CLI::App* q_list = nullptr;
  CLI::App* q_show = nullptr;
  SubmitCommand submit;
  CLI::App* submit_cmd = nullptr;
  SubmissionsCommand submissions;
  CLI::App* submissions_cmd = nullptr;
  MeshCommand mesh;
  CLI::App* mesh_cmd = nullptr;
  StatusCommand status;
  CLI::App* status_cmd = nullptr;
  ServeStatusCommand serve_status;
  CLI::App* serve_status_cmd = nullptr;
  DaemonCommand daemon;
  CLI::App* daemon_cmd = nullptr;
};

// status, serve-status: where things stand, for a person and over HTTP.
void add_status_commands(CLI::App& app, Cli& cli) {
  cli.status_cmd = app.add_subcommand(
      "status",
      "Where things stand: the daemon's /status, or the state store when it is not running");
  cli.status_cmd->add_option("--config,-c", cli.status.config, "YAML config file")->required();
  cli.status_cmd->add_flag("--json", cli.status.json, "Print the /status JSON");
  cli.serve_status_cmd = app.add_subcommand(
      "serve-status", "Serve only the status API, /metrics and the dashboard (until SIGTERM)");
  cli.serve_status_cmd->add_option("--config,-c", cli.serve_status.config, "YAML config file")
      ->required();
  cli.serve_status_cmd->add_option("--status-listen", cli.serve_status.listen,
                                   "HOST:PORT instead of status.listen (port 0: any free port)");
}

// run, check-config, runs, preview: the commands that work from a config.
void add_run_commands(CLI::App& app, Cli& cli) {
  cli.run_cmd = app.add_subcommand("run",
                                   "Run the monthly job: pull, validate, reconcile, "
                                   "write the return, query list and reject log");
  cli.run_cmd->add_option("--config,-c", cli.run.config, "YAML config file")->required();
  cli.run_cmd->add_flag("--once", cli.run.once,
                        "Run once now and exit (required; the schedule is `atpipe daemon`)");
  cli.run_cmd->add_option("--period", cli.run.period,
                          "Reporting month YYYY-MM (default: last month)");
  cli.run_cmd->add_flag("--dry-run", cli.run.dry_run,
                        "Report what would be written; write nothing");
  cli.run_cmd->add_option("--today", cli.run.today,
                          "Treat this date (YYYY-MM-DD) as today, to replay a run");
  cli.run_cmd->add_option("--lock-wait", cli.run.lock_wait_seconds,
                          "Seconds to wait for another run on the same state (default 30), then "
                          "exit with status 7");

  cli.check_cmd = app.add_subcommand("check-config", "Validate a config file, print every error");
  cli.check_cmd->add_option("file", cli.check.file, "YAML config file")->required();
  cli.check_cmd->add_flag(
      "--probe", cli.check.probe,
      "Also read each CSV source's header and check every mapped column is there");

  cli.runs_cmd = app.add_subcommand("runs", "List past runs from the state store");
  cli.runs_cmd->add_option("--config,-c", cli.runs.config,
                           "YAML config file (for its state location)");
  cli.runs_cmd->add_option("--state", cli.runs.state, "State database path");
  cli.runs_cmd->add_option("--limit,-n", cli.runs.limit, "How many runs to show");

  cli.preview_cmd = app.add_subcommand(
      "preview", "Show what one source yields after mapping and validation, with findings");
  cli.preview_cmd->add_option("--config,-c", cli.preview.config, "YAML config file")->required();
  cli.preview_cmd->add_option("--source,-s", cli.preview.source, "Source name")->required();
  cli.preview_cmd->add_option("--limit,-n", cli.preview.limit, "How many rows to show");
  cli.preview_cmd->add_option("--format,-f", cli.preview.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  cli.preview_cmd->add_option("--today", cli.preview.today,
                              "Treat this date (YYYY-MM-DD) as today");
}

// describe, rules, fields, validate-return: the commands that explain or check.
void add_inspect_commands(CLI::App& app, Cli& cli) {
  cli.describe_cmd = app.add_subcommand("describe", "List source types, or the keys of one type");
  cli.describe_cmd->add_option("type", cli.describe_type, "Source type");

  cli.rules_cmd = app.add_subcommand("rules", "List the validation rules");
  cli.fields_cmd = app.add_subcommand(
      "fields", "List the canonical AT fields: kind, M/C/O, code list, return column");

  cli.validate_cmd = app.add_subcommand(
      "validate-return", "Check a return file (ours or hand-made) against the AT rules");
  cli.validate_cmd->add_option("file", cli.validate.file, "Return CSV file")->required();
  cli.validate_cmd->add_flag("--warnings", cli.validate.warnings, "Also print warnings");
  cli.validate_cmd->add_option("--today", cli.validate.today,
                               "Treat this date (YYYY-MM-DD) as today");
  auto* code_lists_opt =
      cli.validate_cmd->add_option("--code-lists", cli.validate.code_lists,
                                   "Code lists YAML replacing the built-in lists it names");
  cli.validate_cmd
      ->add_option("--config", cli.validate.config,
                   "Check with this config's code lists and reference data (MPSL, commissioners)")
      ->excludes(code_lists_opt);
  cli.validate_cmd->add_flag("--profile", cli.validate.profile,
                             "Check strictly as an upload file against --config's "
                             "submission.profile (or the built-in one)");
}

void add_queries_command(CLI::App& app, Cli& cli) {
  cli.queries_cmd = app.add_subcommand("queries", "Work the query list kept in the state store");
  cli.queries_cmd->require_subcommand(1);
  auto add_state_options = [&cli](CLI::App* sub) {
    sub->add_option("--config,-c", cli.queries.config, "YAML config file (for its state location)");
    sub->add_option("--state", cli.queries.state, "State database path");
  };
  cli.q_list = cli.queries_cmd->add_subcommand("list", "List queries (open ones by default)");
  add_state_options(cli.q_list);
  cli.q_list
      ->add_option("--status", cli.queries.status, "open, resolved_by_data, resolved_by_hand, all")
      ->check(CLI::IsMember({"open", "resolved_by_data", "resolved_by_hand", "all"}));
  cli.q_list->add_option("--owner", cli.queries.owner, "Only this owner's queries (e.g. RP1)");
  cli.q_show = cli.queries_cmd->add_subcommand("show", "Show one query in full");
  add_state_options(cli.q_show);
  cli.q_show->add_option("id", cli.queries.id, "Query id")->required();
  auto* q_resolve = cli.queries_cmd->add_subcommand("resolve", "Close an open query by hand");
  add_state_options(q_resolve);
  q_resolve->add_option("id", cli.queries.id, "Query id")->required();
  q_resolve->add_option("--note", cli.queries.note, "How it was resolved")->required();
}

// submit, submissions: delivering the return and its ledger.
void add_submit_commands(CLI::App& app, Cli& cli) {
  cli.submit_cmd = app.add_subcommand(
      "submit", "Send the newest run's return by submission.sink, or hold it for sign-off");
  auto* s = cli.submit_cmd;
  s->add_option("--config,-c", cli.submit.config, "YAML config file")->required();
  s->add_option("--period", cli.submit.period, "Reporting month YYYY-MM (default: newest run)");
  s->add_flag("--dry-run", cli.submit.dry_run, "Say what would happen; send and record nothing");
  s->add_option("--approve", cli.submit.approve, "Sign off the return of this period, then send");
  s->add_option("--by", cli.submit.by, "Who signs off (with --approve)");
  s->add_flag("--resubmit", cli.submit.resubmit, "Send a return already sent again");
  s->add_option("--reason", cli.submit.reason, "Why it is sent again (kept in the ledger)");
  s->add_option("--lock-wait", cli.submit.lock_wait_seconds,
                "Seconds to wait for a run on the same state (default 30)");
  cli.submissions_cmd =
      app.add_subcommand("submissions", "List the submission ledger: states, receipts, sign-off");
  cli.submissions_cmd->add_option("--config,-c", cli.submissions.config, "YAML config file")
      ->required();
  cli.submissions_cmd->add_option("--limit,-n", cli.submissions.limit, "How many to show");
}

// mesh check: the MESH mailbox of submission.sink.
void add_mesh_command(CLI::App& app, Cli& cli) {
  cli.mesh_cmd = app.add_subcommand("mesh", "Check the MESH mailbox the submission sink uses");
  cli.mesh_cmd->require_subcommand(1);
  auto* check = cli.mesh_cmd->add_subcommand(
      "check", "Handshake, inbox count and client certificate expiry in days");
  check->add_option("--config,-c", cli.mesh.config, "YAML config file")->required();
}

void add_daemon_command(CLI::App& app, Cli& cli) {
  cli.daemon_cmd = app.add_subcommand(
      "daemon", "Run the schedule: month-end cut, submission and pulls (schedule: in the config)");
  cli.daemon_cmd->add_option("--config,-c", cli.daemon.config, "YAML config file")->required();
  cli.daemon_cmd->add_option("--stop-timeout", cli.daemon.stop_timeout_seconds,
                             "Seconds SIGTERM waits for a step under way before abandoning it "
                             "(default 30)");
  cli.daemon_cmd->add_option("--status-listen", cli.daemon.status_listen,
                             "HOST:PORT for the status API instead of status.listen");
}

int dispatch(Cli& cli, const atpipe::config::SourceRegistry& registry) {
  if (*cli.daemon_cmd) {
    return daemon_command(cli.daemon, registry);
  }
  if (*cli.submit_cmd) {
    return submit_command(cli.submit, registry);
  }
  if (*cli.submissions_cmd) {
    return submissions_command(cli.submissions, registry);
  }
  if (*cli.run_cmd) {
    return run_command(cli.run, registry);
  }
  if (*cli.check_cmd) {
    return check_config_command(cli.check, registry);
  }
  if (*cli.runs_cmd) {
    return runs_command(cli.runs, registry);
  }
  if (*cli.preview_cmd) {
    return preview_command(cli.preview, registry);
  }
  if (*cli.describe_cmd) {
    return describe_command(cli.describe_type, registry);
  }
  if (*cli.rules_cmd) {
    return rules_command();
  }
  if (*cli.fields_cmd) {
    return fields_command();
  }
  if (*cli.validate_cmd) {
    return validate_return_command(cli.validate, registry);
  }
  if (*cli.status_cmd) {
    return status_command(cli.status, registry);
  }
  if (*cli.serve_status_cmd) {
    return serve_status_command(cli.serve_status, registry);
  }
  if (*cli.queries_cmd) {
    cli.queries.action = *cli.q_list ? "list" : *cli.q_show ? "show" : "resolve";
    return queries_command(cli.queries, registry);
  }
  if (*cli.mesh_cmd) {
    return mesh_command(cli.mesh);
  }
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Logs go to stderr so that stdout stays for results people and scripts read.
  auto logger = spdlog::stderr_color_mt("atpipe");
  spdlog::set_default_logger(logger);
  atpipe::daemon::service::configure_log_format();
  spdlog::set_level(spdlog::level::info);

  auto registry = atpipe::config::SourceRegistry::build();
  if (!registry) {
    std::cerr << "atpipe: " << registry.error().describe() << "\n";
    return kExitInternal;
  }
  if (const auto& sinks = atpipe::config::default_sink_registry(); !sinks) {
    std::cerr << "atpipe: " << sinks.error().describe() << "\n";
    return kExitInternal;
  }

  CLI::App app{
      "atpipe: builds the monthly Assuring Transformation return, reconciles it with "
      "the ward census and keeps the query lists"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("atpipe ") + kVersion + " (" + kGitSha + ")");
  Cli cli;
  app.add_option("--log-level", cli.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  add_run_commands(app, cli);
  add_inspect_commands(app, cli);
  add_queries_command(app, cli);
  add_submit_commands(app, cli);
  add_mesh_command(app, cli);
  add_status_commands(app, cli);
  add_daemon_command(app, cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  spdlog::set_level(spdlog::level::from_str(cli.log_level));
  try {
    return dispatch(cli, *registry);
  } catch (const std::exception& e) {
    spdlog::critical("unexpected error: {}", e.what());
    return kExitInternal;
  }
}
