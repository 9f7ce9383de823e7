#include "transforms/reconcile/linked.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "core/nhs_number.hpp"
#include "transforms/linkage/linkage.hpp"
#include "transforms/linkage/parallel.hpp"
#include "transforms/reconcile/query_chunks.hpp"
#include "transforms/reconcile/query_sort.hpp"
#include "transforms/reconcile/refs.hpp"
#include "transforms/reconcile/text_memo.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using NumberSet = std::unordered_set<std::string_view>;

// "weight 14.20, probability 0.9731: surname exact +6.10; date_of_birth day/month swapped +1.92"
std::string evidence_of(const linkage::LinkageResult& result, const linkage::LinkedPair& pair) {
  char head[96];
  std::snprintf(head, sizeof head, "weight %.2f, probability %.4f", pair.weight, pair.probability);
  std::string out = head;
  std::string sep = ": ";
  for (const auto& c : result.explain(pair)) {
    char part[32];
    std::snprintf(part, sizeof part, " %+.2f", c.weight);
    out += sep + std::string(c.field) + " " + c.level + part;
    sep = "; ";
  }
  return out;
}

bool valid_nhs(std::string_view nhs) {
  return core::check_nhs_number(nhs).valid();
}

// The AT side of a pair: a merged patient, or a record without a usable NHS number. Its
// references are made when a link or query needs them (almost every side, but only once).
struct AtSide {
  const core::Record* record = nullptr;
  const MergedPatient* patient = nullptr;
};

// "source:local_id;…" of every record behind the side.
std::string refs_of(const AtSide& side) {
  return side.patient != nullptr ? join_refs(side.patient->local_refs) : record_ref(*side.record);
}

// Both sides of the linkage and the records behind each index. Views into the records: the
// caller keeps them alive.
struct Sides {
  std::vector<AtSide> at;
  std::vector<const core::Record*> census;  // accepted rows first, then refused ones
};

// The valid NHS numbers of refused rows: only these can be held by an accepted row.
NumberSet valid_numbers_of(const std::vector<const core::Record*>& rows) {
  NumberSet out;
  for (const auto* r : rows) {
    const std::string_view nhs = r->get(Field::NhsNumber);
    if (valid_nhs(nhs)) {
      out.insert(nhs);
    }
  }
  return out;
}

