#include "daemon/run_stages.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <iterator>
#include <span>

#include "daemon/source_step.hpp"
#include "transforms/derive/derive.hpp"
#include "transforms/episodes/census_candidates.hpp"
#include "transforms/episodes/patient_findings.hpp"
#include "transforms/linkage/link_config_from_spec.hpp"
#include "transforms/merge/conflict_queries.hpp"
#include "transforms/reconcile/linked.hpp"
#include "transforms/reconcile/query_details.hpp"

namespace atpipe::daemon {
namespace {

using core::Field;
using transforms::Membership;

// Accepted rows go to `accepted`; rejected rows to `rejected`, and the findings of accepted
// rows (all warnings) to `warnings`. The findings leave the accepted row: no later stage reads
// them from it.
void keep_records(std::vector<core::Record> records, std::vector<core::Record>& accepted,
                  std::vector<core::Record>& rejected, transforms::FindingLog& warnings) {
  // Accepted rows are packed to the front of `records` in place, so that a source's rows are
  // never held in two vectors at once.
  std::size_t kept = 0;
  for (auto& rec : records) {
    if (rec.rejected()) {
      rejected.push_back(std::move(rec));
      continue;
    }
    if (!rec.findings.empty()) {
      warnings.add(rec, core::Severity::Warning);
      std::vector<core::Finding>().swap(rec.findings);
    }
    if (&rec != &records[kept]) {
      records[kept] = std::move(rec);
    }
    ++kept;
  }
  records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
  if (accepted.empty()) {
    accepted = std::move(records);
  } else {
    accepted.insert(accepted.end(), std::make_move_iterator(records.begin()),
                    std::make_move_iterator(records.end()));
  }
}

bool is_at_source(const config::Config& cfg, const std::string& name) {
  const auto* spec = cfg.find_source(name);
  return spec != nullptr && spec->role == config::SourceRole::At;
}

// Rows refused only for an identifying value (NHS number, date of birth, home postcode) are
// still people: AT inpatients at the cut and rows of the cut's census take part in linkage.
void collect_refused(const config::Config& cfg, const Pulled& pulled,
                     const transforms::Period& period, Reconciled& out) {
  for (const auto& rec : pulled.rejected_records) {
    if (!transforms::rejected_only_for_identifying_values(rec)) {
      continue;
    }
    if (is_at_source(cfg, rec.where.source)) {
      if (transforms::membership(rec, period) == Membership::InpatientAtCut) {
        out.refused.at.push_back(&rec);
      }
    } else {
      out.refused_census.push_back(rec);
    }
  }
  (void)transforms::keep_census_at_cut(out.refused_census, period);
  for (const auto& rec : out.refused_census) {
    out.refused.census.push_back(&rec);
  }
}

// Period membership of each episode and, for those in the return, the record as at the cut,
// its spec version, derived fields, reference and patient-level checks. The values cleared
// for being dated after the cut.
std::size_t check_episodes(std::span<transforms::MergedPatient> patients,
                           std::span<Membership> memberships, const transforms::Period& period,
                           const transforms::RuleContext& rules) {
  std::size_t cleared_after_cut = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    auto& p = patients[i];
    memberships[i] = transforms::membership(p.record, period);
    if (!transforms::in_return(memberships[i])) {
      continue;
    }
    // The return for a past month shows the record as it stood at that month's end.
    cleared_after_cut += transforms::as_at_cut(p.record, period);
    // The return names the version each record is under (at-spec §1.4).
    if (!p.record.has(Field::SpecVersion)) {
      p.record.set(Field::SpecVersion, transforms::spec_version_of(p.record, period.cut));
    }
    // Distance from home and delayed discharge, when no source gave them.
    transforms::derive(p.record, rules);
    transforms::check_reference(p.record, rules);
    transforms::validate_patient(p.record, rules);
  }
  return cleared_after_cut;
}

// Exact only, or exact then probabilistic, as the config says.
core::Expected<transforms::ReconcileResult> reconcile(
    const config::Config& cfg, const std::vector<const transforms::MergedPatient*>& at_cut,
    const transforms::RejectedForLinkage& refused, const std::vector<core::Record>& census) {
  const auto& org = cfg.organisation.commissioner;
  if (cfg.reconcile.method == "exact") {
    return transforms::reconcile_exact(at_cut, census, cfg.reconcile.compare, org);
  }
  auto linkage = transforms::linkage::from_spec(cfg.reconcile);
  if (!linkage) {
    return core::fail(linkage.error());
  }
  return transforms::reconcile_linked(at_cut, refused, census, cfg.reconcile.compare, org,
                                      *linkage);
}

void copy_counts(const transforms::ReconcileCounts& rc, store::RunRecord& run) {
  run.matched_probabilistic = rc.matched_probabilistic;
  run.reviews = rc.reviews;
  run.linked_without_nhs = rc.linked_without_nhs;
  run.no_nhs_number = rc.no_nhs_number;
  run.census = rc.census;
  run.matched = rc.matched;
  run.matched_with_discrepancies = rc.matched_with_discrepancies;
  run.at_only = rc.at_only;
  run.census_only = rc.census_only;
}

// The sets' sizes, counted before they are filled: a vector of one record per finding that
// grows by doubling would hold two copies of itself at each step and move every record.
void reserve_period_sets(const std::vector<transforms::MergedPatient>& patients,
                         const std::vector<Membership>& memberships, PeriodSets& sets) {
  std::size_t returned = 0;
  std::size_t rejects = 0;
  std::size_t warnings = 0;
  for (std::size_t i = 0; i < patients.size(); ++i) {
    if (!transforms::in_return(memberships[i])) {
      continue;
    }
    const auto& rec = patients[i].record;
    if (rec.rejected()) {
      rejects += rec.findings.size();
    } else {
      warnings += rec.findings.size();
      ++returned;
    }
  }
  sets.in_return.reserve(returned);
  sets.patient_rejects.reserve(rejects);
  sets.patient_warnings.reserve(warnings);
}

}  // namespace

