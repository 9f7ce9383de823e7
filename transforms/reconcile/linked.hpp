#pragma once

#include <string>
#include <vector>

#include "core/expected.hpp"
#include "core/record.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/reconcile/exact.hpp"
#include "transforms/reconcile/linked_rejected.hpp"

namespace atpipe::transforms {

// Reconciliation with probabilistic linkage (issue 3/7): exact on valid NHS numbers first,
// then Fellegi–Sunter for everyone else, including AT records that were kept out of the
// return only because their NHS number is missing or invalid (`at_without_nhs`): finding
// them on the census is how their number gets fixed. Every outcome other than a clean match
// is a query; review pairs carry their weight and each field's contribution.
//
// Rows rejected only for an identifying value (`rejected`, see
// rejected_only_for_identifying_values) take part with that value unknown, or compared by
// its digits when it is a date that is not a date: a linked one raises a DISCREPANCY query
// naming the refused field beside the link. An unlinked rejected census row, or an AT row
// rejected for anything but its NHS number, raises nothing here: the rejects list has it.
[[nodiscard]] core::Expected<ReconcileResult> reconcile_linked(
    const std::vector<const MergedPatient*>& at, const RejectedForLinkage& rejected,
    const std::vector<core::Record>& census, const std::vector<core::Field>& compare,
    const std::string& commissioner, const linkage::LinkageConfig& config);

// The same with only AT rows rejected for their NHS number (the earlier interface).
[[nodiscard]] core::Expected<ReconcileResult> reconcile_linked(
    const std::vector<const MergedPatient*>& at,
    const std::vector<const core::Record*>& at_without_nhs, const std::vector<core::Record>& census,
    const std::vector<core::Field>& compare, const std::string& commissioner,
    const linkage::LinkageConfig& config);

}  // namespace atpipe::transforms
