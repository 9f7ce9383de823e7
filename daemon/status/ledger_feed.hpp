#pragma once

#include <cstddef>
#include <vector>

#include "daemon/status/status_snapshot.hpp"
#include "store/database.hpp"

namespace atpipe::daemon::status {

// The newest `limit` rows of the submission ledger (store/ledger.hpp), newest first, as the
// status API and the dashboard show them: period, state, when it last changed, the receipt and
// who signed it off. A ledger that cannot be read gives no rows (the store's own error is
// reported by the rest of the snapshot).
[[nodiscard]] std::vector<SubmissionFacts> ledger_submissions(store::Database& db,
                                                              std::size_t limit);

}  // namespace atpipe::daemon::status
