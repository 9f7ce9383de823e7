#pragma once

#include <string>
#include <vector>

#include "config/key_table.hpp"
#include "core/expected.hpp"
#include "core/provenance.hpp"
#include "core/source.hpp"

namespace atpipe::connectors::sql {

// One query parameter as configured. `cut` stands for the run's reporting cut; anything else
// is passed as text. Either way the value is bound ($1, ?), never pasted into the SQL.
struct SqlParam {
  enum class Kind { Text, Cut };
  Kind kind = Kind::Text;
  std::string text;  // the literal value for Kind::Text
};

// The part of a SQL source's settings that postgres and odbc share; plain values, parsed once.
struct SqlQuery {
  std::string query;
  std::vector<SqlParam> params;
};

// The table rows for `query` and `params`, appended to each SQL connector's own key table.
// `placeholder` is how that connector's SQL names a parameter ("$1" or "?").
[[nodiscard]] std::vector<config::KeySpec> sql_query_keys(const std::string& placeholder);

// Reads `query` and `params`; reports an empty query into the reader's diagnostics.
[[nodiscard]] bool parse_sql_query(const config::NodeReader& reader, SqlQuery& out);

// Reads `connect_timeout_seconds` (at least 1); reports a bad value into the diagnostics.
[[nodiscard]] bool parse_connect_timeout(const config::NodeReader& reader, long& out);

// The text a parameter is bound with for this run: the cut as an ISO date (yyyy-mm-dd).
[[nodiscard]] std::string param_text(const SqlParam& param, const core::PullContext& ctx);

// A driver's message on one line: line breaks and tabs become single spaces, the ends trimmed.
[[nodiscard]] std::string one_line(const std::string& message);

// Collects one result set into a RawBatch. Result row n (1-based) becomes RawRow::row n + 1,
// as if the column names were a header on row 1, so that a reject reads the same whether the
// rows came from a CSV file or a query. Used by one pull on one thread.
class BatchBuilder {
 public:
  BatchBuilder(std::string file, const core::Provenance& where);

  // Fails when two columns share a name (the mapping could not tell them apart).
  [[nodiscard]] core::Expected<void> set_header(std::vector<std::string> columns);
  void add_row(std::vector<std::string> values);
  [[nodiscard]] std::size_t rows() const { return batch_.rows.size(); }
  [[nodiscard]] core::RawBatch take() { return std::move(batch_); }

 private:
  core::RawBatch batch_;
  core::Provenance where_;
};

}  // namespace atpipe::connectors::sql
