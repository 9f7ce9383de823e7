#include "store/ledger.hpp"

#include <array>
#include <utility>

#include "store/statement.hpp"

namespace atpipe::store {
namespace {

constexpr std::array<std::string_view, 6> kStateNames = {"prepared", "awaiting_approval", "sending",
                                                         "sent",     "acknowledged",      "failed"};

constexpr const char* kColumns =
    "id, period, commissioner, sha256, attempt, local_id, file_name, records, run_id, sink, "
    "state, reason, hold, receipt_id, receipt_detail, error, created_at, updated_at";

Submission read_row(const Statement& q) {
  Submission s;
  int c = 0;
  s.id = q.integer(c++);
  s.period = q.text(c++);
  s.commissioner = q.text(c++);
  s.sha256 = q.text(c++);
  s.attempt = static_cast<int>(q.integer(c++));
  s.local_id = q.text(c++);
  s.file_name = q.text(c++);
  s.records = static_cast<std::size_t>(q.integer(c++));
  s.run_id = q.text(c++);
  s.sink = q.text(c++);
  s.state = submission_state(q.text(c++)).value_or(SubmissionState::Failed);
  s.reason = q.text(c++);
  s.hold = q.text(c++);
  s.receipt_id = q.text(c++);
  s.receipt_detail = q.text(c++);
  s.error = q.text(c++);
  s.created_at = q.text(c++);
  s.updated_at = q.text(c++);
  return s;
}

}  // namespace

std::string_view to_string(SubmissionState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<SubmissionState> submission_state(std::string_view text) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == text) {
      return static_cast<SubmissionState>(i);
    }
  }
  return std::nullopt;
}

bool transition_allowed(SubmissionState from, SubmissionState to) {
  using S = SubmissionState;
  switch (from) {
    case S::Prepared:
      return to == S::AwaitingApproval || to == S::Sending || to == S::Failed;
    case S::AwaitingApproval:
      return to == S::Sending || to == S::Failed;
    case S::Sending:
      return to == S::Sending || to == S::Sent || to == S::Failed;
    case S::Sent:
      return to == S::Acknowledged || to == S::Failed;
    case S::Acknowledged:
    case S::Failed:
      return false;
  }
  return false;
}

core::Expected<Submission> Ledger::create(const Submission& draft, const std::string& content,
                                          const std::string& at) {
  auto tx = db_->begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  Statement q(db_->handle(),
              "INSERT INTO submissions (period, commissioner, sha256, attempt, local_id, "
              "file_name, records, run_id, sink, state, reason, hold, content, created_at, "
              "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  q.bind_all(draft.period, draft.commissioner, draft.sha256, draft.attempt, draft.local_id,
             draft.file_name, static_cast<std::int64_t>(draft.records), draft.run_id, draft.sink,
             std::string(to_string(SubmissionState::Prepared)), draft.reason, draft.hold, content,
             at, at);
  if (!q.ok() || q.step() != SQLITE_DONE) {
    return db_->error("cannot add the submission to the ledger");
  }
  const std::int64_t id = sqlite3_last_insert_rowid(db_->handle());
  if (auto added = add_event(id, SubmissionState::Prepared, at, draft.reason); !added) {
    return core::fail(added.error());
  }
  if (!tx->commit()) {
    return db_->error("cannot commit the new submission");
  }
  return get(id);
}

core::Expected<void> Ledger::transition(std::int64_t id, SubmissionState from, SubmissionState to,
                                        const std::string& at, const std::string& detail,
                                        const std::string& receipt_id,
                                        const std::string& receipt_detail,
                                        const std::string& error) {
  if (!transition_allowed(from, to)) {
    return core::fail(core::ErrorCode::Internal,
                      "ledger transition " + std::string(to_string(from)) + " -> " +
                          std::string(to_string(to)) + " is not allowed");
  }
  auto tx = db_->begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  Statement q(db_->handle(),
              "UPDATE submissions SET state = ?, updated_at = ?, "
              "receipt_id = CASE WHEN ? = '' THEN receipt_id ELSE ? END, "
              "receipt_detail = CASE WHEN ? = '' THEN receipt_detail ELSE ? END, "
              "error = CASE WHEN ? = '' THEN error ELSE ? END WHERE id = ? AND state = ?");
  q.bind_all(std::string(to_string(to)), at, receipt_id, receipt_id, receipt_detail, receipt_detail,
             error, error, id, std::string(to_string(from)));
  if (!q.ok() || q.step() != SQLITE_DONE) {
    return db_->error("cannot update the submission ledger");
  }
  if (sqlite3_changes(db_->handle()) != 1) {
    return core::fail(core::ErrorCode::Busy, "submission " + std::to_string(id) + " is no longer " +
                                                 std::string(to_string(from)) +
                                                 " (another atpipe moved it)");
  }
  if (auto added = add_event(id, to, at, detail); !added) {
    return added;
  }
  if (!tx->commit()) {
    return db_->error("cannot commit the submission ledger");
  }
  return {};
}