// Refused rows whose valid NHS number an accepted row already holds are left out: the
// person is there already, and a second row would only make a duplicate to review.
// `held` has the refused rows' valid numbers that an accepted row has too.
std::vector<const core::Record*> not_held(const std::vector<const core::Record*>& rows,
                                          const NumberSet& held) {
  std::vector<const core::Record*> out;
  for (const auto* r : rows) {
    const std::string_view nhs = r->get(Field::NhsNumber);
    if (held.count(nhs) == 0 || !valid_nhs(nhs)) {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<AtSide> at_side_of(const std::vector<const MergedPatient*>& at,
                               const std::vector<const core::Record*>& rejected) {
  std::vector<AtSide> out;
  out.reserve(at.size() + rejected.size());
  const auto wanted = valid_numbers_of(rejected);
  NumberSet held;
  for (const auto* p : at) {
    out.push_back({&p->record, p});
    // Most runs refuse few AT rows with a valid number: no lookup per patient then.
    if (!wanted.empty()) {
      const std::string_view nhs = p->record.get(Field::NhsNumber);
      if (wanted.count(nhs) > 0) {
        held.insert(nhs);
      }
    }
  }
  for (const auto* r : not_held(rejected, held)) {
    out.push_back({r, nullptr});
  }
  return out;
}

// Accepted census rows first, so that an index below census.size() is an accepted one.
std::vector<const core::Record*> census_side_of(const std::vector<core::Record>& census,
                                                const std::vector<const core::Record*>& rejected) {
  std::vector<const core::Record*> out;
  out.reserve(census.size() + rejected.size());
  const auto wanted = valid_numbers_of(rejected);
  NumberSet held;
  for (const auto& c : census) {
    out.push_back(&c);
    if (!wanted.empty()) {
      const std::string_view nhs = c.get(Field::NhsNumber);
      if (wanted.count(nhs) > 0) {
        held.insert(nhs);
      }
    }
  }
  for (const auto* r : not_held(rejected, held)) {
    out.push_back(r);
  }
  return out;
}

// The two sides are independent: one per thread.
Sides sides_of(const std::vector<const MergedPatient*>& at, const RejectedForLinkage& rejected,
               const std::vector<core::Record>& census, unsigned threads) {
  Sides sides;
  linkage::parallel_for(2, threads, [&](std::size_t task) {
    if (task == 0) {
      sides.at = at_side_of(at, rejected.at);
    } else {
      sides.census = census_side_of(census, rejected.census);
    }
  });
  return sides;
}

// The two sides reduced to compact records, one side per thread.
struct CompactSides {
  linkage::LinkSide at;
  linkage::LinkSide census;
};

void compact_sides(const Sides& sides, unsigned threads, CompactSides& out) {
  linkage::parallel_for(2, threads, [&](std::size_t task) {
    if (task == 0) {
      out.at.reserve(sides.at.size(), sides.at.size() * 16);
      for (const auto& s : sides.at) {
        out.at.add(linkage::link_input_of(*s.record));
      }
    } else {
      out.census.reserve(sides.census.size(), sides.census.size() * 16);
      for (const auto* c : sides.census) {
        out.census.add(linkage::link_input_of(*c));
      }
    }
  });
}

// Adds `q` with its stable id: from its NHS number, or from `id_key` when it has none.
template <typename Queries>
void add_query(Queries& queries, core::Query q, const std::string& id_key) {
  q.id = core::make_query_id(q.reason, q.nhs_number.empty() ? id_key : q.nhs_number, q.field);
  queries.push_back(std::move(q));
}

// One DUPLICATE_IN_CENSUS query per valid NHS number that the accepted census lists more
// than once, in ascending NHS number order. `shared` has the rows that may be listed twice
// (census_sharing_digits).
void add_census_duplicates(const std::vector<core::Record>& census,
                           const std::vector<std::uint32_t>& shared,
                           const std::string& commissioner, ReconcileResult& result) {
  std::vector<std::pair<std::string_view, std::uint32_t>> numbers;
  numbers.reserve(shared.size());
  for (auto i : shared) {
    const std::string_view nhs = census[i].get(Field::NhsNumber);
    if (valid_nhs(nhs)) {
      numbers.emplace_back(nhs, i);
    }
  }
  std::sort(numbers.begin(), numbers.end());
  for (std::size_t i = 0; i < numbers.size();) {
    std::size_t end = i + 1;
    while (end < numbers.size() && numbers[end].first == numbers[i].first) {
      ++end;
    }
    if (end - i >= 2) {
      ++result.counts.census_duplicates;
      const core::Record& first = census[numbers[i].second];
      core::Query q;
      q.reason = core::QueryReason::DuplicateInCensus;
      q.nhs_number = std::string(numbers[i].first);
      q.owner = provider_owner(first, commissioner);
      std::vector<std::string> refs;
      for (std::size_t k = i; k < end; ++k) {
        refs.push_back(record_ref(census[numbers[k].second]));
      }
      q.census_ref = join_refs(refs);
      q.action = duplicate_action(q.owner);
      add_query(result.queries, std::move(q), "");
    }
    i = end;
  }
}

// The accepted census rows whose NHS number has the same digits as another accepted row's:
// only these can be listed twice. Sorting the compact records' digits finds them without
// checking and sorting every row's text.
std::vector<std::uint32_t> census_sharing_digits(const linkage::LinkSide& side,
                                                 std::size_t accepted) {
  std::vector<std::pair<std::uint64_t, std::uint32_t>> digits;
  digits.reserve(accepted);
  for (std::size_t i = 0; i < accepted; ++i) {
    // Missing: no number, or nothing but spaces; never valid. Every other state keeps the
    // digits, the same for the same text.
    if (side[i].nhs_state != linkage::NhsState::Missing) {
      digits.emplace_back(side[i].nhs, static_cast<std::uint32_t>(i));
    }
  }
  std::sort(digits.begin(), digits.end());
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < digits.size();) {
    std::size_t end = i + 1;
    while (end < digits.size() && digits[end].first == digits[i].first) {
      ++end;
    }
    for (std::size_t k = i; end - i >= 2 && k < end; ++k) {
      out.push_back(digits[k].second);
    }
    i = end;
  }
  return out;
}

// Links the two sides. The compact records are freed on return; before that, `shared` gets
// the accepted census rows that may share an NHS number (census_sharing_digits).
core::Expected<linkage::LinkageResult> link_sides(const Sides& sides, std::size_t accepted_census,
                                                  const linkage::LinkageConfig& config,
                                                  std::vector<std::uint32_t>& shared) {
  CompactSides compact;
  compact_sides(sides, config.threads, compact);
  auto linked = linkage::link(compact.at, compact.census, config);
  if (linked) {
    shared = census_sharing_digits(compact.census, accepted_census);
  }
  return linked;
}

// What the pair loop reads besides the pair.
struct PairInputs {
  const Sides& sides;
  const linkage::LinkageResult& linked;
  std::size_t accepted_census = 0;
  const std::vector<Field>& compare;
  const std::string& commissioner;
};

// What the pair loop adds to besides the links (which go straight to their place in the
// result); one per chunk of pairs, joined in pair order.
struct PairOutputs {
  // Blocks that grow without copies and are freed one by one as the queries move into the
  // result, so the run's queries are never all held twice.
  QueryChunks queries;
  ReconcileCounts counts;
  // The evidence of a probabilistic pair depends only on its levels, weight and probability,
  // which a run has a few hundred of: each text is made once.
  std::map<std::tuple<linkage::Pattern, std::uint32_t, std::uint32_t>, std::string> evidence;
  TextMemo actions;
};

const std::string& evidence_for(const linkage::LinkageResult& linked,
                                const linkage::LinkedPair& pair, PairOutputs& out) {
  const auto key = std::make_tuple(pair.levels, std::bit_cast<std::uint32_t>(pair.weight),
                                   std::bit_cast<std::uint32_t>(pair.probability));
  auto it = out.evidence.find(key);
  if (it == out.evidence.end()) {
    it = out.evidence.emplace(key, evidence_of(linked, pair)).first;
  }
  return it->second;
}

void fill_link(const AtSide& side, const core::Record& c, const linkage::LinkedPair& pair,
               const std::string& evidence, Link& link) {
  link.at_source = side.record->where.source;
  link.at_local_id = side.record->get(Field::LocalId);
  link.at_records = refs_of(side);
  link.census_source = c.where.source;
  if (c.has(Field::LocalId)) {
    link.census_local_id = c.get(Field::LocalId);
  } else {
    link.census_local_id = "row " + std::to_string(c.where.row);
  }
  link.method = pair.method == linkage::LinkMethod::Exact ? "exact" : "probabilistic";
  link.status = pair.status == linkage::LinkStatus::Match ? "match" : "review";
  link.weight = pair.weight;
  link.probability = pair.probability;
  link.evidence = evidence;
}

// The fields every query about a linked pair shares.
core::Query base_query(const AtSide& side, const core::Record& c, const Link& link,
                       const std::string& commissioner) {
  const std::string_view at_nhs = side.record->get(Field::NhsNumber);
  core::Query base;
  if (valid_nhs(at_nhs)) {
    base.nhs_number = at_nhs;
  }
  base.owner = provider_owner(*side.record, commissioner);
  base.at_refs = link.at_records;
  base.census_ref = record_ref(c);
  base.evidence = link.evidence;
  return base;
}

// DISCREPANCY queries for the compared fields on which a matched patient and its census
// row disagree (both given); true when there was one.
bool add_discrepancies(const AtSide& side, const core::Record& c, const core::Query& base,
                       const std::vector<Field>& compare, PairOutputs& out) {
  bool differs = false;
  const std::string id_key = base.at_refs + "|" + base.census_ref;
  for (Field f : compare) {
    const auto& va = side.record->get(f);
    const auto& vc = c.get(f);
    if (va.empty() || vc.empty() || va == vc) {
      continue;
    }
    differs = true;
    core::Query q = base;
    q.reason = core::QueryReason::Discrepancy;
    q.field = std::string(core::field_info(f).name);
    q.value_returned = va;
    q.returned_from =
        side.patient->local_refs[side.patient->field_origin[static_cast<std::size_t>(f)]];
    q.other_value = vc;
    q.other_from = base.census_ref;
    q.action = out.actions.get(static_cast<int>(q.reason), q.field, q.owner,
                               [&] { return discrepancy_action(q.field, q.owner); });
    add_query(out.queries, std::move(q), id_key);
  }
  return differs;
}

// True when a matched patient and its census row disagree on a compared field.
bool any_discrepancy(const core::Record& a, const core::Record& c,
                     const std::vector<Field>& compare) {
  return std::any_of(compare.begin(), compare.end(), [&](Field f) {
    const auto& va = a.get(f);
    const auto& vc = c.get(f);
    return !va.empty() && !vc.empty() && va != vc;
  });
}

// The link for one pair, and every query it raises: a refused value beside the link, a
// possible match to review, NHS numbers that disagree, compared fields that differ.
void reconcile_pair(const PairInputs& in, const linkage::LinkedPair& pair, Link& link,
                    PairOutputs& out) {
  const auto& side = in.sides.at[pair.at];
  const core::Record& a = *side.record;
  const core::Record& c = *in.sides.census[pair.census];
  const bool census_rejected = pair.census >= in.accepted_census;
  static const std::string kNoEvidence;
  const std::string& evidence = pair.method == linkage::LinkMethod::Probabilistic
                                    ? evidence_for(in.linked, pair, out)
                                    : kNoEvidence;
  fill_link(side, c, pair, evidence, link);

  const auto& at_nhs = a.get(Field::NhsNumber);
  const auto& census_nhs = c.get(Field::NhsNumber);
  const bool review = pair.status == linkage::LinkStatus::Review;
  const bool nhs_differs = at_nhs != census_nhs;
  // Most pairs raise nothing: the shared query fields are only built for those that do.
  if (side.patient != nullptr && !census_rejected && !review && !nhs_differs &&
      !any_discrepancy(a, c, in.compare)) {
    ++out.counts.matched;
    out.counts.matched_probabilistic += pair.method == linkage::LinkMethod::Probabilistic ? 1 : 0;
    return;
  }
  core::Query base = base_query(side, c, link, in.commissioner);
  const std::string id_key = base.at_refs + "|" + base.census_ref;
  // A row refused for an identifying value: the query names the value beside the link.
  auto refuse = [&](const core::Record& bad, const core::Record& partner, bool bad_is_at) {
    core::Query q = base;
    q.owner = bad_is_at ? base.owner : in.commissioner + " (commissioner)";
    for (auto& r : refused_value_queries(bad, partner, bad_is_at, q)) {
      add_query(out.queries, std::move(r), id_key);
    }
  };
  if (side.patient == nullptr) {
    refuse(a, c, true);
  }
  if (census_rejected) {
    refuse(c, a, false);
  }
  if (review) {
    ++out.counts.reviews;
    core::Query q = std::move(base);  // the pair's last query
    q.reason = core::QueryReason::PossibleMatch;
    q.action =
        "Compare the two records (see Evidence); if they are the same person, correct "
        "the identifiers in the source that is wrong";
    add_query(out.queries, std::move(q), id_key);
    return;
  }
  if (side.patient == nullptr) {
    out.counts.linked_without_nhs += valid_nhs(at_nhs) ? 0 : 1;
  } else {
    ++out.counts.matched;
    out.counts.matched_probabilistic += pair.method == linkage::LinkMethod::Probabilistic ? 1 : 0;
  }
  if (nhs_differs) {
    // Mostly the pair's last query: then it takes the shared fields instead of a copy.
    const bool more = side.patient != nullptr && any_discrepancy(a, c, in.compare);
    core::Query q;
    if (more) {
      q = base;
    } else {
      q = std::move(base);
    }
    q.reason = core::QueryReason::NhsNumber;
    q.field = "nhs_number";
    q.value_returned = at_nhs;
    q.returned_from = side.patient != nullptr ? q.at_refs : record_ref(a);
    q.other_value = census_nhs;
    q.other_from = q.census_ref;
    q.action =
        "Confirm the patient's NHS number (PDS) and correct the AT source or the "
        "census, whichever is wrong";
    add_query(out.queries, std::move(q), id_key);
    if (!more) {
      return;
    }
  }
  if (side.patient != nullptr && add_discrepancies(side, c, base, in.compare, out)) {
    ++out.counts.matched_with_discrepancies;
  }
}

void add_counts(const ReconcileCounts& from, ReconcileCounts& to) {
  to.matched += from.matched;
  to.matched_with_discrepancies += from.matched_with_discrepancies;
  to.matched_probabilistic += from.matched_probabilistic;
  to.reviews += from.reviews;
  to.linked_without_nhs += from.linked_without_nhs;
}

// Every linked pair, in pair order. The pairs are split in two halves, one per thread; the
// second half's links and queries follow the first's, as the serial loop would add them.
void reconcile_pairs(const PairInputs& in, unsigned threads, ReconcileResult& result) {
  const auto& pairs = in.linked.pairs;
  result.links.resize(pairs.size());
  std::array<PairOutputs, 2> parts;
  const std::size_t half = pairs.size() / 2;
  linkage::parallel_for(2, threads, [&](std::size_t part) {
    const std::size_t begin = part == 0 ? 0 : half;
    const std::size_t end = part == 0 ? half : pairs.size();
    for (std::size_t k = begin; k < end; ++k) {
      reconcile_pair(in, pairs[k], result.links[k], parts[part]);
    }
  });
  result.queries.reserve(result.queries.size() + parts[0].queries.size() + parts[1].queries.size() +
                         in.linked.at_unmatched.size() + in.linked.census_unmatched.size());
  for (auto& part : parts) {
    part.queries.move_into(result.queries);
    add_counts(part.counts, result.counts);
  }
}

// AT_ONLY for an unlinked patient, NO_NHS_NUMBER for an unlinked row refused for its number.
void add_at_unmatched(const Sides& sides, const linkage::LinkageResult& linked,
                      const std::string& commissioner, ReconcileResult& result) {
  TextMemo actions;
  for (auto index : linked.at_unmatched) {
    const auto& side = sides.at[index];
    core::Query q;
    q.owner = provider_owner(*side.record, commissioner);
    std::string refs = refs_of(side);
    q.at_refs = refs;
    if (side.patient != nullptr) {
      ++result.counts.at_only;
      q.reason = core::QueryReason::AtOnly;
      q.nhs_number = side.record->get(Field::NhsNumber);
      q.action = actions.get(0, q.owner, "", [&] { return at_only_action(q.owner); });
    } else if (valid_nhs(side.record->get(Field::NhsNumber))) {
      continue;  // rejected for another value, and on the rejects list for it
    } else {
      ++result.counts.no_nhs_number;
      q.reason = core::QueryReason::NoNhsNumber;
      q.action = actions.get(1, side.record->where.source, "", [&] {
        return "Find the patient's NHS number (PDS) and correct " + side.record->where.source +
               "; the record is out of the return until then";
      });
    }
    add_query(result.queries, std::move(q), refs);
  }
}

// CENSUS_ONLY for an unlinked accepted census row.
void add_census_unmatched(const std::vector<core::Record>& census,
                          const linkage::LinkageResult& linked, const std::string& commissioner,
                          ReconcileResult& result) {
  const std::string owner = commissioner + " (commissioner)";
  const std::string action = census_only_action(commissioner);
  for (auto index : linked.census_unmatched) {
    if (index >= census.size()) {
      continue;  // a rejected census row: the rejects list has it
    }
    const auto& c = census[index];
    ++result.counts.census_only;
    core::Query q;
    q.reason = core::QueryReason::CensusOnly;
    const auto& nhs = c.get(Field::NhsNumber);
    q.nhs_number = valid_nhs(nhs) ? nhs : "";
    q.owner = owner;
    q.census_ref = record_ref(c);
    q.action = action;
    const std::string id_key = q.census_ref;
    add_query(result.queries, std::move(q), id_key);
  }
}

}  // namespace

core::Expected<ReconcileResult> reconcile_linked(
    const std::vector<const MergedPatient*>& at,
    const std::vector<const core::Record*>& at_without_nhs, const std::vector<core::Record>& census,
    const std::vector<Field>& compare, const std::string& commissioner,
    const linkage::LinkageConfig& config) {
  return reconcile_linked(at, RejectedForLinkage{at_without_nhs, {}}, census, compare, commissioner,
                          config);
}

core::Expected<ReconcileResult> reconcile_linked(const std::vector<const MergedPatient*>& at,
                                                 const RejectedForLinkage& rejected,
                                                 const std::vector<core::Record>& census,
                                                 const std::vector<Field>& compare,
                                                 const std::string& commissioner,
                                                 const linkage::LinkageConfig& config) {
  ReconcileResult result;
  {
    // Everything in this scope is freed before the queries are sorted.
    const Sides sides = sides_of(at, rejected, census, config.threads);
    std::vector<std::uint32_t> shared;
    auto linked = link_sides(sides, census.size(), config, shared);
    if (!linked) {
      return core::fail(linked.error());
    }
    result.linkage_fit = linkage::describe_fit(linked->model);
    result.counts.at_inpatients = at.size();
    result.counts.census = census.size();
    add_census_duplicates(census, shared, commissioner, result);
    reconcile_pairs({sides, *linked, census.size(), compare, commissioner}, config.threads, result);
    std::vector<linkage::LinkedPair>().swap(linked->pairs);  // now in the links and queries
    add_at_unmatched(sides, *linked, commissioner, result);
    add_census_unmatched(census, *linked, commissioner, result);
  }
  sort_queries(result.queries, config.threads);
  return result;
}

}  // namespace atpipe::transforms
