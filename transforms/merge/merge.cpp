#include "transforms/merge/merge.hpp"

#include <unicode/unistr.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/date_value.hpp"
#include "transforms/merge/merge_order.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;

// Names differ in case between systems (the register writes BRONTË, the trust Brontë); that
// is not a disagreement. ICU folds case for every script, not just ASCII.
bool same_value(core::FieldKind kind, std::string_view a, std::string_view b) {
  if (a == b) {
    return true;
  }
  if (kind != core::FieldKind::Text) {
    return false;
  }
  auto fa = icu::UnicodeString::fromUTF8(a).foldCase();
  auto fb = icu::UnicodeString::fromUTF8(b).foldCase();
  return fa == fb;
}

std::optional<core::Date> date_of(const core::Record& r, Field f) {
  return r.has(f) ? core::parse_iso(r.get(f)) : std::nullopt;
}

// The discharge date as an end of the stay: one before the admission is an entry error
// (AT-R140, reported on the episode), not a stay that ended before it began.
std::optional<core::Date> end_of(const core::Record& r) {
  auto admitted = date_of(r, Field::AdmissionDate);
  auto discharged = date_of(r, Field::DischargeDate);
  if (admitted && discharged && *discharged < *admitted) {
    return std::nullopt;
  }
  return discharged;
}

// An episode being assembled: its members (positions in the person's records, in precedence
// order) and its interval, taken from the first member that has each date.
struct Episode {
  std::vector<std::size_t> members;
  std::vector<std::string_view> sources;  // views into the person's records; a handful
  std::optional<core::Date> admitted;
  std::optional<core::Date> discharged;

  [[nodiscard]] bool has_source(std::string_view source) const {
    return std::find(sources.begin(), sources.end(), source) != sources.end();
  }

  // `record_admitted` and `record_end` are date_of(r, AdmissionDate) and end_of(r).
  void add(std::size_t index, const core::Record& r,
           const std::optional<core::Date>& record_admitted,
           const std::optional<core::Date>& record_end) {
    members.push_back(index);
    if (!has_source(r.where.source)) {
      sources.push_back(r.where.source);
    }
    if (!admitted) {
      admitted = record_admitted;
    }
    if (!discharged) {
      discharged = record_end;
    }
  }
};

bool overlaps(const Episode& e, const std::optional<core::Date>& admitted,
              const std::optional<core::Date>& discharged) {
  if (!admitted || !e.admitted) {
    return true;
  }
  bool starts_before_episode_ends = !e.discharged || *admitted <= *e.discharged;
  bool episode_starts_before_end = !discharged || *e.admitted <= *discharged;
  return starts_before_episode_ends && episode_starts_before_end;
}

long days_apart(const std::optional<core::Date>& a, const std::optional<core::Date>& b) {
  if (!a || !b) {
    return 0;
  }
  auto d = (date::sys_days(*a) - date::sys_days(*b)).count();
  return d < 0 ? -d : d;
}

// A person's records: indexes into the merge input, in precedence order.
struct Person {
  std::span<const std::uint32_t> indexes;
  const std::vector<core::Record>& records;

  [[nodiscard]] std::size_t size() const { return indexes.size(); }
  [[nodiscard]] const core::Record& operator[](std::size_t k) const { return records[indexes[k]]; }
};

std::vector<Episode> split_episodes(const Person& person) {
  std::vector<Episode> episodes;
  for (std::size_t i = 0; i < person.size(); ++i) {
    const auto& r = person[i];
    auto admitted = date_of(r, Field::AdmissionDate);
    auto discharged = end_of(r);
    Episode* best = nullptr;
    for (auto& e : episodes) {
      if (e.has_source(r.where.source) || !overlaps(e, admitted, discharged)) {
        continue;
      }
      if (best == nullptr) {
        best = &e;
        continue;
      }
      // An open record describes the current stay: it belongs with the open episode.
      bool e_open = !e.discharged;
      bool best_open = !best->discharged;
      if (!discharged && e_open != best_open) {
        best = e_open ? &e : best;
        continue;
      }
      if (days_apart(e.admitted, admitted) < days_apart(best->admitted, admitted)) {
        best = &e;
      }
    }
    if (best == nullptr) {
      episodes.emplace_back();
      best = &episodes.back();
    }
    best->add(i, r, admitted, discharged);
  }
  // Admission order; an episode without an admission date goes last.
  std::stable_sort(episodes.begin(), episodes.end(), [](const Episode& a, const Episode& b) {
    if (a.admitted && b.admitted) {
      return *a.admitted < *b.admitted;
    }
    return a.admitted.has_value() && !b.admitted.has_value();
  });
  return episodes;
}

