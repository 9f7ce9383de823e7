#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {
namespace {

bool is_provider(const std::string& owner) {
  return owner.ends_with("(provider)");
}

// Where the owner keeps the record: a provider's patient record, or the commissioner's own
// AT records (the commissioner runs atpipe, so its sources are its own).
std::string own_system(const std::string& owner) {
  return is_provider(owner) ? "your inpatient system" : "your AT records";
}

// The return's column name for a canonical field ("date_of_birth" -> "DateOfBirth").
std::string column_name(const std::string& field) {
  auto f = core::field_by_name(field);
  return f ? std::string(core::field_info(*f).national_name) : field;
}

}  // namespace

std::string record_ref(const core::Record& r) {
  return r.where.source + ":" +
         (r.has(core::Field::LocalId) ? std::string(r.get(core::Field::LocalId))
                                      : "row " + std::to_string(r.where.row));
}

std::string join_refs(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) {
      out += ';';
    }
    out += p;
  }
  return out;
}

std::string provider_owner(const core::Record& r, const std::string& commissioner) {
  const std::string_view provider = r.get(core::Field::ProviderCode);
  return provider.empty() ? commissioner + " (commissioner)"
                          : std::string(provider) + " (provider)";
}

std::string owner_ods(const std::string& owner) {
  return owner.substr(0, owner.find(' '));
}

core::QuerySubject subject_of(const core::Record& r) {
  using core::Field;
  return {std::string(r.get(Field::LocalId)),          std::string(r.get(Field::Surname)),
          std::string(r.get(Field::Forename)),         std::string(r.get(Field::DateOfBirth)),
          std::string(r.get(Field::ProviderSiteCode)), std::string(r.get(Field::AdmissionDate))};
}

std::string query_action(core::QueryReason reason, const std::string& owner,
                         const std::string& field, const std::string& commissioner) {
  using core::QueryReason;
  const std::string own = own_system(owner);
  const std::string column = column_name(field);
  // A provider cannot correct another organisation's record: it says what it holds and the
  // commissioner follows the other source up.
  const std::string or_tell = is_provider(owner) ? "; if it is right there, tell " + commissioner +
                                                       " so the other is corrected"
                                                 : "";
  switch (reason) {
    case QueryReason::AtOnly:
      return "Check whether the patient was on a ward on the census date: if discharged, record "
             "the discharge date in " +
             own + "; if on leave, confirm the bed is held";
    case QueryReason::CensusOnly:
      return "Check whether " + owner_ods(owner) +
             " commissions this patient's care: if so, create the AT record; if not, tell the "
             "provider which commissioner does";
    case QueryReason::Discrepancy:
      return "Check the patient's " + column + " in " + own +
             " and on the ward census, and correct whichever is wrong";
    case QueryReason::DuplicateInCensus:
      return "The ward census lists the patient more than once: keep the right row and "
             "withdraw the other";
    case QueryReason::SourceConflict:
      return "AT records of this episode disagree on " + column +
             " (see ValueReturned and OtherValue): correct it in " + own + " if it is wrong" +
             or_tell;
    case QueryReason::PossibleMatch:
      return "Compare the patient with the census record (see Evidence): if they are the same "
             "person, correct the identifiers in " +
             own + " or on the ward census, whichever is wrong";
    case QueryReason::NhsNumber:
      return "Confirm the patient's NHS number (PDS) and correct it in " + own +
             " or on the ward census, whichever is wrong";
    case QueryReason::NoNhsNumber:
      return "Find the patient's NHS number (PDS) and record it in " + own +
             "; the patient is left out of the return until then";
    case QueryReason::DuplicateEpisode:
      return "The patient has more than one open episode: record the discharge or transfer date "
             "of the earlier one in " +
             own + ", or withdraw the episode that is wrong";
  }
  return "";
}

std::string at_only_action(const std::string& owner) {
  return query_action(core::QueryReason::AtOnly, owner, "", owner_ods(owner));
}

std::string census_only_action(const std::string& commissioner) {
  return query_action(core::QueryReason::CensusOnly, commissioner + " (commissioner)", "",
                      commissioner);
}

std::string duplicate_action(const std::string& owner) {
  return query_action(core::QueryReason::DuplicateInCensus, owner, "", owner_ods(owner));
}

std::string discrepancy_action(const std::string& field, const std::string& owner) {
  return query_action(core::QueryReason::Discrepancy, owner, field, owner_ods(owner));
}

}  // namespace atpipe::transforms
