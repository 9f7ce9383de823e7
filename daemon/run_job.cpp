#include "daemon/run_job.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <set>

#include "daemon/pending_source_state.hpp"
#include "daemon/run_outputs.hpp"
#include "daemon/source_step.hpp"
#include "store/query_store.hpp"
#include "store/run_store.hpp"
#include "store/source_state_sqlite.hpp"
#include "transforms/derive/derive.hpp"
#include "transforms/linkage/link_config_from_spec.hpp"
#include "transforms/merge/conflict_queries.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/exact.hpp"
#include "transforms/reconcile/linked.hpp"
#include "transforms/reconcile/query_details.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {
namespace {

using core::Field;

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

// Shows input files relative to the config's folder, as the analyst wrote them in the YAML,
// so that outputs do not depend on where the checkout or the server keeps them.
void relativise(core::Record& rec, const std::filesystem::path& base) {
  std::error_code ec;
  auto rel = std::filesystem::relative(rec.where.file, base, ec);
  if (!ec && !rel.empty() && !rec.where.file.empty()) {
    rec.where.file = rel.generic_string();
  }
}

// A merged patient's findings, each as a record at the source row that supplied the value
// (or the winning row, for a missing value), so the reject log points where to fix it.
void append_patient_findings(const transforms::MergedPatient& p, std::vector<core::Record>& out) {
  for (const auto& f : p.record.findings) {
    core::Record rec;
    auto field = core::field_by_name(f.field);
    std::size_t index =
        field ? p.field_origin[static_cast<std::size_t>(*field)] : transforms::MergedPatient::kNone;
    if (index == transforms::MergedPatient::kNone) {
      index = 0;
    }
    rec.where = p.origins[index];
    const auto& ref = p.local_refs[index];
    rec.set(Field::LocalId, ref.substr(ref.find(':') + 1));
    auto finding = f;
    if (finding.severity == core::Severity::Error) {
      finding.message += " (patient-level check on the merged record)";
    }
    rec.findings.push_back(std::move(finding));
    out.push_back(std::move(rec));
  }
}

bool is_at_source(const config::Config& cfg, const std::string& name) {
  const auto* spec = cfg.find_source(name);
  return spec != nullptr && spec->role == config::SourceRole::At;
}

bool rejected_only_for_nhs_number(const core::Record& rec) {
  bool any = false;
  for (const auto& f : rec.findings) {
    if (f.severity != core::Severity::Error) {
      continue;
    }
    if (f.rule != "AT-R010" && f.rule != "AT-R011" && f.rule != "AT-R012" && f.rule != "AT-R013") {
      return false;
    }
    any = true;
  }
  return any;
}

// Exact only, or exact then probabilistic, as the config says.
core::Expected<transforms::ReconcileResult> reconcile(
    const config::Config& cfg, const std::vector<const transforms::MergedPatient*>& at_cut,
    const std::vector<const core::Record*>& at_without_nhs,
    const std::vector<core::Record>& census) {
  const auto& org = cfg.organisation.commissioner;
  if (cfg.reconcile.method == "exact") {
    return transforms::reconcile_exact(at_cut, census, cfg.reconcile.compare, org);
  }
  auto linkage = transforms::linkage::from_spec(cfg.reconcile);
  if (!linkage) {
    return core::fail(linkage.error());
  }
  return transforms::reconcile_linked(at_cut, at_without_nhs, census, cfg.reconcile.compare, org,
                                      *linkage);
}

}  // namespace

RunJob::RunJob(config::ConfigPtr cfg, const config::SourceRegistry& registry)
    : cfg_(std::move(cfg)), registry_(registry) {}

std::string expand_name(const std::string& pattern, const std::string& commissioner,
                        const std::string& period, const std::string& run_id) {
  std::string out = pattern;
  replace_all(out, "{commissioner}", commissioner);
  replace_all(out, "{period}", period);
  replace_all(out, "{run_id}", run_id);
  return out;
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  return date::format("%FT%TZ", date::floor<std::chrono::seconds>(t));
}

std::string make_run_id(std::chrono::system_clock::time_point now) {
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", rd() & 0xffffU);
  return date::format("%Y%m%dT%H%M%SZ", date::floor<std::chrono::seconds>(now)) + "-" + suffix;
}

