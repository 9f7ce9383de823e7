#include "core/query.hpp"

#include <cstdint>
#include <cstdio>

namespace atpipe::core {

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
    case QueryReason::PossibleMatch:
      return "POSSIBLE_MATCH";
    case QueryReason::NhsNumber:
      return "NHS_NUMBER";
    case QueryReason::NoNhsNumber:
      return "NO_NHS_NUMBER";
    case QueryReason::DuplicateEpisode:
      return "DUPLICATE_EPISODE";
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
    case QueryReason::PossibleMatch:
      return "Probabilistic linkage found a possible match that a person must confirm";
    case QueryReason::NhsNumber:
      return "Linked by name, date of birth and postcode, but the NHS numbers do not agree";
    case QueryReason::NoNhsNumber:
      return "An AT record without a usable NHS number that no census record matched";
    case QueryReason::DuplicateEpisode:
      return "The same person is in more than one open (undischarged) episode";
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

std::string_view to_string(QueryStatus s) {
  switch (s) {
    case QueryStatus::Open:
      return "open";
    case QueryStatus::ResolvedByData:
      return "resolved_by_data";
    case QueryStatus::ResolvedByHand:
      return "resolved_by_hand";
  }
  return "open";
}

std::optional<QueryStatus> query_status_from(std::string_view s) {
  for (auto st : {QueryStatus::Open, QueryStatus::ResolvedByData, QueryStatus::ResolvedByHand}) {
    if (to_string(st) == s) {
      return st;
    }
  }
  return std::nullopt;
}

std::optional<QueryReason> query_reason_from(std::string_view code) {
  for (auto r :
       {QueryReason::AtOnly, QueryReason::CensusOnly, QueryReason::Discrepancy,
        QueryReason::DuplicateInCensus, QueryReason::SourceConflict, QueryReason::PossibleMatch,
        QueryReason::NhsNumber, QueryReason::NoNhsNumber, QueryReason::DuplicateEpisode}) {
    if (reason_code(r) == code) {
      return r;
    }
  }
  return std::nullopt;
}

int months_between(std::string_view from, std::string_view to) {
  auto parse = [](std::string_view p) -> int {
    if (p.size() != 7 || p[4] != '-') {
      return -1;
    }
    int y = 0;
    int m = 0;
    for (int i = 0; i < 4; ++i) {
      y = y * 10 + (p[static_cast<std::size_t>(i)] - '0');
    }
    m = (p[5] - '0') * 10 + (p[6] - '0');
    return y * 12 + (m - 1);
  };
  int a = parse(from);
  int b = parse(to);
  return a < 0 || b < 0 ? 0 : b - a;
}

}  // namespace atpipe::core
