#pragma once

#include <vector>

#include "core/query.hpp"

namespace atpipe::transforms {

// Sorts by reason, NHS number, field and id, into exactly the order std::sort with that
// comparison gives on one thread. With two threads the halves are sorted side by side and
// merged; when two queries compare equal, where a different sort could order them otherwise,
// the queries are sorted again on one thread, so the order never depends on `threads`.
void sort_queries(std::vector<core::Query>& queries, unsigned threads);

}  // namespace atpipe::transforms
