#include "store/query_store.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

constexpr const char* kColumns =
    "query_id, reason, owner, action, nhs_number, at_refs, census_ref, field, value_returned, "
    "returned_from, other_value, other_from, evidence, status, opened_period, "
    "last_seen_period, closed_period, note";

core::TrackedQuery read_row(const Statement& s) {
  core::TrackedQuery t;
  auto& q = t.query;
  int c = 0;
  q.id = s.text(c++);
  q.reason = core::query_reason_from(s.text(c++)).value_or(core::QueryReason::AtOnly);
  q.owner = s.text(c++);
  q.action = s.text(c++);
  q.nhs_number = s.text(c++);
  q.at_refs = s.text(c++);
  q.census_ref = s.text(c++);
  q.field = s.text(c++);
  q.value_returned = s.text(c++);
  q.returned_from = s.text(c++);
  q.other_value = s.text(c++);
  q.other_from = s.text(c++);
  q.evidence = s.text(c++);
  t.status = core::query_status_from(s.text(c++)).value_or(core::QueryStatus::Open);
  t.opened_period = s.text(c++);
  t.last_seen_period = s.text(c++);
  t.closed_period = s.text(c++);
  t.note = s.text(c++);
  return t;
}

}  // namespace

core::Expected<std::string> QueryStore::newest_period() const {
  Statement s(db_->handle(), "SELECT COALESCE(MAX(last_seen_period), '') FROM queries");
  if (!s.ok() || s.step() != SQLITE_ROW) {
    return db_->error("cannot read the query periods");
  }
  return s.text(0);
}

core::Expected<std::vector<core::TrackedQuery>> QueryStore::select(
    const std::string& where, const std::vector<std::string>& args) const {
  std::string sql = std::string("SELECT ") + kColumns + " FROM queries " + where +
                    " ORDER BY reason, nhs_number, field, query_id";
  Statement s(db_->handle(), sql.c_str());
  int i = 1;
  for (const auto& a : args) {
    s.bind_at(i++, a);
  }
  std::vector<core::TrackedQuery> out;
  while (s.ok() && s.step() == SQLITE_ROW) {
    out.push_back(read_row(s));
  }
  if (!s.ok()) {
    return db_->error("cannot read queries");
  }
  return out;
}

namespace {

constexpr const char* kUpsert =
    "INSERT INTO queries (query_id, reason, owner, action, nhs_number, at_refs, census_ref, "
    "field, value_returned, returned_from, other_value, other_from, evidence, status, "
    "opened_period, opened_run, last_seen_period, last_seen_run, closed_period, note) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?,?,'','') "
    "ON CONFLICT(query_id) DO UPDATE SET reason=excluded.reason, owner=excluded.owner, "
    "action=excluded.action, at_refs=excluded.at_refs, census_ref=excluded.census_ref, "
    "value_returned=excluded.value_returned, returned_from=excluded.returned_from, "
    "other_value=excluded.other_value, other_from=excluded.other_from, "
    "evidence=excluded.evidence, status='open', opened_period=excluded.opened_period, "
    "last_seen_period=excluded.last_seen_period, last_seen_run=excluded.last_seen_run, "
    "closed_period='', note=''";

// Sorts by the first eight bytes of a query id as one number, so that most comparisons are
// one integer's; equal prefixes fall back to the whole id, then to the raised order.
struct IdOrderKey {
  std::uint64_t prefix = 0;
  std::uint32_t at = 0;
};

std::uint64_t id_prefix(std::string_view id) {
  std::uint64_t prefix = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0U);
  }
  return prefix;
}

// A larger page cache for one large write, the connection's own restored after it. With
// SQLite's default of 2 MiB, a write of a run's queries evicts every page it fills to the WAL
// one at a time while it is still filling others; a 64 MiB cache takes a 100k run's queries
// whole and writes them at commit (a third less CPU in the write at 100k). Freed when restored.
class ScopedCacheSize {
 public:
  ScopedCacheSize(sqlite3* db, std::int64_t kib) : db_(db) {
    Statement current(db, "PRAGMA cache_size");
    if (current.ok() && current.step() == SQLITE_ROW) {
      old_ = current.integer(0);
      set(-kib);
    }
  }
  ~ScopedCacheSize() {
    if (old_) {
      set(*old_);
    }
  }
  ScopedCacheSize(const ScopedCacheSize&) = delete;
  ScopedCacheSize& operator=(const ScopedCacheSize&) = delete;

 private:
  // A cache size is advice: when SQLite cannot take it the write goes on with the old one.
  void set(std::int64_t pages_or_kib) {
    const auto sql = "PRAGMA cache_size=" + std::to_string(pages_or_kib);
    sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }

  sqlite3* db_;
  std::optional<std::int64_t> old_;
};

constexpr std::int64_t kWriteCacheKib = 64 * 1024;
// Below this many rows the default cache holds the write.
constexpr std::size_t kLargeWrite = 4096;

}  // namespace

