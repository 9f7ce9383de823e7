#pragma once

// The steps of submit_period() (submit_job.hpp), each testable alone. Private to daemon/.

#include <optional>
#include <string>
#include <vector>

#include "config/model.hpp"
#include "config/submission_model.hpp"
#include "core/expected.hpp"
#include "core/sink.hpp"
#include "daemon/submit_job.hpp"
#include "store/database.hpp"
#include "store/ledger.hpp"
#include "store/run_record.hpp"

namespace atpipe::daemon {

// The upload file of one run, ready to record and send.
struct PreparedUpload {
  std::string period;
  std::string run_id;
  std::string file_name;
  std::string content;
  std::string sha256;
  std::size_t records = 0;
};

// The newest run of `period` (the newest run of all when empty) whose return may be sent:
// a run with a failed source or without census at the cut is refused with the reason.
[[nodiscard]] core::Expected<store::RunRecord> submittable_run(
    store::Database& db, const std::optional<std::string>& period);

// The run's return rewritten by the profile, checked strictly against it (an Internal error if
// atpipe's own file fails: it is never sent).
[[nodiscard]] core::Expected<PreparedUpload> prepare_upload(const config::Config& cfg,
                                                            const store::RunRecord& run);

// What the ledger says to do with a prepared upload.
struct Decision {
  std::optional<store::Submission> existing;  // carry on with this row
  std::optional<store::Submission> draft;     // or create this one
  std::vector<std::int64_t> superseded;       // open rows of older content, to fail
};

// The ledger rules for `upload` against the period's rows (oldest first): a row of the same
// content still open is carried on; the same content already sent is refused unless
// resubmitted with a reason; a changed return of a period already sent needs a reason. A new
// row of content signed off before carries those approvals.
[[nodiscard]] core::Expected<Decision> decide(const std::vector<store::Submission>& rows,
                                              const PreparedUpload& upload,
                                              const std::string& commissioner,
                                              const std::string& sink,
                                              const SubmitOptions& options);

// Why a return of `records` rows must wait for sign-off against the previous period's sent
// return, or "" when it need not (no threshold, nothing sent last period, no sharp drop).
[[nodiscard]] std::string drop_hold(const std::vector<store::Submission>& previous,
                                    std::size_t records,
                                    const std::optional<double>& threshold_percent);

// "2026-09" for "2026-10".
[[nodiscard]] std::string previous_period(const std::string& period);

// The artefact of a ledger row (its stored content).
[[nodiscard]] core::Artefact artefact_of(const store::Submission& row, std::string content);

// "QPM-2026-10-1a2b3c4d5e6f-1": unique per row, safe in a file name or a MESH header.
[[nodiscard]] std::string make_local_id(const std::string& commissioner, const std::string& period,
                                        const std::string& sha256, int attempt);

// Sends a row in `sending` (or settles it when the receiver already has it) and records the
// outcome; returns the row as it ended.
[[nodiscard]] core::Expected<store::Submission> deliver(store::Ledger& ledger, core::Sink& sink,
                                                        const store::Submission& row,
                                                        const SubmitOptions& options,
                                                        bool ask_first);

// Settles every row left in `sending` or `sent` by an earlier process; one line per row.
[[nodiscard]] core::Expected<std::vector<std::string>> resume_unfinished(
    store::Ledger& ledger, core::Sink& sink, const std::string& commissioner,
    const SubmitOptions& options);

}  // namespace atpipe::daemon
