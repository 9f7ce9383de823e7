#include "transforms/reconcile/query_details.hpp"

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/flat_view_map.hpp"
#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

bool has_subject(const core::QuerySubject& s) {
  return !s.local_id.empty() || !s.surname.empty() || !s.date_of_birth.empty() ||
         !s.admission_date.empty();
}

// The first of several ';'-joined refs (a census duplicate lists every row).
std::string_view first_ref(std::string_view refs) {
  return refs.substr(0, refs.find(';'));
}

// join_refs and record_ref (refs.hpp) written into one reused buffer: a run looks up a
// reference for every AT and census record, and one string each is most of the cost.
void put_joined_refs(std::string& out, const std::vector<std::string>& parts) {
  out.clear();
  for (const auto& p : parts) {
    if (!out.empty()) {
      out += ';';
    }
    out += p;
  }
}

void put_record_ref(std::string& out, const core::Record& r) {
  out.assign(r.where.source);
  out += ':';
  if (r.has(core::Field::LocalId)) {
    out += r.get(core::Field::LocalId);
  } else {
    out += "row ";
    out += std::to_string(r.where.row);
  }
}

// query_action for each (reason, owner, field) once: a run has a few owners and fields and
// tens of thousands of queries.
class ActionCache {
 public:
  explicit ActionCache(const std::string& commissioner) : commissioner_(commissioner) {}

  const std::string& action(const core::Query& q) {
    // Length-prefixed, so that no owner or field value can run into the next part.
    key_.assign(1, static_cast<char>(q.reason));
    key_ += std::to_string(q.owner.size());
    key_ += ':';
    key_ += q.owner;
    key_ += q.field;
    auto it = actions_.find(key_);
    if (it == actions_.end()) {
      it = actions_.emplace(key_, query_action(q.reason, q.owner, q.field, commissioner_)).first;
    }
    return it->second;
  }

 private:
  const std::string& commissioner_;
  std::string key_;
  std::unordered_map<std::string, std::string> actions_;
};

// The record each wanted reference names: the first record under it wins. The keys view the
// queries' own references, so only the queries' references are hashed, never every record's.
using WantedRefs = core::FlatViewMap<const core::Record*>;

void find_refs(WantedRefs& wanted, std::size_t& found, std::string_view ref,
               const core::Record& r) {
  if (auto* record = wanted.find(ref); record != nullptr && *record == nullptr) {
    *record = &r;
    ++found;
  }
}

void find_at_records(WantedRefs& wanted, const QueryRecords& records) {
  std::string ref;
  std::size_t found = 0;
  for (const auto* p : records.at) {
    if (found == wanted.size()) {
      return;
    }
    // Most patients have one record: its ref is looked up as it is, without a copy.
    if (p->local_refs.size() == 1) {
      find_refs(wanted, found, p->local_refs.front(), p->record);
      continue;
    }
    put_joined_refs(ref, p->local_refs);
    find_refs(wanted, found, ref, p->record);
  }
  for (const auto* r : records.at_without_nhs) {
    if (found == wanted.size()) {
      return;
    }
    put_record_ref(ref, *r);
    find_refs(wanted, found, ref, *r);
  }
}

void find_census_records(WantedRefs& wanted, const QueryRecords& records) {
  std::string ref;
  std::size_t found = 0;
  for (const auto& c : records.census) {
    if (found == wanted.size()) {
      return;
    }
    put_record_ref(ref, c);
    find_refs(wanted, found, ref, c);
  }
}

// The subject of each query that has none: the AT record its at_refs name, else the census
// record its (first) census_ref names.
void find_subjects(const std::vector<core::Query*>& queries, const QueryRecords& records) {
  WantedRefs at(queries.size());
  for (const auto* q : queries) {
    if (!q->at_refs.empty()) {
      at.emplace(q->at_refs, nullptr);
    }
  }
  find_at_records(at, records);
  WantedRefs census(queries.size());
  std::vector<core::Query*> on_census;
  for (auto* q : queries) {
    auto* record = q->at_refs.empty() ? nullptr : at.find(q->at_refs);
    if (record != nullptr && *record != nullptr) {
      q->subject = subject_of(**record);
    } else if (!q->census_ref.empty()) {
      census.emplace(first_ref(q->census_ref), nullptr);
      on_census.push_back(q);
    }
  }
  find_census_records(census, records);
  for (auto* q : on_census) {
    if (const auto* c = *census.find(first_ref(q->census_ref)); c != nullptr) {
      q->subject = subject_of(*c);
    }
  }
}

}  // namespace

void complete_queries(std::vector<core::Query>& queries, const QueryRecords& records,
                      const std::string& commissioner) {
  ActionCache actions(commissioner);
  std::vector<core::Query*> without_subject;
  for (auto& q : queries) {
    q.action = actions.action(q);
    if (!has_subject(q.subject)) {
      without_subject.push_back(&q);
    }
  }
  if (!without_subject.empty()) {
    find_subjects(without_subject, records);
  }
}

void attach_subjects(std::vector<core::TrackedQuery>& open,
                     const std::vector<core::Query>& raised) {
  core::FlatViewMap<const core::QuerySubject*> by_id(raised.size());
  for (const auto& q : raised) {
    by_id.emplace(q.id, &q.subject);
  }
  for (auto& t : open) {
    if (auto* subject = by_id.find(t.query.id); subject != nullptr) {
      t.query.subject = **subject;
    }
  }
}

}  // namespace atpipe::transforms
