#pragma once

#include <cstdint>
#include <vector>

#include "core/record.hpp"

// Private to transforms/merge/: the order merge_by_nhs_number takes its records in.
namespace atpipe::transforms::merge_detail {

// Record indexes by NHS number, then source precedence, source name and row (ties by input
// position, which a valid pull never leaves), and where each person's run of indexes starts.
// The sort compares keys taken once per record: comparing the strings held in the records
// would cost a cache miss per comparison. Stateless; any thread may call it.
struct PrecedenceOrder {
  std::vector<std::uint32_t> order;          // indexes into the records
  std::vector<std::uint32_t> person_starts;  // positions in `order`, then order.size()
};

[[nodiscard]] PrecedenceOrder precedence_order(const std::vector<core::Record>& records);

}  // namespace atpipe::transforms::merge_detail
