#include "connectors/common/sql/sql_query.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/date_value.hpp"

namespace atpipe::connectors::sql {

std::vector<config::KeySpec> sql_query_keys(const std::string& placeholder) {
  using config::KeyType;
  return {
      {"query",
       KeyType::String,
       true,
       "",
       {},
       "the SELECT to run; write " + placeholder + " where a value from 'params' goes"},
      {"params",
       KeyType::StringList,
       false,
       "",
       {},
       "values bound to the query's placeholders in order; 'cut' is the run's reporting cut "
       "as yyyy-mm-dd"},
  };
}

bool parse_connect_timeout(const config::NodeReader& reader, long& out) {
  auto timeout = reader.integer("connect_timeout_seconds");
  if (!timeout) {
    return false;
  }
  if (*timeout < 1) {
    reader.diagnostics().error(reader.mark_of("connect_timeout_seconds"),
                               key_in(reader, "connect_timeout_seconds") +
                                   " must be 1 or more, got " + std::to_string(*timeout));
    return false;
  }
  out = *timeout;
  return true;
}

bool parse_sql_query(const config::NodeReader& reader, SqlQuery& out) {
  auto query = reader.string("query");
  if (!query) {
    return false;
  }
  if (query->find_first_not_of(" \t\r\n") == std::string::npos) {
    const std::string& context = reader.context();
    reader.diagnostics().error(
        reader.mark_of("query"),
        "'query'" + (context.empty() ? "" : " in " + context) + " cannot be empty");
    return false;
  }
  out.query = std::move(*query);
  out.params.clear();
  for (auto& value : reader.string_list("params")) {
    if (value == "cut") {
      out.params.push_back({SqlParam::Kind::Cut, ""});
    } else {
      out.params.push_back({SqlParam::Kind::Text, std::move(value)});
    }
  }
  return true;
}

std::string param_text(const SqlParam& param, const core::PullContext& ctx) {
  return param.kind == SqlParam::Kind::Cut ? core::to_iso(ctx.cut) : param.text;
}

std::string one_line(const std::string& message) {
  std::string out;
  bool space = false;
  for (const char c : message) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

BatchBuilder::BatchBuilder(std::string file, const core::Provenance& where) : where_(where) {
  batch_.file = std::move(file);
  where_.file = batch_.file;
}

core::Expected<void> BatchBuilder::set_header(std::vector<std::string> columns) {
  std::set<std::string> names;
  for (const auto& column : columns) {
    if (!names.insert(column).second) {
      return core::fail(
          core::ErrorCode::Parse,
          "the query returns two columns named '" + column + "'; give each a distinct name with AS",
          where_);
    }
  }
  batch_.header = std::move(columns);
  return {};
}

void BatchBuilder::add_row(std::vector<std::string> values) {
  core::RawRow row;
  row.row = batch_.rows.size() + 2;
  row.values = std::move(values);
  batch_.rows.push_back(std::move(row));
}

}  // namespace atpipe::connectors::sql