core::Expected<transforms::Period> choose_period(const RunOptions& options) {
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
  return period;
}

Pulled pull_and_validate(const config::Config& cfg, const config::SourceRegistry& registry,
                         const transforms::RuleContext& rules, core::SourceState& taken) {
  // Sources are pulled one after another (the taken-files state belongs to this thread); a
  // source that hands its rows over in parts is mapped part by part as it is read, any other
  // is mapped and validated beside the next pulls. Results are kept in config order.
  // Records name their files relative to the config's folder.
  const ShownFiles shown{cfg.file.parent_path()};
  std::vector<std::future<SourceYield>> tasks;
  for (const auto& spec : cfg.sources) {
    tasks.push_back(
        start_source(cfg, spec, registry, core::PullContext{rules.cut, &taken}, rules, shown));
  }
  Pulled out;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const auto& spec = cfg.sources[i];
    auto yield = tasks[i].get();
    if (yield.counts.failed) {
      spdlog::error("source '{}' failed and is left out of this run: {}", spec.name,
                    yield.counts.error);
      out.any_failed = true;
    }
    out.counts.push_back(yield.counts);
    keep_records(std::move(yield.records),
                 spec.role == config::SourceRole::At ? out.at_records : out.census_records,
                 out.rejected_records, out.warnings);
  }
  // The raw rows and the warnings moved to the log are freed, scattered among the records that
  // stay: glibc keeps such pages unless asked to hand them back.
  (void)malloc_trim(0);
  return out;
}

std::vector<transforms::MergedPatient> merge_episodes(const config::Config& cfg,
                                                      std::vector<core::Record> at_records) {
  transforms::MergeOptions options{cfg.merge.field_precedence};
  return transforms::merge_by_nhs_number(std::move(at_records), options);
}

std::vector<Membership> derive_and_check(std::vector<transforms::MergedPatient>& patients,
                                         const transforms::Period& period,
                                         const transforms::RuleContext& rules) {
  // Each episode is checked on its own: half the list goes to a second core.
  std::vector<Membership> memberships(patients.size());
  const auto half = patients.size() / 2;
  auto first = std::async(std::launch::async, [&] {
    return check_episodes(std::span(patients).first(half), std::span(memberships).first(half),
                          period, rules);
  });
  auto cleared_after_cut = check_episodes(std::span(patients).subspan(half),
                                          std::span(memberships).subspan(half), period, rules);
  cleared_after_cut += first.get();
  if (cleared_after_cut > 0) {
    spdlog::info("{} value(s) dated after the cut {} left out of the {} return", cleared_after_cut,
                 core::to_iso(period.cut), period.label);
  }
  return memberships;
}

