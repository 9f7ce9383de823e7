#include "transforms/reconcile/query.hpp"

#include <cstdint>
#include <cstdio>

namespace atpipe::transforms {

std::string_view reason_code(QueryReason r) {
  switch (r) {
    case QueryReason::AtOnly:
      return "AT_ONLY";
    case QueryReason::CensusOnly:
      return "CENSUS_ONLY";
    case QueryReason::Discrepancy:
      return "DISCREPANCY";
    case QueryReason::DuplicateInCensus:
      return "DUPLICATE";
    case QueryReason::SourceConflict:
      return "SOURCE_CONFLICT";
  }
  return "UNKNOWN";
}

std::string_view reason_text(QueryReason r) {
  switch (r) {
    case QueryReason::AtOnly:
      return "In the AT return as an inpatient at the cut but not on the ward census";
    case QueryReason::CensusOnly:
      return "On the ward census but not in the AT return";
    case QueryReason::Discrepancy:
      return "In both, but the AT record and the census disagree on a field";
    case QueryReason::DuplicateInCensus:
      return "The same NHS number appears more than once on the census";
    case QueryReason::SourceConflict:
      return "Two AT sources disagree on a field; the higher-precedence value was returned";
  }
  return "";
}

std::string make_query_id(QueryReason reason, std::string_view nhs_number, std::string_view field) {
  std::uint64_t hash = 14695981039346656037ULL;
  auto feed = [&hash](std::string_view s) {
    for (char c : s) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
  };
  feed(reason_code(reason));
  feed("|");
  feed(nhs_number);
  feed("|");
  feed(field);
  char buf[24];
  std::snprintf(buf, sizeof buf, "Q%012llx",
                static_cast<unsigned long long>(hash & 0xffffffffffffULL));
  return buf;
}

}  // namespace atpipe::transforms
