#pragma once

// What the source-step tests share: a small AT source spec, a batch of rows with repeated ids,
// malformed rows and bad values, and a record written out whole for comparing two mappings.

#include <string>
#include <utility>
#include <vector>

#include "config/model.hpp"
#include "core/record.hpp"
#include "core/source.hpp"

namespace atpipe::test {

inline config::FieldMapping column(core::Field f, std::string col,
                                   std::vector<std::string> formats = {}) {
  config::FieldMapping m;
  m.field = f;
  m.column = std::move(col);
  m.formats = std::move(formats);
  return m;
}

inline config::SourceSpec at_source() {
  config::SourceSpec spec;
  spec.name = "nhft";
  spec.role = config::SourceRole::At;
  spec.mapping = {column(core::Field::LocalId, "id"), column(core::Field::NhsNumber, "nhs"),
                  column(core::Field::AdmissionDate, "admitted", {"%Y-%m-%d"})};
  return spec;
}

// `rows` rows of `file`: local id "E<i % id_cycle>" (repeats), every 11th NHS number invalid,
// every 13th admission after the cut, and a malformed row wherever i % problem_cycle == 5.
inline core::RawBatch mixed_batch(const std::string& file, std::size_t rows, std::size_t id_cycle,
                                  std::size_t problem_cycle) {
  core::RawBatch batch;
  batch.file = file;
  batch.header = {"id", "nhs", "admitted"};
  for (std::size_t i = 0; i < rows; ++i) {
    core::RawRow row{i + 2,
                     {"E" + std::to_string(i % id_cycle), i % 11 == 0 ? "123" : "9434765919",
                      i % 13 == 0 ? "2099-01-01" : "2026-03-02"},
                     ""};
    if (i % problem_cycle == 5) {
      row.problem = "row has 2 fields but the header has 3";
    }
    batch.rows.push_back(std::move(row));
  }
  return batch;
}

// Provenance, every value held and every finding: equal texts mean equal records.
inline std::string describe(const core::Record& r) {
  std::string out = r.where.describe() + ":";
  for (const auto& info : core::all_fields()) {
    if (r.has(info.id)) {
      out += " " + std::string(info.name) + "=" + std::string(r.get(info.id));
    }
  }
  for (const auto& f : r.findings) {
    out += " [" + f.rule + " " + f.field + " " + f.message + "]";
  }
  return out;
}

}  // namespace atpipe::test
