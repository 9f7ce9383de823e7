#pragma once

#include <cstddef>
#include <vector>

#include "config/model.hpp"
#include "daemon/status/ledger_feed.hpp"
#include "daemon/status/status_snapshot.hpp"
#include "store/database.hpp"

namespace atpipe::daemon::status {

// Reads the ledger's submissions, newest first, at most `limit` (ledger_submissions by
// default; null in tests that show a store without one).
using SubmissionFeed = std::vector<SubmissionFacts> (*)(store::Database& db, std::size_t limit);

struct StoreReadOptions {
  std::size_t run_limit = 12;  // runs listed in /status and on the dashboard
  SubmissionFeed submissions = &ledger_submissions;
};

// Everything the state store and the newest published output set say, for `scope`. Never
// takes the run lock and writes nothing; a failure is reported in StoreFacts::error (the
// server still answers). Uses `db` from the caller's thread.
[[nodiscard]] StoreFacts read_store_facts(store::Database& db, const config::Config& cfg,
                                          SnapshotScope scope, const StoreReadOptions& options);

}  // namespace atpipe::daemon::status
