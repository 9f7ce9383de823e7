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

}  // namespace atpipe::transforms
