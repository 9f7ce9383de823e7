#include "transforms/reconcile/refs.hpp"

namespace atpipe::transforms {

std::string record_ref(const core::Record& r) {
  return r.where.source + ":" +
         (r.has(core::Field::LocalId) ? r.get(core::Field::LocalId)
                                      : "row " + std::to_string(r.where.row));
}

std::string join_refs(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : ";") + p;
  }
  return out;
}

std::string provider_owner(const core::Record& r, const std::string& commissioner) {
  const auto& provider = r.get(core::Field::ProviderCode);
  return provider.empty() ? commissioner + " (commissioner)" : provider + " (provider)";
}

std::string owner_ods(const std::string& owner) {
  return owner.substr(0, owner.find(' '));
}

std::string at_only_action(const std::string& owner) {
  return "Ask " + owner_ods(owner) +
         " whether the patient was on a ward at the cut; if discharged, record the discharge "
         "date; if on leave, confirm the bed is held";
}

std::string census_only_action(const std::string& commissioner) {
  return "Check whether " + commissioner +
         " commissions this patient's care: if so, create the AT record; if not, tell the "
         "provider which commissioner does";
}

std::string duplicate_action(const std::string& owner) {
  return "Ask " + owner_ods(owner) + " which census row is right and to withdraw the other";
}

std::string discrepancy_action(const std::string& field, const std::string& owner) {
  return "Confirm the correct " + field + " with " + owner_ods(owner) +
         " and correct whichever source is wrong";
}

}  // namespace atpipe::transforms
