#include "daemon/submit_job.hpp"

#include <algorithm>

#include "config/submission_model.hpp"
#include "core/test_hook.hpp"
#include "daemon/run_job.hpp"
#include "daemon/submit_steps.hpp"
#include "store/run_lock.hpp"

namespace atpipe::daemon {
namespace {

using store::SubmissionState;

core::Expected<core::SinkPtr> make_sink(const config::Config& cfg,
                                        const config::SinkRegistry& sinks) {
  if (!cfg.submission) {
    return core::fail(core::ErrorCode::Config,
                      "the config has no submission: section; add one to say where the return "
                      "goes (see the README, \"Submitting the return\")",
                      core::Provenance{"", cfg.file.string(), 0, ""});
  }
  const auto& spec = cfg.submission->sink;
  const auto* factory = sinks.find(spec.type);
  if (factory == nullptr) {
    return core::fail(core::ErrorCode::NotFound, "sink type '" + spec.type + "' is not built in");
  }
  return factory->create(spec);
}

bool approved(const store::Submission& row) {
  return std::any_of(row.approvals.begin(), row.approvals.end(),
                     [&](const store::Approval& a) { return a.sha256 == row.sha256; });
}

// The row as the ledger will hold it, created (or carried on) and the older open rows of the
// period failed as superseded.
core::Expected<store::Submission> record_row(store::Ledger& ledger, const Decision& decision,
                                             const PreparedUpload& upload,
                                             const SubmitOptions& options) {
  const std::string at = iso_utc(options.now());
  for (const auto id : decision.superseded) {
    auto old = ledger.get(id);
    if (!old) {
      return core::fail(old.error());
    }
    auto moved = ledger.transition(
        id, old->state, SubmissionState::Failed, at, "superseded by a changed return", "", "",
        "superseded by a changed return (" + upload.sha256.substr(0, 12) + ")");
    if (!moved) {
      return core::fail(std::move(moved).error());
    }
  }
  if (decision.existing) {
    return *decision.existing;
  }
  auto row = ledger.create(*decision.draft, upload.content, at);
  if (!row) {
    return row;
  }
  // A new attempt of content already signed off (after a failed send) keeps its sign-off.
  for (const auto& approval : decision.draft->approvals) {
    if (auto kept = ledger.approve(row->id, approval); !kept) {
      return core::fail(std::move(kept).error());
    }
    row->approvals.push_back(approval);
  }
  core::test_pause("prepared");
  return row;
}

std::string waiting_message(const store::Submission& row) {
  return "the return of " + row.period + " (" + std::to_string(row.records) + " records, sha256 " +
         row.sha256.substr(0, 12) + ") waits for sign-off" +
         (row.hold.empty() ? "" : ": " + row.hold) + "; check " + row.file_name +
         " and run: atpipe submit --approve " + row.period + " --by NAME";
}

core::Expected<SubmitOutcome> dry_run(const Decision& decision, const PreparedUpload& upload,
                                      bool needs_approval, const std::string& hold) {
  SubmitOutcome out;
  out.period = upload.period;
  out.action = needs_approval ? SubmitAction::WouldWait : SubmitAction::WouldSend;
  out.message =
      std::string(needs_approval ? "would wait for sign-off" : "would send") + " " +
      upload.file_name + " (" + std::to_string(upload.records) + " records, sha256 " +
      upload.sha256.substr(0, 12) + ")" + (hold.empty() ? "" : ": " + hold) +
      (decision.existing ? "; carries on ledger row " + std::to_string(decision.existing->id) : "");
  return out;
}

// Approval, hold, then delivery of one recorded row.
core::Expected<SubmitOutcome> settle(store::Ledger& ledger, core::Sink& sink, store::Submission row,
                                     bool needs_approval, const SubmitOptions& options) {
  SubmitOutcome out;
  out.period = row.period;
  const std::string at = iso_utc(options.now());
  if (needs_approval && options.approve_by && !approved(row)) {
    if (row.state != SubmissionState::AwaitingApproval) {
      return core::fail(core::ErrorCode::Validation,
                        "the return of " + row.period + " (now sha256 " + row.sha256.substr(0, 12) +
                            ") is not the one waiting for sign-off: it changed since, or was "
                            "never put up; run atpipe submit to put it up, check it, then "
                            "approve again");
    }
    if (auto ok = ledger.approve(row.id, {*options.approve_by, at, row.sha256}); !ok) {
      return core::fail(std::move(ok).error());
    }
    row.approvals.push_back({*options.approve_by, at, row.sha256});
  }
  if (needs_approval && !approved(row)) {
    if (row.state == SubmissionState::Prepared) {
      auto moved = ledger.transition(row.id, SubmissionState::Prepared,
                                     SubmissionState::AwaitingApproval, at, row.hold);
      if (!moved) {
        return core::fail(std::move(moved).error());
      }
      row.state = SubmissionState::AwaitingApproval;
    }
    out.action = SubmitAction::AwaitingApproval;
    out.message = waiting_message(row);
    out.row = row;
    return out;
  }
  const bool resumed = row.state == SubmissionState::Sending;
  if (!resumed) {
    auto moved =
        ledger.transition(row.id, row.state, SubmissionState::Sending, at, "to " + row.sink);
    if (!moved) {
      return core::fail(std::move(moved).error());
    }
    row.state = SubmissionState::Sending;
  }
  auto ended = deliver(ledger, sink, row, options, resumed);
  if (!ended) {
    return core::fail(std::move(ended).error());
  }
  out.action = ended->state == SubmissionState::Acknowledged ? SubmitAction::Acknowledged
                                                             : SubmitAction::Sent;
  out.message = "sent " + ended->file_name + " (" + std::to_string(ended->records) +
                " records) to " + ended->sink + ": " + ended->receipt_detail;
  out.row = std::move(*ended);
  return out;
}

}  // namespace

core::Expected<SubmitOutcome> submit_period(const config::Config& cfg,
                                            const config::SinkRegistry& sinks,
                                            const SubmitOptions& options) {
  auto sink = make_sink(cfg, sinks);
  if (!sink) {
    return core::fail(std::move(sink).error());
  }
  std::optional<store::RunLock> lock;
  if (!options.dry_run) {
    auto taken = store::RunLock::acquire(cfg.state.sqlite, options.lock_wait);
    if (!taken) {
      return core::fail(std::move(taken).error());
    }
    lock.emplace(std::move(*taken));
  }
  auto db = store::Database::open(cfg.state.sqlite);
  if (!db) {
    return core::fail(std::move(db).error());
  }
  store::Ledger ledger(*db);
  const auto& commissioner = cfg.organisation.commissioner;
  std::vector<std::string> resumed;
  if (!options.dry_run) {
    auto settled = resume_unfinished(ledger, **sink, commissioner, options);
    if (!settled) {
      return core::fail(std::move(settled).error());
    }
    resumed = std::move(*settled);
  }
  auto run = submittable_run(*db, options.period);
  if (!run) {
    return core::fail(std::move(run).error());
  }
  auto upload = prepare_upload(cfg, *run);
  if (!upload) {
    return core::fail(std::move(upload).error());
  }
  auto rows = ledger.for_period(upload->period, commissioner);
  auto previous = ledger.for_period(previous_period(upload->period), commissioner);
  if (!rows || !previous) {
    return core::fail(!rows ? rows.error() : previous.error());
  }
  const std::string sink_name = std::string((*sink)->type()) + ":" + (*sink)->name();
  auto decision = decide(*rows, *upload, commissioner, sink_name, options);
  if (!decision) {
    return core::fail(std::move(decision).error());
  }
  const auto& spec = *cfg.submission;
  std::string hold = decision->existing
                         ? decision->existing->hold
                         : drop_hold(*previous, upload->records, spec.hold_if_drop_percent);
  if (decision->draft) {
    decision->draft->hold = hold;
  }
  const bool needs_approval =
      spec.approval == config::SubmissionSpec::Approval::Required || !hold.empty();
  if (options.dry_run) {
    return dry_run(*decision, *upload, needs_approval, hold);
  }
  auto row = record_row(ledger, *decision, *upload, options);
  if (!row) {
    return core::fail(std::move(row).error());
  }
  auto out = settle(ledger, **sink, std::move(*row), needs_approval, options);
  if (out) {
    out->resumed = std::move(resumed);
  }
  return out;
}

}  // namespace atpipe::daemon
