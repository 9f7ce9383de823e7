#include "daemon/status/ledger_feed.hpp"

#include <string>

#include "store/ledger.hpp"

namespace atpipe::daemon::status {

std::vector<SubmissionFacts> ledger_submissions(store::Database& db, std::size_t limit) {
  std::vector<SubmissionFacts> out;
  const store::Ledger ledger(db);
  auto rows = ledger.history(limit);
  if (!rows) {
    return out;
  }
  for (const auto& row : *rows) {
    SubmissionFacts facts;
    facts.period = row.period;
    facts.state = std::string(store::to_string(row.state));
    facts.at = row.updated_at;
    facts.receipt = row.receipt_id;
    if (!row.approvals.empty()) {
      facts.signed_off_by = row.approvals.back().by;
    }
    out.push_back(std::move(facts));
  }
  return out;
}

}  // namespace atpipe::daemon::status