core::Expected<void> Ledger::approve(std::int64_t id, const Approval& approval) {
  auto tx = db_->begin();
  if (!tx) {
    return core::fail(tx.error());
  }
  Statement q(db_->handle(),
              "INSERT INTO submission_approvals (submission_id, approved_by, approved_at, sha256) "
              "VALUES (?,?,?,?)");
  q.bind_all(id, approval.by, approval.at, approval.sha256);
  if (!q.ok() || q.step() != SQLITE_DONE) {
    return db_->error("cannot record the approval");
  }
  if (!tx->commit()) {
    return db_->error("cannot commit the approval");
  }
  return {};
}

core::Expected<void> Ledger::add_event(std::int64_t id, SubmissionState state,
                                       const std::string& at, const std::string& detail) {
  Statement q(db_->handle(),
              "INSERT INTO submission_events (submission_id, state, at, detail) VALUES (?,?,?,?)");
  q.bind_all(id, std::string(to_string(state)), at, detail);
  if (!q.ok() || q.step() != SQLITE_DONE) {
    return db_->error("cannot record the submission event");
  }
  return {};
}

core::Expected<std::vector<Submission>> Ledger::select(const std::string& where,
                                                       const std::vector<std::string>& args,
                                                       const std::string& order) const {
  const std::string sql =
      std::string("SELECT ") + kColumns + " FROM submissions " + where + " " + order;
  Statement q(db_->handle(), sql.c_str());
  for (std::size_t i = 0; i < args.size(); ++i) {
    q.bind_at(static_cast<int>(i + 1), args[i]);
  }
  std::vector<Submission> out;
  while (q.ok() && q.step() == SQLITE_ROW) {
    out.push_back(read_row(q));
  }
  if (!q.ok()) {
    return db_->error("cannot read the submission ledger");
  }
  for (auto& s : out) {
    Statement a(db_->handle(),
                "SELECT approved_by, approved_at, sha256 FROM submission_approvals WHERE "
                "submission_id = ? ORDER BY approved_at, rowid");
    a.bind_all(s.id);
    while (a.ok() && a.step() == SQLITE_ROW) {
      s.approvals.push_back({a.text(0), a.text(1), a.text(2)});
    }
    if (!a.ok()) {
      return db_->error("cannot read the approvals");
    }
  }
  return out;
}

core::Expected<Submission> Ledger::get(std::int64_t id) const {
  auto rows = select("WHERE id = ?", {std::to_string(id)}, "");
  if (!rows) {
    return core::fail(rows.error());
  }
  if (rows->empty()) {
    return core::fail(core::ErrorCode::NotFound,
                      "no submission " + std::to_string(id) + " in the ledger");
  }
  return std::move(rows->front());
}

core::Expected<std::string> Ledger::content(std::int64_t id) const {
  Statement q(db_->handle(), "SELECT content FROM submissions WHERE id = ?");
  q.bind_all(id);
  if (!q.ok() || q.step() != SQLITE_ROW) {
    return db_->error("cannot read submission " + std::to_string(id));
  }
  return q.text(0);
}

core::Expected<std::vector<Submission>> Ledger::for_period(const std::string& period,
                                                           const std::string& commissioner) const {
  return select("WHERE period = ? AND commissioner = ?", {period, commissioner}, "ORDER BY id");
}

core::Expected<std::vector<Submission>> Ledger::unfinished(const std::string& commissioner) const {
  return select("WHERE commissioner = ? AND state IN ('sending', 'sent')", {commissioner},
                "ORDER BY id");
}

core::Expected<std::vector<Submission>> Ledger::history(std::size_t limit) const {
  return select("", {}, "ORDER BY id DESC LIMIT " + std::to_string(limit));
}

core::Expected<std::vector<SubmissionEvent>> Ledger::events(std::int64_t id) const {
  Statement q(db_->handle(),
              "SELECT state, at, detail FROM submission_events WHERE submission_id = ? "
              "ORDER BY rowid");
  q.bind_all(id);
  std::vector<SubmissionEvent> out;
  while (q.ok() && q.step() == SQLITE_ROW) {
    out.push_back(
        {submission_state(q.text(0)).value_or(SubmissionState::Failed), q.text(1), q.text(2)});
  }
  if (!q.ok()) {
    return db_->error("cannot read the submission events");
  }
  return out;
}

}  // namespace atpipe::store