// Positions in `e.members` (which are also positions in MergedPatient::origins) in the order
// a field asks them: configured sources first, in list order, then the rest as they stand.
std::vector<std::size_t> field_order(const Episode& e, const Person& person,
                                     const std::vector<std::string>& sources) {
  std::vector<std::size_t> out(e.members.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k] = k;
  }
  auto rank = [&](std::size_t k) {
    const auto& source = person[e.members[k]].where.source;
    return static_cast<std::size_t>(std::find(sources.begin(), sources.end(), source) -
                                    sources.begin());
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  return out;
}

void add_origins(MergedPatient& p, const core::Record& r) {
  p.origins.push_back(r.where);
  p.local_refs.push_back(r.where.source + ":" + std::string(r.get(Field::LocalId)));
}

// Most episodes have one record: its values are the episode's, with nothing to order, so the
// record moves in whole.
MergedPatient build_single(core::Record&& r) {
  MergedPatient p;
  p.field_origin.fill(MergedPatient::kNone);
  add_origins(p, r);
  p.record = std::move(r);
  p.record.findings = {};
  for (const auto& info : core::all_fields()) {
    if (p.record.has(info.id)) {
      p.field_origin[static_cast<std::size_t>(info.id)] = 0;
    }
  }
  return p;
}

MergedPatient build(const Episode& e, const Person& person, const MergeOptions& options) {
  MergedPatient p;
  p.field_origin.fill(MergedPatient::kNone);
  const auto& first = person[e.members.front()];
  p.record.where = first.where;
  p.record.precedence = first.precedence;
  // origins[k] is members[k].
  for (auto m : e.members) {
    add_origins(p, person[m]);
  }
  std::vector<std::size_t> as_they_stand(e.members.size());
  for (std::size_t k = 0; k < as_they_stand.size(); ++k) {
    as_they_stand[k] = k;
  }
  for (const auto& info : core::all_fields()) {
    auto configured = options.field_precedence.find(info.id);
    std::vector<std::size_t> reordered;
    if (configured != options.field_precedence.end()) {
      reordered = field_order(e, person, configured->second);
    }
    const auto& order = reordered.empty() ? as_they_stand : reordered;
    auto index = static_cast<std::size_t>(info.id);
    for (auto k : order) {
      const auto& r = person[e.members[k]];
      if (!r.has(info.id)) {
        continue;
      }
      if (!p.record.has(info.id)) {
        p.record.set(info.id, r.get(info.id));
        assert(k < MergedPatient::kNone);
        p.field_origin[index] = static_cast<std::uint8_t>(k);
      } else if (info.id != Field::LocalId &&
                 !same_value(info.kind, p.record.get(info.id), r.get(info.id))) {
        p.conflicts.push_back({info.id, p.field_origin[index], k,
                               std::string(p.record.get(info.id)), std::string(r.get(info.id))});
      }
    }
  }
  return p;
}

// One person's episodes, appended to `out` in admission order. The person's records are left
// moved-from.
void merge_person(std::span<const std::uint32_t> indexes, std::vector<core::Record>& records,
                  const MergeOptions& options, std::size_t person_index,
                  std::vector<MergedPatient>& out) {
  if (indexes.size() == 1) {
    out.push_back(build_single(std::move(records[indexes.front()])));
    out.back().person = person_index;
    return;
  }
  const Person person{indexes, records};
  auto episodes = split_episodes(person);
  for (std::size_t k = 0; k < episodes.size(); ++k) {
    auto p = episodes[k].members.size() == 1
                 ? build_single(std::move(records[indexes[episodes[k].members.front()]]))
                 : build(episodes[k], person, options);
    p.person = person_index;
    p.episode = k;
    out.push_back(std::move(p));
  }
}

}  // namespace

std::vector<MergedPatient> merge_by_nhs_number(std::vector<core::Record> records,
                                               const MergeOptions& options) {
  const auto order = merge_detail::precedence_order(records);
  std::vector<MergedPatient> out;
  // An episode holds at least one record: pages of the capacity never used are never touched.
  out.reserve(records.size());
  const std::span<const std::uint32_t> all(order.order);
  for (std::size_t person = 0; person + 1 < order.person_starts.size(); ++person) {
    const auto from = order.person_starts[person];
    const auto to = order.person_starts[person + 1];
    merge_person(all.subspan(from, to - from), records, options, person, out);
  }
  return out;
}

const core::Provenance& MergedPatient::origin_of(core::Field f) const {
  auto index = field_origin[static_cast<std::size_t>(f)];
  return index == kNone ? record.where : origins[index];
}

}  // namespace atpipe::transforms
