#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "atpipe/version.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"

using namespace atpipe::daemon;

int main(int argc, char** argv) {
  // Logs go to stderr so that stdout stays for results people and scripts read.
  auto logger = spdlog::stderr_color_mt("atpipe");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S%z %^%l%$ [%n] %v");
  spdlog::set_level(spdlog::level::info);

  auto registry = atpipe::config::SourceRegistry::build();
  if (!registry) {
    std::cerr << "atpipe: " << registry.error().describe() << "\n";
    return kExitInternal;
  }

  CLI::App app{
      "atpipe: builds the monthly Assuring Transformation return, reconciles it with "
      "the ward census and keeps the query lists"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("atpipe ") + kVersion + " (" + kGitSha + ")");
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  RunCommand run;
  auto* run_cmd = app.add_subcommand("run",
                                     "Run the monthly job: pull, validate, reconcile, "
                                     "write the return, query list and reject log");
  run_cmd->add_option("--config,-c", run.config, "YAML config file")->required();
  run_cmd->add_flag("--once", run.once, "Run once now and exit (required in this version)");
  run_cmd->add_option("--period", run.period, "Reporting month YYYY-MM (default: last month)");
  run_cmd->add_flag("--dry-run", run.dry_run, "Report what would be written; write nothing");
  run_cmd->add_option("--today", run.today,
                      "Treat this date (YYYY-MM-DD) as today, to replay a run");
  run_cmd->add_option("--lock-wait", run.lock_wait_seconds,
                      "Seconds to wait for another run on the same state (default 30), then "
                      "exit with status 7");

  std::string check_file;
  auto* check_cmd = app.add_subcommand("check-config", "Validate a config file, print every error");
  check_cmd->add_option("file", check_file, "YAML config file")->required();

  RunsCommand runs;
  auto* runs_cmd = app.add_subcommand("runs", "List past runs from the state store");
  runs_cmd->add_option("--config,-c", runs.config, "YAML config file (for its state location)");
  runs_cmd->add_option("--state", runs.state, "State database path");
  runs_cmd->add_option("--limit,-n", runs.limit, "How many runs to show");

  PreviewCommand preview;
  auto* preview_cmd = app.add_subcommand(
      "preview", "Show what one source yields after mapping and validation, with findings");
  preview_cmd->add_option("--config,-c", preview.config, "YAML config file")->required();
  preview_cmd->add_option("--source,-s", preview.source, "Source name")->required();
  preview_cmd->add_option("--limit,-n", preview.limit, "How many rows to show");
  preview_cmd->add_option("--format,-f", preview.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
  preview_cmd->add_option("--today", preview.today, "Treat this date (YYYY-MM-DD) as today");

  std::optional<std::string> describe_type;
  auto* describe_cmd = app.add_subcommand("describe", "List source types, or the keys of one type");
  describe_cmd->add_option("type", describe_type, "Source type");

  auto* rules_cmd = app.add_subcommand("rules", "List the validation rules");
  auto* fields_cmd = app.add_subcommand(
      "fields", "List the canonical AT fields: kind, M/C/O, code list, return column");

  ValidateReturnCommand validate;
  auto* validate_cmd = app.add_subcommand(
      "validate-return", "Check a return file (ours or hand-made) against the AT rules");
  validate_cmd->add_option("file", validate.file, "Return CSV file")->required();
  validate_cmd->add_flag("--warnings", validate.warnings, "Also print warnings");
  validate_cmd->add_option("--today", validate.today, "Treat this date (YYYY-MM-DD) as today");
  auto* code_lists_opt = validate_cmd->add_option(
      "--code-lists", validate.code_lists, "Code lists YAML replacing the built-in lists it names");
  validate_cmd
      ->add_option("--config", validate.config,
                   "Check with this config's code lists and reference data (MPSL, commissioners)")
      ->excludes(code_lists_opt);

  QueriesCommand queries;
  auto* queries_cmd = app.add_subcommand("queries", "Work the query list kept in the state store");
  queries_cmd->require_subcommand(1);
  auto add_state_options = [&queries](CLI::App* sub) {
    sub->add_option("--config,-c", queries.config, "YAML config file (for its state location)");
    sub->add_option("--state", queries.state, "State database path");
  };
  auto* q_list = queries_cmd->add_subcommand("list", "List queries (open ones by default)");
  add_state_options(q_list);
  q_list->add_option("--status", queries.status, "open, resolved_by_data, resolved_by_hand, all")
      ->check(CLI::IsMember({"open", "resolved_by_data", "resolved_by_hand", "all"}));
  q_list->add_option("--owner", queries.owner, "Only this owner's queries (e.g. RP1)");
  auto* q_show = queries_cmd->add_subcommand("show", "Show one query in full");
  add_state_options(q_show);
  q_show->add_option("id", queries.id, "Query id")->required();
  auto* q_resolve = queries_cmd->add_subcommand("resolve", "Close an open query by hand");
  add_state_options(q_resolve);
  q_resolve->add_option("id", queries.id, "Query id")->required();
  q_resolve->add_option("--note", queries.note, "How it was resolved")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    if (*run_cmd) {
      return run_command(run, *registry);
    }
    if (*check_cmd) {
      return check_config_command(check_file, *registry);
    }
    if (*runs_cmd) {
      return runs_command(runs, *registry);
    }
    if (*preview_cmd) {
      return preview_command(preview, *registry);
    }
    if (*describe_cmd) {
      return describe_command(describe_type, *registry);
    }
    if (*rules_cmd) {
      return rules_command();
    }
    if (*fields_cmd) {
      return fields_command();
    }
    if (*validate_cmd) {
      return validate_return_command(validate, *registry);
    }
    if (*queries_cmd) {
      queries.action = *q_list ? "list" : *q_show ? "show" : "resolve";
      return queries_command(queries, *registry);
    }
  } catch (const std::exception& e) {
    spdlog::critical("unexpected error: {}", e.what());
    return kExitInternal;
  }
  return kExitUsage;
}
