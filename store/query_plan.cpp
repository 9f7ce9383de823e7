// QueryStore::plan_run: what one run's queries do to the query list, read in one pass over the
// queries table (issue 11: a run of 600k queries plans in well under a second).
#include <algorithm>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "core/flat_view_map.hpp"
#include "store/query_store.hpp"
#include "store/statement.hpp"

namespace atpipe::store {
namespace {

// What planning needs of a query the table already has.
struct KnownQuery {
  std::string id;
  core::QueryStatus status = core::QueryStatus::Open;
  core::QueryReason reason = core::QueryReason::AtOnly;
  std::string opened_period;
  bool raised = false;  // this run raised it again
};

struct KnownQueries {
  std::vector<KnownQuery> rows;  // open or resolved by hand; the rest plan like new ones
  std::string newest_period;     // the latest period any run was applied for
};

// One read transaction over the plan's reads, so that they and the plan's stamp see one
// state of the database; inside the caller's transaction, nothing to do.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(sqlite3* db) {
    if (sqlite3_get_autocommit(db) != 0 &&
        sqlite3_exec(db, "BEGIN DEFERRED", nullptr, nullptr, nullptr) == SQLITE_OK) {
      db_ = db;
    }
  }
  ~ReadSnapshot() {
    if (db_ != nullptr) {
      sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    }
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  sqlite3* db_ = nullptr;
};

core::Expected<KnownQueries> read_known(const Database& db) {
  Statement s(db.handle(),
              "SELECT query_id, status, reason, opened_period, last_seen_period FROM queries");
  KnownQueries known;
  while (s.ok() && s.step() == SQLITE_ROW) {
    auto last_seen = s.text(4);
    if (last_seen > known.newest_period) {
      known.newest_period = std::move(last_seen);
    }
    const auto status = core::query_status_from(s.text(1)).value_or(core::QueryStatus::Open);
    if (status == core::QueryStatus::ResolvedByData) {
      continue;
    }
    auto& k = known.rows.emplace_back();
    k.id = s.text(0);
    k.status = status;
    k.reason = core::query_reason_from(s.text(2)).value_or(core::QueryReason::AtOnly);
    k.opened_period = s.text(3);
  }
  if (!s.ok()) {
    return db.error("cannot read queries");
  }
  return known;
}

// What the plan knows under one query id: the table's row, and where the first raised query of
// that id is in the open list (whose subject every open query of the id shows, as
// attach_subjects would give it).
struct IdEntry {
  KnownQuery* known = nullptr;
  std::size_t first_open = kNotListed;
  static constexpr std::size_t kNotListed = static_cast<std::size_t>(-1);
};

// Each raised query open after the run, with the period it was first opened in; marks the
// known ones it raises again. One map over the known and the raised ids: the subject of the
// first raised query of an id is found in the same pass (a run of 600k queries would
// otherwise copy every subject twice). `fill(i, into)` puts raised query i into the open
// list (a copy, or the query itself when lent); a plan without `fill` lists nothing.
template <class Fill>
void plan_raised(const std::vector<core::Query>& raised, std::vector<KnownQuery>& known,
                 LifecyclePlan& plan, Fill&& fill) {
  constexpr bool kList = !std::is_same_v<std::decay_t<Fill>, std::nullptr_t>;
  core::FlatViewMap<IdEntry> by_id(known.size() + raised.size());
  for (auto& k : known) {
    by_id.emplace(k.id, IdEntry{&k});
  }
  auto& writes = plan.writes;
  auto& result = plan.result;
  if constexpr (kList) {
    result.open.reserve(raised.size());
  }
  writes.upserts.reserve(raised.size());
  for (std::size_t i = 0; i < raised.size(); ++i) {
    auto* entry = by_id.find(raised[i].id);
    KnownQuery* k = entry != nullptr ? entry->known : nullptr;
    if (k != nullptr) {
      k->raised = true;
    }
    if (k != nullptr && k->status == core::QueryStatus::ResolvedByHand) {
      ++result.counts.suppressed;
      continue;
    }
    const bool still_open = k != nullptr && k->status == core::QueryStatus::Open;
    ++(still_open ? result.counts.still_open : result.counts.opened);
    writes.upserts.push_back({i, still_open ? k->opened_period : writes.period});
    if constexpr (kList) {
      auto& t = result.open.emplace_back();
      fill(i, t.query);  // raised[i] may be moved-from now: the map keys t's id (not moved)
      if (entry == nullptr) {
        entry = by_id.emplace(t.query.id, IdEntry{}).first;
      }
      if (entry->first_open == IdEntry::kNotListed) {
        entry->first_open = result.open.size() - 1;
      } else {
        t.query.subject = result.open[entry->first_open].query.subject;
      }
      t.status = core::QueryStatus::Open;
      t.opened_period = writes.upserts.back().opened_period;
      t.last_seen_period = writes.period;
      t.age_months = core::months_between(t.opened_period, writes.period);
    }
  }
}

constexpr const char* kSelectOne =
    "SELECT owner, action, nhs_number, at_refs, census_ref, field, value_returned, "
    "returned_from, other_value, other_from, evidence, opened_period, last_seen_period, "
    "closed_period, note FROM queries WHERE query_id = ?";

// An open query the run could not ask about, as the table has it.
core::Expected<core::TrackedQuery> read_unasked(const Database& db, Statement& s,
                                                const KnownQuery& k) {
  s.reset();
  s.bind_all(k.id);
  if (!s.ok() || s.step() != SQLITE_ROW) {
    return db.error("cannot read queries");
  }
  core::TrackedQuery t;
  auto& q = t.query;
  q.id = k.id;
  q.reason = k.reason;
  t.status = k.status;
  int c = 0;
  for (std::string* text :
       {&q.owner, &q.action, &q.nhs_number, &q.at_refs, &q.census_ref, &q.field, &q.value_returned,
        &q.returned_from, &q.other_value, &q.other_from, &q.evidence, &t.opened_period,
        &t.last_seen_period, &t.closed_period, &t.note}) {
    *text = s.text(c++);
  }
  return t;
}

// The open queries this run did not raise, by id: resolved by its data, or kept open when it
// could not ask their question (read for the list only when `list`).
core::Expected<void> plan_unraised(const Database& db, const std::vector<KnownQuery>& known,
                                   const std::set<core::QueryReason>& not_checked,
                                   LifecyclePlan& plan, bool list) {
  std::vector<const KnownQuery*> left;
  for (const auto& k : known) {
    if (k.status == core::QueryStatus::Open && !k.raised) {
      left.push_back(&k);
    }
  }
  std::sort(left.begin(), left.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  Statement one(db.handle(), kSelectOne);
  auto& result = plan.result;
  for (const auto* k : left) {
    if (not_checked.count(k->reason) == 0) {
      ++result.counts.resolved_by_data;
      plan.writes.closes.push_back(k->id);
      continue;
    }
    // Not asked this run, so neither answered: still open, listed with the run's queries.
    ++result.counts.still_open;
    if (!list) {
      continue;
    }
    auto kept = read_unasked(db, one, *k);
    if (!kept) {
      return core::fail(kept.error());
    }
    kept->age_months = core::months_between(kept->opened_period, plan.writes.period);
    result.open.push_back(std::move(*kept));
  }
  return {};
}

// The plan of `raised` against the table as one read sees it; `fill` as plan_raised takes it.
template <class Fill>
core::Expected<LifecyclePlan> make_plan(const Database& db, const std::vector<core::Query>& raised,
                                        const std::string& period,
                                        const std::set<core::QueryReason>& not_checked,
                                        Fill&& fill) {
  constexpr bool kList = !std::is_same_v<std::decay_t<Fill>, std::nullptr_t>;
  ReadSnapshot snapshot(db.handle());
  LifecyclePlan plan;
  auto stamp = db.write_stamp();
  if (!stamp) {
    return core::fail(stamp.error());
  }
  auto known = read_known(db);
  if (!known) {
    return core::fail(known.error());
  }
  auto& writes = plan.writes;
  writes.planned_at = *stamp;
  writes.period = period;
  writes.replay = !known->newest_period.empty() && period < known->newest_period;
  plan_raised(raised, known->rows, plan, std::forward<Fill>(fill));
  if (auto unraised = plan_unraised(db, known->rows, not_checked, plan, kList); !unraised) {
    return core::fail(unraised.error());
  }
  writes.counts = plan.result.counts;
  // Every query listed is one opened or still open (the raised ones, then the kept ones).
  writes.open = plan.result.counts.opened + plan.result.counts.still_open;
  return plan;
}

}  // namespace

core::Expected<LifecyclePlan> QueryStore::plan_run(
    const std::vector<core::Query>& raised, const std::string& period,
    const std::set<core::QueryReason>& not_checked) const {
  return make_plan(*db_, raised, period, not_checked,
                   [&raised](std::size_t i, core::Query& into) { into = raised[i]; });
}

core::Expected<LifecyclePlan> QueryStore::plan_run_lending(
    std::vector<core::Query>& raised, const std::string& period,
    const std::set<core::QueryReason>& not_checked) const {
  return make_plan(*db_, raised, period, not_checked, [&raised](std::size_t i, core::Query& into) {
    // The list takes the query; the raised one keeps its own subject (the list's may be the
    // first of its id's), so that give_back returns it as it was.
    into = std::move(raised[i]);
    raised[i].subject = into.subject;
  });
}

core::Expected<QueryWrites> QueryStore::plan_writes(
    const std::vector<core::Query>& raised, const std::string& period,
    const std::set<core::QueryReason>& not_checked) const {
  auto plan = make_plan(*db_, raised, period, not_checked, nullptr);
  if (!plan) {
    return core::fail(plan.error());
  }
  return std::move(plan->writes);
}

void give_back(std::vector<core::TrackedQuery> open, const QueryWrites& writes,
               std::vector<core::Query>& raised) {
  // The list holds the raised queries first, in the order of the upserts (plan_raised).
  for (std::size_t j = 0; j < writes.upserts.size() && j < open.size(); ++j) {
    auto& q = raised[writes.upserts[j].raised];
    auto subject = std::move(q.subject);
    q = std::move(open[j].query);
    q.subject = std::move(subject);
  }
}

}  // namespace atpipe::store
