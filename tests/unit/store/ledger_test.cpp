#include <catch2/catch.hpp>
#include <filesystem>

#include "store/database.hpp"
#include "store/ledger.hpp"
#include "tests/support/run_binary.hpp"

using atpipe::store::Database;
using atpipe::store::Ledger;
using atpipe::store::Submission;
using atpipe::store::SubmissionState;
using atpipe::store::transition_allowed;
using atpipe::testing::TempDir;

namespace {

Submission draft(const std::string& sha = "ab12") {
  Submission s;
  s.period = "2026-10";
  s.commissioner = "QPM";
  s.sha256 = sha;
  s.local_id = "QPM-2026-10-" + sha + "-1";
  s.file_name = "AT_upload_QPM_2026-10.csv";
  s.records = 60;
  s.run_id = "20261123T000000Z-0001";
  s.sink = "folder:submission";
  return s;
}

}  // namespace

TEST_CASE("the ledger's states move only forward", "[unit][store]") {
  using S = SubmissionState;
  CHECK(transition_allowed(S::Prepared, S::AwaitingApproval));
  CHECK(transition_allowed(S::AwaitingApproval, S::Sending));
  CHECK(transition_allowed(S::Sending, S::Sent));
  CHECK(transition_allowed(S::Sent, S::Acknowledged));
  CHECK(transition_allowed(S::Sent, S::Failed));
  CHECK_FALSE(transition_allowed(S::Sent, S::Sending));
  CHECK_FALSE(transition_allowed(S::Acknowledged, S::Sending));
  CHECK_FALSE(transition_allowed(S::Failed, S::Sending));
  CHECK_FALSE(transition_allowed(S::AwaitingApproval, S::Sent));
  for (auto s :
       {S::Prepared, S::AwaitingApproval, S::Sending, S::Sent, S::Acknowledged, S::Failed}) {
    CHECK(atpipe::store::submission_state(atpipe::store::to_string(s)) == s);
  }
}

TEST_CASE("a submission's transitions are timestamped and its receipt kept", "[unit][store]") {
  TempDir dir("ledger");
  auto db = Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  auto row = ledger.create(draft(), "content", "2026-11-01T09:00:00Z");
  REQUIRE(row);
  CHECK(row->state == SubmissionState::Prepared);
  REQUIRE(ledger.transition(row->id, SubmissionState::Prepared, SubmissionState::Sending,
                            "2026-11-01T09:00:01Z", "to folder"));
  REQUIRE(ledger.transition(row->id, SubmissionState::Sending, SubmissionState::Sent,
                            "2026-11-01T09:00:02Z", "written", "/out/x.csv", "written to x"));
  auto now = ledger.get(row->id);
  REQUIRE(now);
  CHECK(now->state == SubmissionState::Sent);
  CHECK(now->receipt_id == "/out/x.csv");
  CHECK(now->updated_at == "2026-11-01T09:00:02Z");
  auto events = ledger.events(row->id);
  REQUIRE(events);
  REQUIRE(events->size() == 3);
  CHECK((*events)[1].state == SubmissionState::Sending);
  CHECK((*events)[2].at == "2026-11-01T09:00:02Z");
  CHECK(*ledger.content(row->id) == "content");
  auto unfinished = ledger.unfinished("QPM");
  REQUIRE(unfinished);
  CHECK(unfinished->size() == 1);
}

TEST_CASE("a transition from a state the row has left is refused", "[unit][store]") {
  TempDir dir("ledger-cas");
  auto db = Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  auto row = ledger.create(draft(), "c", "t0");
  REQUIRE(row);
  REQUIRE(
      ledger.transition(row->id, SubmissionState::Prepared, SubmissionState::Sending, "t1", ""));
  auto again =
      ledger.transition(row->id, SubmissionState::Prepared, SubmissionState::Sending, "t2", "");
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == atpipe::core::ErrorCode::Busy);
  auto illegal =
      ledger.transition(row->id, SubmissionState::Sending, SubmissionState::Prepared, "t3", "");
  REQUIRE_FALSE(illegal);
  CHECK(illegal.error().code() == atpipe::core::ErrorCode::Internal);
}

TEST_CASE("approvals keep who, when and the content hash", "[unit][store]") {
  TempDir dir("ledger-approval");
  auto db = Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  auto row = ledger.create(draft("ffee"), "c", "t0");
  REQUIRE(row);
  REQUIRE(ledger.approve(row->id, {"A. Analyst", "t1", "ffee"}));
  auto now = ledger.get(row->id);
  REQUIRE(now);
  REQUIRE(now->approvals.size() == 1);
  CHECK(now->approvals[0].by == "A. Analyst");
  CHECK(now->approvals[0].sha256 == "ffee");
  // The same content and attempt twice is one key: refused.
  CHECK_FALSE(ledger.create(draft("ffee"), "c", "t2"));
}