void apply_person_rules(std::vector<transforms::MergedPatient>& patients,
                        const std::vector<Membership>& memberships,
                        const transforms::RuleContext& rules) {
  // For a past month, a later admission did not exist yet: only episodes begun by the cut.
  std::vector<core::Record*> episodes;  // one person's; reused, as most people have one
  for (std::size_t i = 0; i < patients.size();) {
    episodes.clear();
    std::size_t j = i;
    for (; j < patients.size() && patients[j].person == patients[i].person; ++j) {
      if (memberships[j] != Membership::AdmittedAfterCut) {
        episodes.push_back(&patients[j].record);
      }
    }
    transforms::validate_person(episodes, rules);
    i = j;
  }
}

PeriodSets select_period(std::vector<transforms::MergedPatient>& patients,
                         const std::vector<Membership>& memberships, store::RunRecord& run) {
  PeriodSets sets;
  reserve_period_sets(patients, memberships, sets);
  for (std::size_t i = 0; i < patients.size(); ++i) {
    auto& p = patients[i];
    if (!transforms::in_return(memberships[i])) {
      continue;
    }
    if (p.record.rejected()) {
      ++run.patients_rejected;
      transforms::append_patient_findings(p, sets.patient_rejects);
      continue;
    }
    transforms::append_patient_findings(p, sets.patient_warnings);
    // The warnings now live in the log; freed here, their room takes the next episode's.
    std::vector<core::Finding>().swap(p.record.findings);
    if (memberships[i] == Membership::InpatientAtCut) {
      transforms::add_census_candidate(sets.at_cut, p);
      ++run.inpatients_at_cut;
    } else {
      ++run.discharged_in_period;
    }
    sets.in_return.push_back(&p);
  }
  run.patients = patients.size();
  // The findings the checks put on each episode are freed above (now in the sets), scattered
  // among the records that stay: glibc keeps such pages unless asked to hand them back.
  (void)malloc_trim(0);
  run.in_return = sets.in_return.size();
  run.outside_period = patients.size() - sets.in_return.size() - run.patients_rejected;
  return sets;
}

core::Expected<Reconciled> reconcile_with_census(const config::Config& cfg,
                                                 const transforms::Period& period,
                                                 const PeriodSets& sets, Pulled& pulled,
                                                 store::RunRecord& run) {
  if (auto other = transforms::keep_census_at_cut(pulled.census_records, period); other > 0) {
    spdlog::info(
        "{} census row(s) from files dated outside {} or superseded by a later census "
        "in the month left out of this run",
        other, period.label);
  }
  Reconciled out;
  bool has_census = std::any_of(cfg.sources.begin(), cfg.sources.end(),
                                [](const auto& s) { return s.role == config::SourceRole::Census; });
  // Without a census at the cut (the file has not come yet) there is nothing to reconcile
  // against: saying every inpatient is AT_ONLY would be noise, and closing last run's census
  // queries would be wrong. The run says so and leaves them open.
  if (has_census && pulled.census_records.empty()) {
    spdlog::warn(
        "no census rows for the cut {}: reconciliation skipped, census queries left as "
        "they were",
        core::to_iso(period.cut));
    out.census_missing = run.census_missing = true;
    out.not_checked = {core::QueryReason::AtOnly,        core::QueryReason::CensusOnly,
                       core::QueryReason::Discrepancy,   core::QueryReason::DuplicateInCensus,
                       core::QueryReason::PossibleMatch, core::QueryReason::NhsNumber,
                       core::QueryReason::NoNhsNumber};
    return out;
  }
  collect_refused(cfg, pulled, period, out);
  auto reconciled = reconcile(cfg, sets.at_cut, out.refused, pulled.census_records);
  if (!reconciled) {
    return core::fail(reconciled.error());
  }
  out.result = std::move(*reconciled);
  copy_counts(out.result.counts, run);
  run.linkage_fit = out.result.linkage_fit;
  for (const auto& line : run.linkage_fit) {
    spdlog::info("linkage: {}", line);
  }
  return out;
}

std::vector<core::Query> raise_queries(const config::Config& cfg, Reconciled& reconciled,
                                       const PeriodSets& sets, const Pulled& pulled,
                                       store::RunRecord& run) {
  auto raised = std::move(reconciled.result.queries);
  auto conflicts = transforms::conflict_queries(sets.in_return, cfg.organisation.commissioner);
  raised.insert(raised.end(), std::make_move_iterator(conflicts.begin()),
                std::make_move_iterator(conflicts.end()));
  // Each query names its patient for the owner, and its action speaks to the owner's system.
  transforms::complete_queries(raised,
                               {sets.in_return, reconciled.refused.at, pulled.census_records},
                               cfg.organisation.commissioner);
  run.queries = raised.size();
  return raised;
}

}  // namespace atpipe::daemon
