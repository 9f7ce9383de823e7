#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atpipe::core {

// Why a patient needs a person to look at them (at-spec §4.3 linkage categories).
enum class QueryReason {
  AtOnly,             // in the AT return as an inpatient at the cut, not on the census
  CensusOnly,         // on the census, not in the AT return
  Discrepancy,        // matched, but a compared field differs
  DuplicateInCensus,  // the same NHS number twice on the census
  SourceConflict,     // two AT sources disagree on a field of the same patient
  PossibleMatch,      // probabilistic linkage found a pair a person must confirm
  NhsNumber,          // linked without agreeing NHS numbers (one missing, invalid or different)
  NoNhsNumber,        // an AT record without a usable NHS number that nothing on the census matched
  DuplicateEpisode,   // one person in two or more open (undischarged) episodes (AT-R015)
};

[[nodiscard]] std::string_view reason_code(QueryReason r);  // "AT_ONLY", …
[[nodiscard]] std::string_view reason_text(QueryReason r);

// Who a query is about, so that its owner can find the patient in their own system: the
// details of the AT record it concerns (or the census record, when there is none). Dates
// are ISO yyyy-mm-dd; the query list shows them in the return's date form.
struct QuerySubject {
  std::string local_id;  // LocalPatientID of the record
  std::string surname;
  std::string forename;
  std::string date_of_birth;
  std::string site;  // ProviderSiteCode
  std::string admission_date;
};

// One row of the query list. Values are patient data: queries go to 0600 output files and
// the state store, never to logs.
struct Query {
  std::string id;  // stable: derived from the reason, NHS number and field
  QueryReason reason = QueryReason::AtOnly;
  std::string owner;  // "RP1 (provider)" / "QPM (commissioner)"
  std::string action;
  std::string nhs_number;
  std::string at_refs;     // "source:local_id;…"
  std::string census_ref;  // "source:local_id"
  std::string field;
  std::string value_returned;  // the value in the return (AT side)
  std::string returned_from;   // "source:local_id" that supplied it
  std::string other_value;     // the census's value, or the losing source's
  std::string other_from;
  std::string evidence;  // linkage: weight, probability and each field's contribution
  QuerySubject subject;  // not kept by the state store: filled from the run that raised it
};

// FNV-1a over "reason|nhs|field": the same question about the same patient keeps its id
// across runs, so it can age and be resolved.
[[nodiscard]] std::string make_query_id(QueryReason reason, std::string_view nhs_number,
                                        std::string_view field);

// Where a query stands across runs (issue 3/7 "query lifecycle").
enum class QueryStatus {
  Open,            // raised by the data and not resolved
  ResolvedByData,  // a later run no longer raised it
  ResolvedByHand,  // a person resolved it with a note; it stays closed
};

[[nodiscard]] std::string_view to_string(QueryStatus s);
[[nodiscard]] std::optional<QueryStatus> query_status_from(std::string_view s);
[[nodiscard]] std::optional<QueryReason> query_reason_from(std::string_view code);

// A query as the state store keeps it: the latest details plus its history.
struct TrackedQuery {
  Query query;
  QueryStatus status = QueryStatus::Open;
  std::string opened_period;     // "2026-09"
  std::string last_seen_period;  // the latest period whose run raised it
  std::string closed_period;     // when resolved (either way)
  std::string note;              // the resolver's note, for ResolvedByHand
  int age_months = 0;            // months from opened_period to the period of the listing
};

// Whole months from period `from` to period `to` ("2026-08" -> "2026-10" = 2); 0 if malformed.
[[nodiscard]] int months_between(std::string_view from, std::string_view to);

}  // namespace atpipe::core
