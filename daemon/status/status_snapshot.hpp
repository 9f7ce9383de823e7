#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/query.hpp"
#include "store/run_record.hpp"

namespace atpipe::daemon::status {

// One source's scheduled pulls, as the daemon saw them.
struct SourcePull {
  std::string source;
  std::string last_success;  // UTC ISO 8601, "" = never
  std::string last_error;    // the kind of the last failure ("network", "auth"), "" = none
};

// What only a running daemon knows. Filled by the daemon's scheduler; `atpipe status` without
// a daemon leaves it default (running = false) and says "not running".
struct DaemonFacts {
  bool running = false;
  std::string config_version;    // identifies the config in force (a hash or a reload count)
  std::string config_loaded_at;  // UTC ISO 8601
  std::string next_cut;          // ISO 8601 with offset, "" = none scheduled
  std::string next_submission;   // ISO 8601 with offset, "" = none scheduled
  std::vector<SourcePull> source_pulls;
  std::map<std::string, std::size_t> connector_errors;  // kind -> count since start
};

// One submission from the ledger (5/7). Nothing fills it until the ledger exists.
struct SubmissionFacts {
  std::string period;
  std::string state;  // e.g. awaiting_sign_off, delivered, retrying, failed, uncertain
  std::string at;     // UTC ISO 8601 of the last change
  std::string receipt;
  std::string signed_off_by;
};

// How many open queries fall in one owner / age band.
struct OpenQueryCounts {
  std::map<std::string, std::size_t> by_owner;
  std::map<std::string, std::size_t> by_age_band;  // "0 months", "1-2 months", ...
  std::map<std::string, std::size_t> by_reason;
  std::size_t total = 0;
};

// The errors of the last published reject log, counted by source, rule and field.
struct RejectGroup {
  std::string source;
  std::string rule;
  std::string field;
  std::string severity;
  std::size_t count = 0;
};

// Open queries after the last complete run of one period: a point of the dashboard's chart.
struct OpenQueriesPoint {
  std::string period;
  std::size_t open = 0;
};

// The query list files of one period's published output set that may be downloaded.
struct DownloadSet {
  std::string period;
  std::filesystem::path folder;    // <outputs.directory>/<period>, the published set
  std::vector<std::string> files;  // plain names in that folder, from its MANIFEST
};

// What the state store says. Read without the run lock (WAL readers never wait for a run).
struct StoreFacts {
  bool reachable = false;
  std::string error;  // why not, when unreachable (no patient data)
  std::map<std::string, std::size_t> runs_by_outcome;  // every run: ok, partial, failed
  std::vector<store::RunRecord> runs;                  // newest first, a few
  OpenQueryCounts open_queries;
  std::vector<core::TrackedQuery> open_query_list;  // only when the dashboard asks
  std::vector<OpenQueriesPoint> open_history;       // oldest period first
  std::vector<RejectGroup> rejects;
  std::string rejects_period;
  std::optional<DownloadSet> downloads;
  // From the ledger through StoreReadOptions::submissions; empty until that is wired.
  std::vector<SubmissionFacts> submissions;  // newest first
  bool submissions_known = false;            // false: no ledger yet ("no submissions yet")
};

// Everything /status, /metrics and the dashboard show, built per request by the snapshot
// function the server is given.
struct StatusSnapshot {
  DaemonFacts daemon;
  StoreFacts store;
  std::string generated_at;  // UTC ISO 8601
  std::string commissioner;
  std::string config_file;
  bool config_loaded = false;

  [[nodiscard]] const SubmissionFacts* last_submission() const {
    return store.submissions.empty() ? nullptr : &store.submissions.front();
  }
};

// How much of the store a request needs: /healthz only whether it answers, /status and
// /metrics the counts, the dashboard also the query list, the rejects and the downloads; a
// download only the files of the newest published set.
enum class SnapshotScope { Health, Status, Dashboard, Downloads };

// "0 months", "1-2 months", "3-5 months", "6-11 months", "12+ months".
[[nodiscard]] std::string age_band(int months);

}  // namespace atpipe::daemon::status
