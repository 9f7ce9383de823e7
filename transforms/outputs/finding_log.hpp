#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/provenance.hpp"
#include "core/record.hpp"

namespace atpipe::transforms {

// The findings of many source rows as the warnings log shows them (source, file, row, local id
// and each finding), kept lightly: a run can warn about every row it pulls, and most warnings
// repeat the same rule and text, so each distinct source/file and each distinct finding is
// held once and a row costs its row number, its local id and two indexes. Filled by the run's
// thread in pull order; read-only afterwards.
class FindingLog {
 public:
  // One finding at one row, resolved for reading.
  struct Line {
    const core::Provenance& place;  // source and file (row unset)
    std::size_t row;
    const std::string& local_id;
    const core::Finding& finding;
    std::uint32_t place_id;    // the same number for the same place in this log
    std::uint32_t finding_id;  // the same number for the same finding text in this log
  };

  // Adds each finding of `rec` of severity `severity`, in order, at the record's where.
  void add(const core::Record& rec, core::Severity severity);
  // Adds `finding` at `where` (its source, file and row) for the row with id `local_id`.
  void add(const core::Provenance& where, std::string local_id, const core::Finding& finding);

  // Room for `lines` findings, so that a log filled from a known count does not regrow.
  void reserve(std::size_t lines) { entries_.reserve(lines); }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] Line line(std::size_t i) const;

 private:
  struct Entry {
    std::uint32_t place;
    std::uint32_t finding;
    std::size_t row;
    std::string local_id;
  };

  std::uint32_t place_of(const core::Provenance& where);
  std::uint32_t finding_of(const core::Finding& f);

  std::vector<core::Provenance> places_;
  std::vector<core::Finding> findings_;
  std::unordered_map<std::string, std::uint32_t> finding_index_;  // key: rule, field, text
  std::vector<Entry> entries_;
};

}  // namespace atpipe::transforms
