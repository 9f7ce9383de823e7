#include "transforms/merge/conflict_queries.hpp"

#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {

std::vector<Query> conflict_queries(const std::vector<const MergedPatient*>& patients,
                                    const std::string& commissioner) {
  std::vector<Query> out;
  for (const auto* p : patients) {
    for (const auto& c : p->conflicts) {
      Query q;
      q.reason = QueryReason::SourceConflict;
      q.nhs_number = p->record.get(core::Field::NhsNumber);
      q.owner = provider_owner(p->record, commissioner);
      q.at_refs = join_refs(p->local_refs);
      q.field = std::string(core::field_info(c.field).name);
      q.value_returned = c.winner_value;
      q.returned_from = p->local_refs[c.winner];
      q.other_value = c.other_value;
      q.other_from = p->local_refs[c.other];
      q.action = "Find out which " + q.field + " is right; correct " + p->origins[c.other].source +
                 " or " + p->origins[c.winner].source + " so that they agree";
      // A person's episodes are told apart by their admission date.
      q.id = make_query_id(q.reason, q.nhs_number,
                           q.field + "|" + p->origins[c.other].source + "|" +
                               p->record.get(core::Field::AdmissionDate));
      out.push_back(std::move(q));
    }
  }
  return out;
}

}  // namespace atpipe::transforms
