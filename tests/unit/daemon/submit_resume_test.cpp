#include <catch2/catch.hpp>
#include <chrono>
#include <optional>

#include "daemon/submit_steps.hpp"
#include "store/database.hpp"
#include "store/ledger.hpp"
#include "tests/support/run_binary.hpp"

using atpipe::core::Artefact;
using atpipe::core::Receipt;
using atpipe::daemon::deliver;
using atpipe::daemon::resume_unfinished;
using atpipe::daemon::SubmitOptions;
using atpipe::store::Ledger;
using atpipe::store::Submission;
using atpipe::store::SubmissionState;

namespace {

// A receiver in memory that counts what it was asked and can fail the next send.
class FakeSink final : public atpipe::core::Sink {
 public:
  // core::Sink
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::string_view type() const override { return "fake"; }
  atpipe::core::Expected<Receipt> send(const Artefact& a) override {
    ++sends;
    if (fail_next) {
      auto code = *fail_next;
      fail_next.reset();
      return atpipe::core::fail(code, "receiver said no");
    }
    held.push_back(a.local_id);
    return Receipt{"r-" + a.local_id, "stored"};
  }
  atpipe::core::Expected<std::optional<Receipt>> find(const Artefact& a) override {
    ++finds;
    for (const auto& id : held) {
      if (id == a.local_id) {
        return std::optional<Receipt>(Receipt{"r-" + id, "found"});
      }
    }
    return std::optional<Receipt>();
  }
  atpipe::core::Expected<atpipe::core::DeliveryStatus> track(const Receipt&) override {
    return atpipe::core::DeliveryStatus{atpipe::core::Delivery::Delivered, "ok"};
  }

  std::vector<std::string> held;
  int sends = 0;
  int finds = 0;
  std::optional<atpipe::core::ErrorCode> fail_next;

 private:
  std::string name_ = "fake";
};

SubmitOptions options() {
  SubmitOptions o;
  o.now = [] { return std::chrono::system_clock::time_point{}; };
  return o;
}

Submission sending_row(Ledger& ledger) {
  Submission d;
  d.period = "2026-10";
  d.commissioner = "QPM";
  d.sha256 = "abcdef0123456789";
  d.local_id = "QPM-2026-10-abcdef012345-1";
  d.file_name = "f.csv";
  d.sink = "fake:fake";
  auto row = ledger.create(d, "content", "t0");
  REQUIRE(row);
  REQUIRE(
      ledger.transition(row->id, SubmissionState::Prepared, SubmissionState::Sending, "t1", ""));
  row->state = SubmissionState::Sending;
  return *row;
}

}  // namespace

TEST_CASE("a row left sending that already arrived is settled, not sent again", "[unit][submit]") {
  atpipe::testing::TempDir dir("resume-found");
  auto db = atpipe::store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  auto row = sending_row(ledger);
  FakeSink sink;
  sink.held.push_back(row.local_id);  // it landed before the crash
  auto lines = resume_unfinished(ledger, sink, "QPM", options());
  REQUIRE(lines);
  CHECK(sink.finds == 1);
  CHECK(sink.sends == 0);
  CHECK(ledger.get(row.id)->state == SubmissionState::Acknowledged);
  REQUIRE(lines->size() == 1);
  CHECK(lines->front().find("sending -> acknowledged") != std::string::npos);
}

TEST_CASE("a row left sending that never arrived is sent once after asking", "[unit][submit]") {
  atpipe::testing::TempDir dir("resume-missing");
  auto db = atpipe::store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  auto row = sending_row(ledger);
  FakeSink sink;
  REQUIRE(resume_unfinished(ledger, sink, "QPM", options()));
  CHECK(sink.finds == 1);
  CHECK(sink.sends == 1);
  CHECK(sink.held.size() == 1);
  CHECK(ledger.get(row.id)->receipt_id == "r-" + row.local_id);
}

TEST_CASE("a send that may have landed stays sending; a refused one fails", "[unit][submit]") {
  atpipe::testing::TempDir dir("deliver-errors");
  auto db = atpipe::store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  auto row = sending_row(ledger);
  FakeSink sink;
  sink.fail_next = atpipe::core::ErrorCode::Network;
  CHECK_FALSE(deliver(ledger, sink, row, options(), false));
  CHECK(ledger.get(row.id)->state == SubmissionState::Sending);
  sink.fail_next = atpipe::core::ErrorCode::Validation;
  CHECK_FALSE(deliver(ledger, sink, row, options(), true));
  auto ended = ledger.get(row.id);
  CHECK(ended->state == SubmissionState::Failed);
  CHECK(ended->error == "receiver said no");
  CHECK(sink.finds == 1);
}

TEST_CASE("a row sent through another sink is left for that receiver", "[unit][submit]") {
  atpipe::testing::TempDir dir("resume-other-sink");
  auto db = atpipe::store::Database::open(dir.path() / "state.db");
  REQUIRE(db);
  Ledger ledger(*db);
  Submission d;
  d.period = "2026-10";
  d.commissioner = "QPM";
  d.sha256 = "0011223344556677";
  d.local_id = "QPM-2026-10-001122334455-1";
  d.sink = "folder:submission";
  auto row = ledger.create(d, "content", "t0");
  REQUIRE(row);
  REQUIRE(
      ledger.transition(row->id, SubmissionState::Prepared, SubmissionState::Sending, "t1", ""));
  FakeSink sink;
  auto lines = resume_unfinished(ledger, sink, "QPM", options());
  REQUIRE(lines);
  CHECK(sink.finds + sink.sends == 0);
  CHECK(ledger.get(row->id)->state == SubmissionState::Sending);
  REQUIRE(lines->size() == 1);
  CHECK(lines->front().find("the config now names fake:fake") != std::string::npos);
}