core::Expected<store::RunRecord> RunJob::run(const RunOptions& options) const {
  const auto& cfg = *cfg_;
  transforms::Period period = transforms::last_complete_period(options.today);
  if (options.period) {
    auto p = transforms::period_from_label(*options.period);
    if (!p) {
      return core::fail(core::ErrorCode::Config,
                        "period '" + *options.period + "' is not a month written YYYY-MM");
    }
    period = *p;
  }
  if (period.start > options.today) {
    return core::fail(
        core::ErrorCode::Config,
        "period " + period.label + " has not started yet on " + core::to_iso(options.today));
  }

  store::RunRecord run;
  run.run_id = make_run_id(options.now);
  run.started_at = iso_utc(options.now);
  run.period = period.label;
  run.config_path = cfg.file.string();
  spdlog::info("run {} for period {} (cut {})", run.run_id, period.label, core::to_iso(period.cut));

  transforms::RuleContext rules{options.today, period.cut, config::SourceRole::At,
                                cfg.code_lists.get(), cfg.reference.get()};
  std::vector<core::Record> at_records;
  std::vector<core::Record> census_records;
  std::vector<core::Record> all_records;  // for the reject and warnings logs
  auto base = cfg.file.parent_path();
  // What sources take is remembered only once the run has written its outputs (never by a
  // dry run, which still skips what earlier runs took).
  auto taken = store::SqliteSourceState::open(cfg.state.sqlite);
  if (!taken) {
    return core::fail(taken.error());
  }
  PendingSourceState pending(&*taken);
  for (const auto& spec : cfg.sources) {
    auto yield = run_source(cfg, spec, registry_, rules, &pending);
    if (yield.counts.failed) {
      spdlog::error("source '{}' failed and is left out of this run: {}", spec.name,
                    yield.counts.error);
    }
    run.sources.push_back(yield.counts);
    for (auto& rec : yield.records) {
      relativise(rec, base);
      if (!rec.rejected()) {
        (spec.role == config::SourceRole::At ? at_records : census_records).push_back(rec);
      }
      all_records.push_back(std::move(rec));
    }
  }
  bool any_failed = std::any_of(run.sources.begin(), run.sources.end(),
                                [](const store::SourceCounts& c) { return c.failed; });

  transforms::MergeOptions merge_options{cfg.merge.field_precedence};
  auto patients = transforms::merge_by_nhs_number(std::move(at_records), merge_options);
  std::vector<const transforms::MergedPatient*> in_return;
  std::vector<const transforms::MergedPatient*> at_cut;
  std::vector<core::Record> patient_rejects;   // one per finding, at the row that caused it
  std::vector<core::Record> patient_warnings;  // warnings on patients that are returned
  std::vector<transforms::Membership> memberships;
  std::size_t cleared_after_cut = 0;
  for (auto& p : patients) {
    auto m = transforms::membership(p.record, period);
    memberships.push_back(m);
    if (!transforms::in_return(m)) {
      continue;
    }
    // The return for a past month shows the record as it stood at that month's end.
    cleared_after_cut += transforms::as_at_cut(p.record, period);
    // The return names the version each record is under (at-spec §1.4).
    p.record.set(Field::SpecVersion, transforms::spec_version_of(p.record, period.cut));
    // Distance from home and delayed discharge, when no source gave them.
    transforms::derive(p.record, rules);
    transforms::check_reference(p.record, rules);
    transforms::validate_patient(p.record, rules);
  }
  if (cleared_after_cut > 0) {
    spdlog::info("{} value(s) dated after the cut {} left out of the {} return", cleared_after_cut,
                 core::to_iso(period.cut), period.label);
  }
  // Rules across one person's episodes (two open episodes, readmission, death), among the
  // episodes that had begun by the cut: for a past month, a later admission did not exist yet.
  for (std::size_t i = 0; i < patients.size();) {
    std::vector<core::Record*> episodes;
    std::size_t j = i;
    for (; j < patients.size() && patients[j].person == patients[i].person; ++j) {
      if (memberships[j] != transforms::Membership::AdmittedAfterCut) {
        episodes.push_back(&patients[j].record);
      }
    }
    transforms::validate_person(episodes, rules);
    i = j;
  }
  for (std::size_t i = 0; i < patients.size(); ++i) {
    auto& p = patients[i];
    auto m = memberships[i];
    if (!transforms::in_return(m)) {
      continue;
    }
    if (p.record.rejected()) {
      ++run.patients_rejected;
      append_patient_findings(p, patient_rejects);
      continue;
    }
    append_patient_findings(p, patient_warnings);
    if (m == transforms::Membership::InpatientAtCut) {
      // Someone on extended S17 leave is not on a ward, so no ward census lists them. A person
      // with two open episodes (AT-R015) is on one ward: the census is checked against the
      // latest episode (episodes come in admission order).
      if (p.record.get(Field::S17ExtendedLeave) != "Y") {
        if (!at_cut.empty() && at_cut.back()->person == p.person) {
          at_cut.back() = &p;
        } else {
          at_cut.push_back(&p);
        }
      }
      ++run.inpatients_at_cut;
    } else {
      ++run.discharged_in_period;
    }
    in_return.push_back(&p);
  }
  run.patients = patients.size();
  run.in_return = in_return.size();
  run.outside_period = patients.size() - in_return.size() - run.patients_rejected;

  // AT rows kept out of the return only for their NHS number still take part in linkage.
  std::vector<const core::Record*> at_without_nhs;
  for (const auto& rec : all_records) {
    if (is_at_source(cfg, rec.where.source) && rejected_only_for_nhs_number(rec) &&
        transforms::membership(rec, period) == transforms::Membership::InpatientAtCut) {
      at_without_nhs.push_back(&rec);
    }
  }
  if (auto other = transforms::keep_census_at_cut(census_records, period); other > 0) {
    spdlog::info(
        "{} census row(s) from files dated outside {} or superseded by a later census "
        "in the month left out of this run",
        other, period.label);
  }
  bool has_census = std::any_of(cfg.sources.begin(), cfg.sources.end(),
                                [](const auto& s) { return s.role == config::SourceRole::Census; });
  // Without a census at the cut (the file has not come yet) there is nothing to reconcile
  // against: saying every inpatient is AT_ONLY would be noise, and closing last run's census
  // queries would be wrong. The run says so and leaves them open.
  std::set<core::QueryReason> not_checked;
  transforms::ReconcileResult reconciled;
  if (has_census && census_records.empty()) {
    spdlog::warn(
        "no census rows for the cut {}: reconciliation skipped, census queries left as "
        "they were",
        core::to_iso(period.cut));
    not_checked = {core::QueryReason::AtOnly,        core::QueryReason::CensusOnly,
                   core::QueryReason::Discrepancy,   core::QueryReason::DuplicateInCensus,
                   core::QueryReason::PossibleMatch, core::QueryReason::NhsNumber,
                   core::QueryReason::NoNhsNumber};
  } else {
    auto reconciled_or = reconcile(cfg, at_cut, at_without_nhs, census_records);
    if (!reconciled_or) {
      return core::fail(reconciled_or.error());
    }
    reconciled = std::move(*reconciled_or);
  }
  auto conflicts = transforms::conflict_queries(in_return, cfg.organisation.commissioner);
  reconciled.queries.insert(reconciled.queries.end(), conflicts.begin(), conflicts.end());
  transforms::complete_queries(reconciled.queries, {in_return, at_without_nhs, census_records},
                               cfg.organisation.commissioner);
  const auto& rc = reconciled.counts;
  run.matched_probabilistic = rc.matched_probabilistic;
  run.reviews = rc.reviews;
  run.linked_without_nhs = rc.linked_without_nhs;
  run.no_nhs_number = rc.no_nhs_number;
  run.census = rc.census;
  run.matched = rc.matched;
  run.matched_with_discrepancies = rc.matched_with_discrepancies;
  run.at_only = rc.at_only;
  run.census_only = rc.census_only;
  run.queries = reconciled.queries.size();

  std::vector<const core::Record*> rejected;
  std::vector<const core::Record*> accepted;
  for (const auto& rec : all_records) {
    (rec.rejected() ? rejected : accepted).push_back(&rec);
  }
  for (const auto& rec : patient_rejects) {
    rejected.push_back(&rec);
  }
  for (const auto& rec : patient_warnings) {
    accepted.push_back(&rec);
  }

  run.status = any_failed ? "partial" : "ok";
  if (options.dry_run) {
    run.finished_at = iso_utc(std::chrono::system_clock::now());
    return run;
  }
  auto query_state = store::QueryStore::open(cfg.state.sqlite);
  if (!query_state) {
    return core::fail(query_state.error());
  }
  auto lifecycle =
      query_state->apply_run(reconciled.queries, period.label, run.run_id, not_checked);
  if (!lifecycle) {
    return core::fail(lifecycle.error());
  }
  transforms::attach_subjects(lifecycle->open, reconciled.queries);
  run.queries = lifecycle->open.size();
  run.queries_opened = lifecycle->counts.opened;
  run.queries_resolved = lifecycle->counts.resolved_by_data;
  RunOutputs outputs{in_return,           std::move(lifecycle->open), std::move(reconciled.links),
                     std::move(rejected), std::move(accepted),        !any_failed};
  if (auto written = write_run_outputs(cfg, period, outputs, run); !written) {
    return core::fail(written.error());
  }
  run.finished_at = iso_utc(std::chrono::system_clock::now());
  auto state = store::RunStore::open(cfg.state.sqlite);
  if (!state) {
    return core::fail(state.error());
  }
  if (auto recorded = state->record_run(run); !recorded) {
    return core::fail(recorded.error());
  }
  pending.commit();
  return run;
}

}  // namespace atpipe::daemon