std::vector<const QueryUpsert*> in_id_order(const std::vector<QueryUpsert>& upserts,
                                            const std::vector<core::Query>& raised) {
  std::vector<IdOrderKey> keys(upserts.size());
  for (std::size_t i = 0; i < upserts.size(); ++i) {
    assert(upserts[i].raised < raised.size());
    keys[i] = {id_prefix(raised[upserts[i].raised].id), static_cast<std::uint32_t>(i)};
  }
  auto id_of = [&](const IdOrderKey& k) -> std::string_view {
    return raised[upserts[k.at].raised].id;
  };
  std::sort(keys.begin(), keys.end(), [&](const IdOrderKey& a, const IdOrderKey& b) {
    if (a.prefix != b.prefix) {
      return a.prefix < b.prefix;
    }
    const int c = id_of(a).compare(id_of(b));
    return c != 0 ? c < 0 : a.at < b.at;
  });
  std::vector<const QueryUpsert*> order;
  order.reserve(keys.size());
  for (const auto& k : keys) {
    order.push_back(&upserts[k.at]);
  }
  return order;
}

core::Expected<void> QueryStore::write(const QueryWrites& writes,
                                       const std::vector<core::Query>& raised,
                                       const std::string& run_id) {
  if (writes.replay) {
    return {};
  }
  auto tx = db_->begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  std::optional<ScopedCacheSize> cache;
  if (writes.upserts.size() >= kLargeWrite) {
    cache.emplace(db_->handle(), kWriteCacheKib);
  }
  // One statement for every row, bound without copying: the values outlive each step.
  Statement up(db_->handle(), kUpsert);
  for (const auto* upsert : in_id_order(writes.upserts, raised)) {
    const auto& u = *upsert;
    const auto& q = raised[u.raised];
    up.reset();
    up.bind_all_unowned(q.id, core::reason_code(q.reason), q.owner, q.action, q.nhs_number,
                        q.at_refs, q.census_ref, q.field, q.value_returned, q.returned_from,
                        q.other_value, q.other_from, q.evidence, u.opened_period, run_id,
                        writes.period, run_id);
    if (!up.ok() || up.step() != SQLITE_DONE) {
      return db_->error("cannot record query " + q.id);
    }
  }
  Statement close(db_->handle(),
                  "UPDATE queries SET status='resolved_by_data', closed_period=? "
                  "WHERE query_id=?");
  for (const auto& id : writes.closes) {
    close.reset();
    close.bind_all_unowned(writes.period, id);
    if (!close.ok() || close.step() != SQLITE_DONE) {
      return db_->error("cannot close query " + id);
    }
  }
  if (!tx->commit()) {
    return db_->error("cannot commit the query list");
  }
  return {};
}

core::Expected<LifecycleResult> QueryStore::apply_run(
    const std::vector<core::Query>& raised, const std::string& period, const std::string& run_id,
    const std::set<core::QueryReason>& not_checked) {
  auto tx = db_->begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  auto plan = plan_run(raised, period, not_checked);
  if (!plan) {
    return core::fail(plan.error());
  }
  if (auto written = write(plan->writes, raised, run_id); !written) {
    return core::fail(written.error());
  }
  if (!tx->commit()) {
    return db_->error("cannot commit the query list");
  }
  return std::move(plan->result);
}

core::Expected<std::vector<core::TrackedQuery>> QueryStore::list(const std::string& status,
                                                                 const std::string& owner) const {
  std::string where;
  std::vector<std::string> args;
  auto add = [&](const std::string& clause, const std::string& value) {
    where += (where.empty() ? "WHERE " : " AND ") + clause;
    args.push_back(value);
  };
  if (!status.empty()) {
    add("status = ?", status);
  }
  if (!owner.empty()) {
    add("owner LIKE ?", owner + "%");
  }
  auto rows = select(where, args);
  if (!rows) {
    return rows;
  }
  auto newest = newest_period();
  if (!newest) {
    return core::fail(newest.error());
  }
  for (auto& t : *rows) {
    const auto& until = t.status == core::QueryStatus::Open ? *newest : t.closed_period;
    t.age_months = core::months_between(t.opened_period, until);
  }
  return rows;
}

core::Expected<std::optional<core::TrackedQuery>> QueryStore::find(const std::string& id) const {
  auto rows = list("", "");
  if (!rows) {
    return core::fail(rows.error());
  }
  for (auto& t : *rows) {
    if (t.query.id == id) {
      return std::optional<core::TrackedQuery>(std::move(t));
    }
  }
  return std::optional<core::TrackedQuery>();
}

core::Expected<core::TrackedQuery> QueryStore::resolve(const std::string& id,
                                                       const std::string& note) {
  auto found = find(id);
  if (!found) {
    return core::fail(found.error());
  }
  if (!*found) {
    return core::fail(core::ErrorCode::NotFound, "no query with id '" + id + "'");
  }
  if ((*found)->status != core::QueryStatus::Open) {
    return core::fail(core::ErrorCode::Validation,
                      "query " + id + " is already " + std::string(to_string((*found)->status)));
  }
  if (note.empty()) {
    return core::fail(core::ErrorCode::Validation, "a note saying how it was resolved is required");
  }
  auto newest = newest_period();
  if (!newest) {
    return core::fail(newest.error());
  }
  Statement s(db_->handle(),
              "UPDATE queries SET status='resolved_by_hand', note=?, closed_period=? "
              "WHERE query_id=?");
  s.bind_all(note, *newest, id);
  if (!s.ok() || s.step() != SQLITE_DONE) {
    return db_->error("cannot resolve query " + id);
  }
  auto t = **found;
  t.status = core::QueryStatus::ResolvedByHand;
  t.note = note;
  t.closed_period = *newest;
  return t;
}

}  // namespace atpipe::store
