#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "connectors/csv/csv_parse.hpp"
#include "core/field.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "transforms/period/period.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {
namespace {

using core::Field;

// One problem found in a return file, at its row and column as a spreadsheet shows them.
struct Problem {
  std::size_t row = 0;
  std::size_t column = 0;  // 1-based; 0 = whole row
  std::string column_name;
  std::string rule;
  core::Severity severity = core::Severity::Error;
  std::string message;
};

std::string column_letter(std::size_t column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

}  // namespace

int validate_return_command(const ValidateReturnCommand& cmd) {
  std::ifstream in(cmd.file, std::ios::binary);
  if (!in) {
    std::cerr << "atpipe validate-return: cannot read " << cmd.file << "\n";
    return kExitIo;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto text = buffer.str();
  auto batch = connectors::csv::parse_csv(text, {}, core::Provenance{"return", cmd.file, 0, ""});
  if (!batch) {
    std::cerr << "atpipe validate-return: " << batch.error().describe() << "\n";
    return kExitInvalidReturn;
  }

  std::vector<Problem> problems;
  std::map<std::size_t, Field> columns;  // 0-based index -> field
  std::ptrdiff_t period_column = -1;
  std::ptrdiff_t inpatient_column = -1;
  std::map<Field, bool> present;
  for (std::size_t i = 0; i < batch->header.size(); ++i) {
    const auto& name = batch->header[i];
    if (name == "ReportingPeriodEnd") {
      period_column = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    if (name == "InpatientAtPeriodEnd") {
      inpatient_column = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    bool known = false;
    for (const auto& info : core::all_fields()) {
      if (info.national_name == name) {
        columns[i] = info.id;
        present[info.id] = true;
        known = true;
      }
    }
    if (!known) {
      problems.push_back({1, i + 1, name, "ATP-R001", core::Severity::Error,
                          "'" + name + "' is not a column of the AT return"});
    }
  }
  for (const auto& info : core::all_fields()) {
    if (!present.count(info.id)) {
      problems.push_back({1, 0, std::string(info.national_name), "ATP-R002", core::Severity::Error,
                          "the return has no " + std::string(info.national_name) + " column"});
    }
  }

  auto today = resolve_today(cmd.today, "Europe/London");
  if (!today) {
    std::cerr << "atpipe validate-return: --today must be a date written YYYY-MM-DD\n";
    return kExitUsage;
  }
  std::map<std::string, std::size_t> first_local_id;
  for (const auto& raw : batch->rows) {
    if (!raw.problem.empty()) {
      problems.push_back({raw.row, 0, "", "ATP-M003", core::Severity::Error, raw.problem});
      continue;
    }
    core::Record rec;
    std::vector<core::Finding> format_findings;
    for (const auto& [index, field] : columns) {
      const auto& value = index < raw.values.size() ? raw.values[index] : std::string();
      const auto& info = core::field_info(field);
      if (info.kind == core::FieldKind::CalendarDate && !value.empty() && !core::parse_iso(value)) {
        format_findings.push_back({"ATP-M001", core::Severity::Error, std::string(info.name),
                                   std::string(info.name) + " is not a date written YYYY-MM-DD"});
        continue;
      }
      rec.set(field, value);
    }
    auto period = transforms::last_complete_period(*today);
    if (period_column >= 0) {
      const auto& cut = raw.values[static_cast<std::size_t>(period_column)];
      if (auto p = core::parse_iso(cut); p && transforms::period_from_label(cut.substr(0, 7))) {
        period = *transforms::period_from_label(cut.substr(0, 7));
      }
    }
    rec.findings = format_findings;
    transforms::RuleContext ctx{*today, period.cut, config::SourceRole::At};
    transforms::validate_record(rec, ctx);
    transforms::validate_patient(rec, ctx);
    if (inpatient_column >= 0) {
      const auto& flag = raw.values[static_cast<std::size_t>(inpatient_column)];
      auto m = transforms::membership(rec, period);
      bool at_cut = m == transforms::Membership::InpatientAtCut;
      if ((flag == "Y") != at_cut && m != transforms::Membership::Undated) {
        rec.findings.push_back({"AT-R170", core::Severity::Error, "",
                                "InpatientAtPeriodEnd is " + flag +
                                    " but the admission and discharge dates say " +
                                    (at_cut ? "Y" : "N")});
      }
    }
    const auto& id = rec.get(Field::LocalId);
    if (!id.empty()) {
      auto [it, inserted] = first_local_id.emplace(id, raw.row);
      if (!inserted) {
        rec.findings.push_back({"AT-R001", core::Severity::Error, "local_id",
                                "record id duplicated in the return (first at row " +
                                    std::to_string(it->second) + ")"});
      }
    }
    for (const auto& f : rec.findings) {
      std::size_t column = 0;
      std::string name;
      if (f.rule == "AT-R170") {
        column = static_cast<std::size_t>(inpatient_column) + 1;
        name = "InpatientAtPeriodEnd";
      }
      if (auto field = core::field_by_name(f.field)) {
        name = std::string(core::field_info(*field).national_name);
        for (const auto& [index, fld] : columns) {
          if (fld == *field) {
            column = index + 1;
          }
        }
      }
      problems.push_back({raw.row, column, name, f.rule, f.severity, f.message});
    }
  }

  std::size_t errors = 0;
  std::size_t warnings = 0;
  for (const auto& p : problems) {
    bool error = p.severity == core::Severity::Error;
    (error ? errors : warnings) += 1;
    if (!error && !cmd.warnings) {
      continue;
    }
    std::string where = "row " + std::to_string(p.row);
    if (p.column > 0) {
      where += ", column " + column_letter(p.column) + " (" + p.column_name + ")";
    } else if (!p.column_name.empty()) {
      where += " (" + p.column_name + ")";
    }
    std::cout << fmt::format("{}: {}: {} {}: {}\n", cmd.file, where, p.rule,
                             error ? "error" : "warning", p.message);
  }
  std::cerr << fmt::format("{}: {} row(s), {} error(s), {} warning(s){}\n", cmd.file,
                           batch->rows.size(), errors, warnings,
                           cmd.warnings || warnings == 0 ? "" : " (show them with --warnings)");
  return errors == 0 ? kExitOk : kExitInvalidReturn;
}

}  // namespace atpipe::daemon
