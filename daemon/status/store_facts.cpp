#include "daemon/status/store_facts.hpp"

#include "daemon/status/published_set.hpp"
#include "store/query_store.hpp"
#include "store/run_history.hpp"
#include "store/run_store.hpp"

namespace atpipe::daemon::status {
namespace {

OpenQueryCounts count_open(const std::vector<core::TrackedQuery>& open) {
  OpenQueryCounts out;
  for (const auto& q : open) {
    ++out.by_owner[q.query.owner];
    ++out.by_age_band[age_band(q.age_months)];
    ++out.by_reason[std::string(core::reason_code(q.query.reason))];
    ++out.total;
  }
  return out;
}

// The rejects and downloads of the newest run's period, whose published set the dashboard
// shows (a partial run's set is published only when its month had no complete one).
void read_published(const config::Config& cfg, StoreFacts& out) {
  if (out.runs.empty()) {
    return;
  }
  const std::string period = out.runs.front().period;
  out.downloads = published_downloads(cfg, period);
  auto rejects = published_rejects(cfg, period);
  if (rejects) {
    out.rejects = std::move(*rejects);
    out.rejects_period = period;
  } else {
    out.error = rejects.error().describe();
  }
}

}  // namespace

std::string age_band(int months) {
  if (months <= 0) {
    return "0 months";
  }
  if (months <= 2) {
    return "1-2 months";
  }
  if (months <= 5) {
    return "3-5 months";
  }
  if (months <= 11) {
    return "6-11 months";
  }
  return "12+ months";
}

StoreFacts read_store_facts(store::Database& db, const config::Config& cfg, SnapshotScope scope,
                            const StoreReadOptions& options) {
  StoreFacts out;
  const store::RunHistory history(db);
  if (auto ping = history.ping(); !ping) {
    out.error = ping.error().describe();
    return out;
  }
  out.reachable = true;
  if (scope == SnapshotScope::Health) {
    return out;
  }
  if (scope == SnapshotScope::Downloads) {
    auto newest = store::RunStore(db).list_runs(1);
    if (newest && !newest->empty()) {
      out.downloads = published_downloads(cfg, newest->front().period);
    }
    return out;
  }
  auto by_status = history.runs_by_status();
  auto runs = store::RunStore(db).list_runs(options.run_limit);
  auto open = store::QueryStore(db).list("open", "");
  auto points = history.open_queries_by_period();
  if (!by_status || !runs || !open || !points) {
    const auto& error = !by_status ? by_status.error()
                        : !runs    ? runs.error()
                        : !open    ? open.error()
                                   : points.error();
    out.reachable = false;
    out.error = error.describe();
    return out;
  }
  out.runs_by_outcome = std::move(*by_status);
  out.runs = std::move(*runs);
  out.open_queries = count_open(*open);
  for (const auto& p : *points) {
    out.open_history.push_back({p.period, p.open});
  }
  if (options.submissions != nullptr) {
    out.submissions = options.submissions(db, options.run_limit);
    out.submissions_known = true;
  }
  if (scope == SnapshotScope::Dashboard) {
    out.open_query_list = std::move(*open);
    read_published(cfg, out);
  }
  return out;
}

}  // namespace atpipe::daemon::status
