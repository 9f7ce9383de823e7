#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/model.hpp"
#include "core/date_value.hpp"
#include "core/expected.hpp"
#include "core/record.hpp"
#include "core/source.hpp"

namespace atpipe::transforms {

// Turns one source's raw batch into canonical records: columns are found by name once per
// batch, each value is normalised by its field's kind (NHS number, date formats, postcode,
// code maps, ODS codes) and problems become findings on the record, never silent blanks.
// Pure: the same batch and config always give the same records.
class Mapper {
 public:
  Mapper(const config::SourceSpec& source, const std::map<std::string, config::CodeMap>& code_maps);

  // Fails only when a mapped column is missing from the batch's header: the whole file is
  // then unusable for this source and is reported instead of yielding half-mapped rows.
  [[nodiscard]] core::Expected<std::vector<core::Record>> map(const core::RawBatch& batch) const;
  // As map(), with each record's where.file set to `shown_file` (the file as the logs show it)
  // instead of the batch's file; errors still name the batch's file.
  [[nodiscard]] core::Expected<std::vector<core::Record>> map(const core::RawBatch& batch,
                                                              std::string_view shown_file) const;
  // As map(batch, shown_file), for the rows [first, last) of the batch only: a large batch
  // can be mapped in parts side by side, and the parts joined in order give map()'s result.
  [[nodiscard]] core::Expected<std::vector<core::Record>> map(const core::RawBatch& batch,
                                                              std::string_view shown_file,
                                                              std::size_t first,
                                                              std::size_t last) const;

  // The mappings of `source` whose column is not in `header`, as map() would find them; for
  // checking a file's header before a run (check-config --probe).
  [[nodiscard]] static std::vector<const config::FieldMapping*> missing_columns(
      const config::SourceSpec& source, const std::vector<std::string>& header);

  // "column 'X' mapped to 'field' is not in the file's header (mapped at file:line:col)".
  [[nodiscard]] static std::string missing_column_message(const config::FieldMapping& m);

 private:
  // False, with a finding, when a source value may not be read at all: longer than the
  // source's max_field_length or holding a control character (named, never quoted).
  bool value_allowed(const config::FieldMapping& m, std::string_view raw, core::Record& out) const;
  void map_value(const config::FieldMapping& m, std::string_view raw, core::Record& out) const;
  // The national code for a source code through the mapping's code map (if any); a finding
  // naming the source code and nullopt when the map lacks it.
  std::optional<std::string> translate(const config::FieldMapping& m, const std::string& text,
                                       core::Record& out) const;
  void map_cetr_history(const config::FieldMapping& m, const std::string& text,
                        core::Record& out) const;

  // The record every well-formed row of a batch starts from: its source, file and precedence,
  // a slot for each mapped field (so that setting a value never regrows the record) and each
  // constant's value, worked out once per batch rather than once per row.
  // `constant_findings` gets each constant's findings (nullopt: map it on each row).
  [[nodiscard]] core::Record row_template(
      std::string_view shown_file,
      std::vector<std::optional<std::vector<core::Finding>>>& constant_findings) const;

  const config::SourceSpec& source_;
  const std::map<std::string, config::CodeMap>& code_maps_;
};

}  // namespace atpipe::transforms
