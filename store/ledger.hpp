#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "store/database.hpp"

namespace atpipe::store {

// prepared → awaiting_approval → sending → sent → acknowledged | failed (design.md step 8).
enum class SubmissionState { Prepared, AwaitingApproval, Sending, Sent, Acknowledged, Failed };

[[nodiscard]] std::string_view to_string(SubmissionState state);
[[nodiscard]] std::optional<SubmissionState> submission_state(std::string_view text);
// Whether the ledger allows `from` → `to` (sending → sending is a resumed send).
[[nodiscard]] bool transition_allowed(SubmissionState from, SubmissionState to);

struct Approval {
  std::string by;
  std::string at;      // UTC, ISO 8601
  std::string sha256;  // the content the person signed off
};

struct SubmissionEvent {
  SubmissionState state = SubmissionState::Prepared;
  std::string at;
  std::string detail;
};

// One ledger row: one attempt to deliver one upload file, keyed by period + commissioner +
// content hash (+ attempt, when the same content is sent again with a reason).
struct Submission {
  std::int64_t id = 0;
  std::string period;
  std::string commissioner;
  std::string sha256;
  int attempt = 1;
  std::string local_id;  // the receiver-side key (core::Artefact::local_id)
  std::string file_name;
  std::size_t records = 0;
  std::string run_id;  // the run whose return it is
  std::string sink;    // "<type>:<name>"
  SubmissionState state = SubmissionState::Prepared;
  std::string reason;  // why it is a resubmission; "" for a first submission
  std::string hold;    // why it waits for sign-off ("" = approval: required or none)
  std::string receipt_id;
  std::string receipt_detail;
  std::string error;  // the last failure, no patient data
  std::string created_at;
  std::string updated_at;
  std::vector<Approval> approvals;
};

// The submission ledger of the state store. Every change is one transaction with its event
// row, and a transition only happens from the state the caller saw (compare-and-set), so a
// second process can never move a row under the first. Borrows the Database; one thread.
class Ledger {
 public:
  explicit Ledger(Database& db) : db_(&db) {}

  // Inserts `draft` (id, state, approvals ignored) as prepared with `content`.
  [[nodiscard]] core::Expected<Submission> create(const Submission& draft,
                                                  const std::string& content,
                                                  const std::string& at);
  // Moves row `id` from `from` to `to`; Busy when it is no longer in `from`. Non-empty
  // receipt fields and error replace the stored ones.
  [[nodiscard]] core::Expected<void> transition(std::int64_t id, SubmissionState from,
                                                SubmissionState to, const std::string& at,
                                                const std::string& detail,
                                                const std::string& receipt_id = "",
                                                const std::string& receipt_detail = "",
                                                const std::string& error = "");
  [[nodiscard]] core::Expected<void> approve(std::int64_t id, const Approval& approval);

  [[nodiscard]] core::Expected<Submission> get(std::int64_t id) const;
  [[nodiscard]] core::Expected<std::string> content(std::int64_t id) const;
  // Rows of one period and commissioner, oldest first.
  [[nodiscard]] core::Expected<std::vector<Submission>> for_period(
      const std::string& period, const std::string& commissioner) const;
  // Rows left in sending or sent (a crash, a retryable error, delivery not yet confirmed).
  [[nodiscard]] core::Expected<std::vector<Submission>> unfinished(
      const std::string& commissioner) const;
  // Newest first.
  [[nodiscard]] core::Expected<std::vector<Submission>> history(std::size_t limit) const;
  [[nodiscard]] core::Expected<std::vector<SubmissionEvent>> events(std::int64_t id) const;

 private:
  [[nodiscard]] core::Expected<std::vector<Submission>> select(const std::string& where,
                                                               const std::vector<std::string>& args,
                                                               const std::string& order) const;
  [[nodiscard]] core::Expected<void> add_event(std::int64_t id, SubmissionState state,
                                               const std::string& at, const std::string& detail);

  Database* db_;
};

}  // namespace atpipe::store
