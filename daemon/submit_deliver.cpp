#include <spdlog/spdlog.h>

#include "core/test_hook.hpp"
#include "daemon/run_job.hpp"
#include "daemon/submit_steps.hpp"

namespace atpipe::daemon {
namespace {

using store::SubmissionState;

// Marks the row sent with its receipt, then asks the sink whether it was delivered.
core::Expected<store::Submission> record_sent(store::Ledger& ledger, core::Sink& sink,
                                              const store::Submission& row,
                                              const core::Receipt& receipt,
                                              const SubmitOptions& options) {
  if (auto moved =
          ledger.transition(row.id, SubmissionState::Sending, SubmissionState::Sent,
                            iso_utc(options.now()), receipt.detail, receipt.id, receipt.detail);
      !moved) {
    return core::fail(std::move(moved).error());
  }
  core::test_pause("sent");
  auto status = sink.track(receipt);
  if (status && status->state == core::Delivery::Delivered) {
    if (auto moved = ledger.transition(row.id, SubmissionState::Sent, SubmissionState::Acknowledged,
                                       iso_utc(options.now()), status->detail);
        !moved) {
      return core::fail(std::move(moved).error());
    }
  } else if (status && status->state == core::Delivery::Failed) {
    if (auto moved = ledger.transition(row.id, SubmissionState::Sent, SubmissionState::Failed,
                                       iso_utc(options.now()), status->detail, "", "",
                                       "the receiver reported: " + status->detail);
        !moved) {
      return core::fail(std::move(moved).error());
    }
  }
  // Pending, or tracking failed: stays sent and is tracked again next time.
  return ledger.get(row.id);
}

}  // namespace

core::Expected<store::Submission> deliver(store::Ledger& ledger, core::Sink& sink,
                                          const store::Submission& row,
                                          const SubmitOptions& options, bool ask_first) {
  auto content = ledger.content(row.id);
  if (!content) {
    return core::fail(content.error());
  }
  const auto artefact = artefact_of(row, std::move(*content));
  if (ask_first) {
    // The row was left in sending: the artefact may have landed. Never send blindly.
    auto found = sink.find(artefact);
    if (!found) {
      return core::fail(found.error());
    }
    if (*found) {
      return record_sent(ledger, sink, row, **found, options);
    }
  }
  core::test_pause("sending");
  auto receipt = sink.send(artefact);
  if (!receipt) {
    if (core::retry_may_help(receipt.error())) {
      // It may have arrived: stays sending, and the next attempt asks the receiver first.
      return core::fail(receipt.error());
    }
    if (auto moved = ledger.transition(row.id, SubmissionState::Sending, SubmissionState::Failed,
                                       iso_utc(options.now()), receipt.error().message(), "", "",
                                       receipt.error().message());
        !moved) {
      return core::fail(std::move(moved).error());
    }
    return core::fail(receipt.error());
  }
  core::test_pause("sent_unrecorded");
  return record_sent(ledger, sink, row, *receipt, options);
}

core::Expected<std::vector<std::string>> resume_unfinished(store::Ledger& ledger, core::Sink& sink,
                                                           const std::string& commissioner,
                                                           const SubmitOptions& options) {
  auto rows = ledger.unfinished(commissioner);
  if (!rows) {
    return core::fail(rows.error());
  }
  std::vector<std::string> out;
  const std::string current = std::string(sink.type()) + ":" + sink.name();
  for (const auto& row : *rows) {
    const std::string what = "submission " + std::to_string(row.id) + " (" + row.period + ")";
    if (row.sink != current) {
      // Only the receiver it went to can say whether it arrived.
      out.push_back(what + ": still " + std::string(store::to_string(row.state)) + "; it went to " +
                    row.sink + " but the config now names " + current);
      continue;
    }
    core::Expected<store::Submission> ended = row;
    if (row.state == SubmissionState::Sending) {
      ended = deliver(ledger, sink, row, options, true);
    } else {
      auto status = sink.track({row.receipt_id, row.receipt_detail});
      if (status && status->state == core::Delivery::Delivered) {
        auto moved = ledger.transition(row.id, SubmissionState::Sent, SubmissionState::Acknowledged,
                                       iso_utc(options.now()), status->detail);
        if (!moved) {
          return core::fail(std::move(moved).error());
        }
        ended = ledger.get(row.id);
      }
    }
    if (!ended) {
      // One row that cannot be settled now must not stop the rest or today's submission.
      spdlog::warn("{}: still unsettled: {}", what, ended.error().describe());
      out.push_back(what + ": still " + std::string(store::to_string(row.state)) + " (" +
                    ended.error().message() + ")");
      continue;
    }
    out.push_back(what + ": " + std::string(store::to_string(row.state)) + " -> " +
                  std::string(store::to_string(ended->state)));
  }
  return out;
}

}  // namespace atpipe::daemon
