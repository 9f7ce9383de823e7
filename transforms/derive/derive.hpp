#pragma once

// Values of the return that atpipe derives instead of reading from a source (at-spec §3.3,
// §6). derive() fills a field only when it is empty, so a source value always wins.
//
// Provenance: a derived value is marked nowhere else. The record keeps no per-field note of
// where a value came from, so the return, the query list and `preview` cannot tell a derived
// distance or delayed-discharge flag from one a source gave. Whether to record that (a
// finding, a provenance entry, a column) is left to the caller.

#include "core/record.hpp"
#include "core/reference_data.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {

// Great-circle distance in km between two WGS84 points by the haversine formula, on a sphere
// of radius 6371.0 km.
[[nodiscard]] double great_circle_km(const core::Centroid& a, const core::Centroid& b);

// Per merged AT patient, before check_reference() and validate_patient():
//  - distance_from_home_km: straight-line km between the centroids of postcode_home and the
//    site's postcode in the MPSL (at-spec §3.3, proposed), "%.1f"; left empty when
//    ctx.reference is null, either centroid is unknown, or home is a ZZ99 pseudo-postcode;
//  - delayed_discharge: "Y" when care_plan_status is in the code list
//    `care_plan_delayed` (PatientCarePlan 6/7, at-spec §6, proposed), else "N"; left
//    empty when there is no care_plan_status or the list lacks the record's spec version.
void derive(core::Record& merged, const RuleContext& ctx);

}  // namespace atpipe::transforms
