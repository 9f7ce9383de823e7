#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "config/submission_model.hpp"
#include "daemon/run_job.hpp"
#include "daemon/submit_steps.hpp"
#include "daemon/upload_file.hpp"
#include "store/run_store.hpp"
#include "transforms/outputs/set_manifest.hpp"

namespace atpipe::daemon {
namespace {

using store::SubmissionState;

bool delivered(const store::Submission& row) {
  return row.state == SubmissionState::Sent || row.state == SubmissionState::Acknowledged;
}

bool open(const store::Submission& row) {
  return row.state == SubmissionState::Prepared || row.state == SubmissionState::AwaitingApproval ||
         row.state == SubmissionState::Sending;
}

core::Unexpected<core::Error> refuse(const std::string& message) {
  return core::fail(core::ErrorCode::Validation, message);
}

std::string refused_run(const store::RunRecord& run) {
  std::string why;
  for (const auto& source : run.sources) {
    if (source.failed) {
      why += (why.empty() ? "" : "; ") + ("source '" + source.source + "' failed: " + source.error);
    }
  }
  if (run.census_missing) {
    why += std::string(why.empty() ? "" : "; ") + "no census at the cut";
  }
  if (why.empty()) {
    why = "its status is " + run.status;
  }
  return "the newest run of " + run.period + " (" + run.run_id +
         ") is partial and its return may not be sent: " + why +
         ". Fix the cause, run again (atpipe run --once --period " + run.period + "), then submit";
}

}  // namespace

core::Expected<store::RunRecord> submittable_run(store::Database& db,
                                                 const std::optional<std::string>& period) {
  store::RunStore runs(db);
  auto all = runs.list_runs(100000);
  if (!all) {
    return core::fail(all.error());
  }
  auto it = std::find_if(all->begin(), all->end(),
                         [&](const store::RunRecord& r) { return !period || r.period == *period; });
  if (it == all->end()) {
    return core::fail(core::ErrorCode::NotFound,
                      period ? "no run of " + *period +
                                   " in the state store; run it first "
                                   "(atpipe run --once --period " +
                                   *period + ")"
                             : std::string("no run in the state store; run one first"));
  }
  if (it->status != "ok" || it->census_missing) {
    return refuse(refused_run(*it));
  }
  return *it;
}

core::Expected<PreparedUpload> prepare_upload(const config::Config& cfg,
                                              const store::RunRecord& run) {
  std::ifstream in(run.return_path, std::ios::binary);
  if (!in) {
    return core::fail(core::ErrorCode::Io,
                      "cannot read the return of run " + run.run_id + "; run the period again",
                      core::Provenance{"submission", run.return_path, 0, ""});
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto& profile = cfg.submission->profile;
  auto upload = render_upload(text.str(), profile, cfg.outputs.return_date_format);
  if (!upload) {
    return core::fail(std::move(upload).error());
  }
  const auto problems = validate_upload(upload->content, profile);
  if (!problems.empty()) {
    return core::fail(core::ErrorCode::Internal, "the upload file fails its own profile (" +
                                                     describe(problems.front(), profile) +
                                                     "); nothing was sent");
  }
  PreparedUpload out;
  out.period = run.period;
  out.run_id = run.run_id;
  out.file_name = expand_name(profile.file_name, cfg.organisation.commissioner, run.period, "");
  out.sha256 = transforms::sha256_hex(upload->content);
  out.records = upload->records;
  out.content = std::move(upload->content);
  return out;
}

std::string make_local_id(const std::string& commissioner, const std::string& period,
                          const std::string& sha256, int attempt) {
  return commissioner + "-" + period + "-" + sha256.substr(0, 12) + "-" + std::to_string(attempt);
}

core::Expected<Decision> decide(const std::vector<store::Submission>& rows,
                                const PreparedUpload& upload, const std::string& commissioner,
                                const std::string& sink, const SubmitOptions& options) {
  Decision out;
  int attempts = 0;
  const store::Submission* same_sent = nullptr;
  const store::Submission* any_sent = nullptr;
  std::vector<store::Approval> approvals;  // sign-off is of the content, so it carries over
  for (const auto& row : rows) {
    if (row.sha256 == upload.sha256) {
      attempts = std::max(attempts, row.attempt);
      approvals.insert(approvals.end(), row.approvals.begin(), row.approvals.end());
      if (open(row)) {
        out.existing = row;
      }
      same_sent = delivered(row) ? &row : same_sent;
    } else if (open(row) && row.state != SubmissionState::Sending) {
      out.superseded.push_back(row.id);
    }
    any_sent = delivered(row) ? &row : any_sent;
  }
  if (out.existing && !(same_sent != nullptr && options.resubmit)) {
    return out;
  }
  out.existing.reset();
  const bool has_reason = options.reason && !options.reason->empty();
  if (same_sent != nullptr && !(options.resubmit && has_reason)) {
    return refuse("this return of " + upload.period + " was already sent (" +
                  same_sent->updated_at + ", receipt " + same_sent->receipt_id +
                  "); to send the same content again: atpipe submit --period " + upload.period +
                  " --resubmit --reason TEXT");
  }
  if (same_sent == nullptr && any_sent != nullptr && !has_reason) {
    return refuse("a different return of " + upload.period + " was already sent (" +
                  any_sent->updated_at +
                  "); sending this changed one is a resubmission: give its reason with "
                  "--reason TEXT");
  }
  store::Submission draft;
  draft.period = upload.period;
  draft.commissioner = commissioner;
  draft.sha256 = upload.sha256;
  draft.attempt = attempts + 1;
  draft.local_id = make_local_id(commissioner, upload.period, upload.sha256, draft.attempt);
  draft.file_name = upload.file_name;
  draft.records = upload.records;
  draft.run_id = upload.run_id;
  draft.sink = sink;
  draft.reason = any_sent != nullptr ? options.reason.value_or("") : "";
  draft.approvals = std::move(approvals);
  out.draft = std::move(draft);
  return out;
}

std::string previous_period(const std::string& period) {
  int year = 0;
  int month = 0;
  if (std::sscanf(period.c_str(), "%d-%d", &year, &month) != 2) {
    return "";
  }
  if (--month == 0) {
    month = 12;
    --year;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d", year, month);
  return text;
}

std::string drop_hold(const std::vector<store::Submission>& previous, std::size_t records,
                      const std::optional<double>& threshold_percent) {
  if (!threshold_percent) {
    return "";
  }
  const store::Submission* last = nullptr;
  for (const auto& row : previous) {
    last = delivered(row) ? &row : last;
  }
  if (last == nullptr || last->records == 0 || records >= last->records) {
    return "";
  }
  const double drop =
      100.0 * static_cast<double>(last->records - records) / static_cast<double>(last->records);
  if (drop + 1e-9 < *threshold_percent) {
    return "";
  }
  char text[160];
  std::snprintf(text, sizeof text,
                "record count fell from %zu to %zu (%.1f%%) against %s's sent return; at or "
                "above hold_if_drop_percent %.1f%%",
                last->records, records, drop, last->period.c_str(), *threshold_percent);
  return text;
}

core::Artefact artefact_of(const store::Submission& row, std::string content) {
  core::Artefact a;
  a.period = row.period;
  a.commissioner = row.commissioner;
  a.file_name = row.file_name;
  a.sha256 = row.sha256;
  a.local_id = row.local_id;
  a.subject = "AT return " + row.commissioner + " " + row.period + " (" +
              std::to_string(row.records) + " records)";
  a.content = std::move(content);
  return a;
}

}  // namespace atpipe::daemon
