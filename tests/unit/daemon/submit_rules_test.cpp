#include <catch2/catch.hpp>

#include "daemon/submit_steps.hpp"

using atpipe::daemon::decide;
using atpipe::daemon::drop_hold;
using atpipe::daemon::PreparedUpload;
using atpipe::daemon::previous_period;
using atpipe::daemon::SubmitOptions;
using atpipe::store::Submission;
using atpipe::store::SubmissionState;

namespace {

PreparedUpload upload(const std::string& sha, std::size_t records = 60) {
  PreparedUpload u;
  u.period = "2026-10";
  u.run_id = "r1";
  u.file_name = "AT_upload_QPM_2026-10.csv";
  u.sha256 = sha + "000000000000";
  u.records = records;
  return u;
}

Submission row(std::int64_t id, const std::string& sha, SubmissionState state, int attempt = 1,
               std::size_t records = 60, const std::string& period = "2026-10") {
  Submission s;
  s.id = id;
  s.period = period;
  s.sha256 = sha + "000000000000";
  s.state = state;
  s.attempt = attempt;
  s.records = records;
  return s;
}

}  // namespace

TEST_CASE("a first return becomes a new row without a reason", "[unit][submit]") {
  auto d = decide({}, upload("aa"), "QPM", "folder:s", SubmitOptions{});
  REQUIRE(d);
  REQUIRE(d->draft);
  CHECK(d->draft->attempt == 1);
  CHECK(d->draft->reason.empty());
  CHECK(d->draft->local_id == "QPM-2026-10-aa0000000000-1");
}

TEST_CASE("an open row of the same content is carried on, not duplicated", "[unit][submit]") {
  for (auto state :
       {SubmissionState::Prepared, SubmissionState::AwaitingApproval, SubmissionState::Sending}) {
    auto d = decide({row(7, "aa", state)}, upload("aa"), "QPM", "s", SubmitOptions{});
    REQUIRE(d);
    REQUIRE(d->existing);
    CHECK(d->existing->id == 7);
    CHECK_FALSE(d->draft);
  }
}

TEST_CASE("the same content already sent needs --resubmit with a reason", "[unit][submit]") {
  const std::vector<Submission> rows = {row(1, "aa", SubmissionState::Acknowledged)};
  auto refused = decide(rows, upload("aa"), "QPM", "s", SubmitOptions{});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message().find("--resubmit --reason") != std::string::npos);
  SubmitOptions again;
  again.resubmit = true;
  again.reason = "CAP lost the first upload";
  auto d = decide(rows, upload("aa"), "QPM", "s", again);
  REQUIRE(d);
  REQUIRE(d->draft);
  CHECK(d->draft->attempt == 2);
  CHECK(d->draft->reason == "CAP lost the first upload");
  CHECK(d->draft->local_id == "QPM-2026-10-aa0000000000-2");
}

TEST_CASE("a changed return of a period already sent is a resubmission with a reason",
          "[unit][submit]") {
  const std::vector<Submission> rows = {row(1, "aa", SubmissionState::Sent),
                                        row(2, "bb", SubmissionState::AwaitingApproval)};
  auto refused = decide(rows, upload("cc"), "QPM", "s", SubmitOptions{});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message().find("--reason") != std::string::npos);
  SubmitOptions with_reason;
  with_reason.reason = "late discharge corrected";
  auto d = decide(rows, upload("cc"), "QPM", "s", with_reason);
  REQUIRE(d);
  REQUIRE(d->draft);
  CHECK(d->draft->reason == "late discharge corrected");
  // The older content waiting for sign-off can no longer be sent.
  CHECK(d->superseded == std::vector<std::int64_t>{2});
}

TEST_CASE("a failed row of the same content is tried again as a new attempt", "[unit][submit]") {
  auto d =
      decide({row(1, "aa", SubmissionState::Failed)}, upload("aa"), "QPM", "s", SubmitOptions{});
  REQUIRE(d);
  REQUIRE(d->draft);
  CHECK(d->draft->attempt == 2);
}

TEST_CASE("a sharp drop against last period's sent return holds for sign-off", "[unit][submit]") {
  const std::vector<Submission> previous = {
      row(1, "aa", SubmissionState::Acknowledged, 1, 100, "2026-09")};
  CHECK(drop_hold(previous, 70, 25.0).find("fell from 100 to 70 (30.0%)") != std::string::npos);
  CHECK(drop_hold(previous, 75, 25.0).find("fell from 100 to 75") != std::string::npos);
  CHECK(drop_hold(previous, 76, 25.0).empty());
  CHECK(drop_hold(previous, 120, 25.0).empty());
  CHECK(drop_hold(previous, 10, std::nullopt).empty());
  // Only a sent return counts: one still waiting for sign-off is no baseline.
  CHECK(drop_hold({row(1, "aa", SubmissionState::AwaitingApproval, 1, 100, "2026-09")}, 10, 25.0)
            .empty());
}

TEST_CASE("the previous period crosses the year", "[unit][submit]") {
  CHECK(previous_period("2026-10") == "2026-09");
  CHECK(previous_period("2027-01") == "2026-12");
}
