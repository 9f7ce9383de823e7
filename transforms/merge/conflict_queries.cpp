#include "transforms/merge/conflict_queries.hpp"

#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;

std::vector<Query> source_conflicts(const std::vector<const MergedPatient*>& patients,
                                    const std::string& commissioner) {
  std::vector<Query> out;
  for (const auto* p : patients) {
    for (const auto& c : p->conflicts) {
      Query q;
      q.reason = QueryReason::SourceConflict;
      q.nhs_number = p->record.get(Field::NhsNumber);
      q.owner = provider_owner(p->record, commissioner);
      q.at_refs = join_refs(p->local_refs);
      q.field = std::string(core::field_info(c.field).name);
      q.value_returned = c.winner_value;
      q.returned_from = p->local_refs[c.winner];
      q.other_value = c.other_value;
      q.other_from = p->local_refs[c.other];
      q.action = query_action(q.reason, q.owner, q.field, commissioner);
      q.subject = subject_of(p->record);
      // A person's episodes are told apart by their admission date.
      q.id = make_query_id(q.reason, q.nhs_number,
                           q.field + "|" + p->origins[c.other].source + "|" +
                               std::string(p->record.get(Field::AdmissionDate)));
      out.push_back(std::move(q));
    }
  }
  return out;
}

// One query for one person's open episodes, if there are two or more.
void add_duplicate(const std::vector<const MergedPatient*>& open, const std::string& commissioner,
                   std::vector<Query>& out) {
  if (open.size() < 2) {
    return;
  }
  const auto& earliest = open.front()->record;
  const auto& latest = open.back()->record;
  Query q;
  q.reason = QueryReason::DuplicateEpisode;
  q.nhs_number = earliest.get(Field::NhsNumber);
  q.owner = provider_owner(earliest, commissioner);
  std::vector<std::string> refs;
  for (const auto* p : open) {
    refs.push_back(join_refs(p->local_refs));
  }
  q.at_refs = join_refs(refs);
  // The admission dates of the episode to close and of the latest one.
  q.field = std::string(core::field_info(Field::AdmissionDate).name);
  q.value_returned = earliest.get(Field::AdmissionDate);
  q.returned_from = open.front()->local_refs.front();
  q.other_value = latest.get(Field::AdmissionDate);
  q.other_from = open.back()->local_refs.front();
  q.action = query_action(q.reason, q.owner, q.field, commissioner);
  q.subject = subject_of(earliest);
  // One question per person, however many episodes are open.
  q.id = make_query_id(q.reason, q.nhs_number, "");
  out.push_back(std::move(q));
}

}  // namespace

std::vector<Query> duplicate_episode_queries(const std::vector<const MergedPatient*>& patients,
                                             const std::string& commissioner) {
  std::vector<Query> out;
  std::vector<const MergedPatient*> open;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    if (i > 0 && patients[i]->person != patients[i - 1]->person) {
      add_duplicate(open, commissioner, out);
      open.clear();
    }
    if (!patients[i]->record.has(Field::DischargeDate)) {
      open.push_back(patients[i]);
    }
  }
  add_duplicate(open, commissioner, out);
  return out;
}

std::vector<Query> conflict_queries(const std::vector<const MergedPatient*>& patients,
                                    const std::string& commissioner) {
  auto out = source_conflicts(patients, commissioner);
  auto duplicates = duplicate_episode_queries(patients, commissioner);
  out.insert(out.end(), duplicates.begin(), duplicates.end());
  return out;
}

}  // namespace atpipe::transforms
