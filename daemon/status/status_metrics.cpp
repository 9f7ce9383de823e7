#include "daemon/status/status_metrics.hpp"

#include <fmt/format.h>

#include <initializer_list>
#include <map>
#include <utility>

#include "daemon/status/status_render.hpp"

namespace atpipe::daemon::status {
namespace {

using Labels = std::initializer_list<std::pair<const char*, std::string>>;

// Writes one metric family: its HELP and TYPE lines once, then each sample.
class Family {
 public:
  Family(std::string& out, const char* name, const char* type, const char* help)
      : out_(out), name_(name) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void sample(Labels labels, long long value) {
    std::string text;
    for (const auto& [key, label] : labels) {
      text += fmt::format("{}{}=\"{}\"", text.empty() ? "" : ",", key, escape_label(label));
    }
    out_ += text.empty() ? name_ : name_ + "{" + text + "}";
    out_ += fmt::format(" {}\n", value);
  }

 private:
  std::string& out_;
  std::string name_;
};

void run_metrics(std::string& out, const StatusSnapshot& s) {
  Family runs(out, "atpipe_runs_total", "counter", "Runs recorded in the state store by outcome.");
  for (const char* outcome : {"ok", "partial", "failed"}) {
    const auto it = s.store.runs_by_outcome.find(outcome);
    runs.sample({{"outcome", outcome}},
                it == s.store.runs_by_outcome.end() ? 0 : static_cast<long long>(it->second));
  }
  if (s.store.runs.empty()) {
    return;
  }
  const auto& last = s.store.runs.front();
  Family rows(out, "atpipe_last_run_source_rows", "gauge",
              "Rows of each source in the last run: pulled = accepted + rejected.");
  for (const auto& c : last.sources) {
    rows.sample({{"source", c.source}, {"kind", "pulled"}}, static_cast<long long>(c.pulled));
    rows.sample({{"source", c.source}, {"kind", "accepted"}}, static_cast<long long>(c.accepted));
    rows.sample({{"source", c.source}, {"kind", "rejected"}}, static_cast<long long>(c.rejected));
  }
  Family failed(out, "atpipe_last_run_source_failed", "gauge",
                "1 when the source could not be read in the last run.");
  for (const auto& c : last.sources) {
    failed.sample({{"source", c.source}}, c.failed ? 1 : 0);
  }
  Family linkage(out, "atpipe_last_run_linkage", "gauge",
                 "Reconciliation outcomes of the last run.");
  const std::pair<const char*, std::size_t> outcomes[] = {
      {"matched", last.matched},
      {"matched_with_discrepancies", last.matched_with_discrepancies},
      {"at_only", last.at_only},
      {"census_only", last.census_only}};
  for (const auto& [outcome, count] : outcomes) {
    linkage.sample({{"outcome", outcome}}, static_cast<long long>(count));
  }
  const auto start = epoch_seconds(last.started_at);
  const auto end = epoch_seconds(last.finished_at);
  if (start && end) {
    Family duration(out, "atpipe_last_run_duration_seconds", "gauge", "Wall time of the last run.");
    duration.sample({{"status", last.status}}, static_cast<long long>(*end - *start));
  }
}

void success_metrics(std::string& out, const StatusSnapshot& s) {
  Family last(out, "atpipe_last_success_timestamp_seconds", "gauge",
              "When the last complete run finished, and each source's last successful pull.");
  for (const auto& r : s.store.runs) {
    if (r.status == "ok") {
      if (auto t = epoch_seconds(r.finished_at)) {
        last.sample({{"what", "run"}, {"source", ""}}, static_cast<long long>(*t));
      }
      break;
    }
  }
  for (const auto& p : last_pulls(s)) {
    if (auto t = epoch_seconds(p.last_success)) {
      last.sample({{"what", "pull"}, {"source", p.source}}, static_cast<long long>(*t));
    }
  }
}

void query_and_daemon_metrics(std::string& out, const StatusSnapshot& s) {
  Family open(out, "atpipe_open_queries", "gauge", "Open queries by owner and age band.");
  Family total(out, "atpipe_open_queries_total", "gauge", "All open queries.");
  total.sample({}, static_cast<long long>(s.store.open_queries.total));
  for (const auto& [owner, count] : s.store.open_queries.by_owner) {
    open.sample({{"owner", owner}}, static_cast<long long>(count));
  }
  Family age(out, "atpipe_open_queries_by_age", "gauge", "Open queries by age band.");
  for (const auto& [band, count] : s.store.open_queries.by_age_band) {
    age.sample({{"age", band}}, static_cast<long long>(count));
  }
  Family submissions(out, "atpipe_submissions", "gauge",
                     "Submissions in the ledger by state (none until the ledger is wired).");
  std::map<std::string, std::size_t> states;
  for (const auto& f : s.store.submissions) {
    ++states[f.state];
  }
  for (const auto& [state, count] : states) {
    submissions.sample({{"state", state}}, static_cast<long long>(count));
  }
  Family errors(out, "atpipe_connector_errors_total", "counter",
                "Connector errors by kind since the daemon started.");
  for (const auto& [kind, count] : s.daemon.connector_errors) {
    errors.sample({{"kind", kind}}, static_cast<long long>(count));
  }
  if (auto loaded = epoch_seconds(s.daemon.config_loaded_at)) {
    Family config(out, "atpipe_config_loaded_timestamp_seconds", "gauge",
                  "When the config in force was loaded.");
    config.sample({{"version", s.daemon.config_version}}, static_cast<long long>(*loaded));
  }
}

}  // namespace

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_metrics(const StatusSnapshot& s) {
  std::string out;
  Family up(out, "atpipe_up", "gauge", "1 while the status server answers.");
  up.sample({}, 1);
  Family running(out, "atpipe_daemon_running", "gauge", "1 when the scheduler runs.");
  running.sample({}, s.daemon.running ? 1 : 0);
  Family store(out, "atpipe_state_store_reachable", "gauge", "1 when the state store answers.");
  store.sample({}, s.store.reachable ? 1 : 0);
  run_metrics(out, s);
  success_metrics(out, s);
  query_and_daemon_metrics(out, s);
  return out;
}

}  // namespace atpipe::daemon::status
