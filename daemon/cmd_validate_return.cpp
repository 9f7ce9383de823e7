#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "config/code_lists_loader.hpp"
#include "config/loader.hpp"
#include "connectors/csv/csv_parse.hpp"
#include "core/date_value.hpp"
#include "core/field.hpp"
#include "core/nhs_number.hpp"
#include "core/ods_code.hpp"
#include "core/postcode.hpp"
#include "core/text.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "transforms/mapping/normalise.hpp"
#include "transforms/period/period.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {
namespace {

using core::Field;
using core::FieldKind;

// One problem found in a return file, at its row and column as a spreadsheet shows them.
struct Problem {
  std::size_t row = 0;
  std::size_t column = 0;  // 1-based; 0 = whole row
  std::string column_name;
  std::string rule;
  core::Severity severity = core::Severity::Error;
  std::string message;
};

// Where each field is in the return: 0-based index -> field, and field -> 1-based column.
struct ReturnColumns {
  std::map<std::size_t, Field> columns;
  std::map<Field, std::size_t> column_of;
  std::ptrdiff_t period_column = -1;
  std::ptrdiff_t inpatient_column = -1;
};

// One data row of the return, checked as a record of the period its ReportingPeriodEnd names.
struct ReturnRow {
  std::size_t row = 0;
  core::Record record;
  transforms::RuleContext ctx;
};

std::string column_letter(std::size_t column) {
  std::string out;
  while (column > 0) {
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
    column = (column - 1) / 26;
  }
  return out;
}

// Dates in a return: the CAP convention DD/MM/YYYY that atpipe writes by default, ISO, or
// the v4 item list's DD-MM-CCYY (outputs.return_dates).
const std::vector<std::string> kReturnDateFormats = {"%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"};

std::optional<core::Date> return_date(std::string_view text) {
  return core::parse_date_any(text, kReturnDateFormats);
}

// A return holds atpipe's canonical values (core/field.hpp). Each cell is read with the
// pipeline's own normalisers (transforms/mapping/normalise.hpp, core), so a value the
// pipeline would accept from a source is accepted here too: codes fold case and MHA pads to
// two digits, the national "no date" markers mean no value (at-spec S19, AT-R003). What no
// normaliser can read is a finding, and the field is left without a value.
std::optional<std::string> read_value(const core::FieldInfo& info, const std::string& raw,
                                      std::vector<core::Finding>& findings) {
  std::string name(info.name);
  auto fail = [&](const char* rule, std::string message) -> std::optional<std::string> {
    findings.push_back({rule, core::Severity::Error, name, std::move(message)});
    return std::nullopt;
  };
  const std::string value = transforms::trim_copy(raw);
  if (value.empty()) {
    return value;
  }
  switch (info.kind) {
    case FieldKind::CalendarDate:
      if (core::is_missing_date_marker(value)) {
        findings.push_back({"AT-R003", core::Severity::Warning, name,
                            name + " holds a 'no date' marker (Null or 02/01/1900); "
                                   "treated as missing"});
        return std::nullopt;
      }
      if (auto d = return_date(value)) {
        return core::to_iso(*d);
      }
      return fail("ATP-M001", name + " is not a date written DD/MM/YYYY (or YYYY-MM-DD)");
    case FieldKind::NhsNumber: {
      auto check = core::check_nhs_number(value);
      return check.digits.empty() ? value : check.digits;
    }
    case FieldKind::Postcode: {
      auto pc = core::normalise_postcode(value);
      return pc.normalised.empty() ? transforms::to_upper(value) : pc.normalised;
    }
    case FieldKind::Ods:
      return core::normalise_ods(value);
    case FieldKind::Code:
      return transforms::normalise_code(info.id, value);
    case FieldKind::CodeSet: {
      // Codes separated by ';' (the CAP convention); each code is checked by the rules.
      std::string out;
      for (const auto& code : core::split_items(value)) {
        if (!out.empty()) {
          out += ';';
        }
        out += transforms::normalise_code(info.id, code);
      }
      return out;
    }
    case FieldKind::Flag:
      // Y / N / NK as the mapper reads them; anything else is left for ATP-M004.
      return transforms::normalise_flag(value).value_or(value);
    case FieldKind::Decimal:
      if (!transforms::parse_non_negative(value)) {
        return fail("ATP-M005", name + " is not a number of 0 or more");
      }
      return value;
    case FieldKind::CetrHistory: {
      // Held as the mapper holds it: ISO dates, entries in date order, codes upper case.
      auto history =
          transforms::normalise_cetr_history(transforms::to_upper(value), kReturnDateFormats, true);
      if (history.bad_entry != 0) {
        return fail("ATP-M006", name + ": entry " + std::to_string(history.bad_entry) +
                                    " is not 'date|type|outcome' with a real date");
      }
      return history.value;
    }
    default:
      return value;
  }
}

// The built-in code lists with each (list, version) of `path` replacing its own, as a config's
// `code_lists:` does; nullopt after saying why on stderr.
std::optional<core::CodeLists> load_code_lists(const std::optional<std::string>& path) {
  auto lists = config::default_code_lists();
  if (!path) {
    return lists;
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) {
    std::cerr << "atpipe validate-return: cannot read code lists file '" << *path << "'\n";
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = config::parse_code_lists(text.str(), *path);
  if (!parsed) {
    std::cerr << "atpipe validate-return: code lists file is invalid: " << parsed.error().message()
              << "\n";
    return std::nullopt;
  }
  lists.replace_with(*parsed);
  return lists;
}

// Stage 3 across rows: each NHS number's episodes in admission order (ISO dates sort as text),
// so a finding lands on the row it concerns.
void check_people(std::vector<ReturnRow>& rows) {
  std::map<std::string, std::vector<ReturnRow*>> people;
  for (auto& r : rows) {
    if (r.record.has(Field::NhsNumber)) {
      people[std::string(r.record.get(Field::NhsNumber))].push_back(&r);
    }
  }
  for (auto& [nhs, episodes] : people) {
    std::stable_sort(episodes.begin(), episodes.end(), [](const auto* a, const auto* b) {
      return a->record.get(Field::AdmissionDate) < b->record.get(Field::AdmissionDate);
    });
    std::vector<core::Record*> records;
    for (auto* e : episodes) {
      records.push_back(&e->record);
    }
    transforms::validate_person(records, episodes.back()->ctx);
  }
}

// Which column holds which field (and the two columns that are not fields); a column the
// return does not have, or one it should not, is a problem at row 1.
ReturnColumns read_header(const std::vector<std::string>& header, std::vector<Problem>& problems) {
  ReturnColumns c;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto& name = header[i];
    if (name == "ReportingPeriodEnd") {
      c.period_column = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    if (name == "InpatientAtPeriodEnd") {
      c.inpatient_column = static_cast<std::ptrdiff_t>(i);
      continue;
    }
    bool known = false;
    for (const auto& info : core::all_fields()) {
      if (info.national_name == name) {
        c.columns[i] = info.id;
        c.column_of[info.id] = i + 1;
        known = true;
      }
    }
    if (!known) {
      problems.push_back({1, i + 1, name, "ATP-R001", core::Severity::Error,
                          "'" + name + "' is not a column of the AT return"});
    }
  }
  for (const auto& info : core::all_fields()) {
    if (!c.column_of.count(info.id)) {
      problems.push_back({1, 0, std::string(info.national_name), "ATP-R002", core::Severity::Error,
                          "the return has no " + std::string(info.national_name) + " column"});
    }
  }
  return c;
}

// Stages 1 and 2 for one data row: its values read as the return writes them, then the
// record-level, reference and patient checks, the InpatientAtPeriodEnd flag and local ids.
ReturnRow check_row(const core::RawRow& raw, const ReturnColumns& cols, const core::Date& today,
                    const core::CodeLists& lists, const core::ReferenceData* reference,
                    std::map<std::string, std::size_t>& first_local_id) {
  ReturnRow row;
  row.row = raw.row;
  auto& rec = row.record;
  rec.where.row = raw.row;
  for (const auto& [index, field] : cols.columns) {
    const auto& value = index < raw.values.size() ? raw.values[index] : std::string();
    if (auto v = read_value(core::field_info(field), value, rec.findings)) {
      rec.set(field, std::move(*v));
    }
  }
  auto period = transforms::last_complete_period(today);
  if (cols.period_column >= 0) {
    const auto& cut = raw.values[static_cast<std::size_t>(cols.period_column)];
    if (auto d = return_date(cut)) {
      period = *transforms::period_from_label(core::to_iso(*d).substr(0, 7));
    }
  }
  row.ctx = transforms::RuleContext{today, period.cut, config::SourceRole::At, &lists, reference};
  transforms::validate_record(rec, row.ctx);
  transforms::check_reference(rec, row.ctx);
  transforms::validate_patient(rec, row.ctx);
  if (cols.inpatient_column >= 0) {
    const auto& flag = raw.values[static_cast<std::size_t>(cols.inpatient_column)];
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
      rec.findings.push_back(
          {"AT-R001", core::Severity::Error, "local_id",
           "record id duplicated in the return (first at row " + std::to_string(it->second) + ")"});
    }
  }
  return row;
}

// Every row's findings as problems at their cells, row by row, left to right.
void add_findings(const std::vector<ReturnRow>& rows, const ReturnColumns& cols,
                  std::vector<Problem>& problems) {
  for (const auto& r : rows) {
    for (const auto& f : r.record.findings) {
      std::size_t column = 0;
      std::string name;
      if (f.rule == "AT-R170") {
        column = static_cast<std::size_t>(cols.inpatient_column) + 1;
        name = "InpatientAtPeriodEnd";
      }
      if (auto field = core::field_by_name(f.field)) {
        name = std::string(core::field_info(*field).national_name);
        column = cols.column_of.count(*field) ? cols.column_of.at(*field) : 0;
      }
      problems.push_back({r.row, column, name, f.rule, f.severity, f.message});
    }
  }
  // Row by row, left to right, as someone fixing the spreadsheet works through it.
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::pair(a.row, a.column) < std::pair(b.row, b.column);
  });
}

// Prints the problems (warnings only with --warnings) and the tally; the exit code.
int report(const ValidateReturnCommand& cmd, const std::vector<Problem>& problems,
           std::size_t row_count) {
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
  std::cerr << fmt::format("{}: {} row(s), {} error(s), {} warning(s){}\n", cmd.file, row_count,
                           errors, warnings,
                           cmd.warnings || warnings == 0 ? "" : " (show them with --warnings)");
  return errors == 0 ? kExitOk : kExitInvalidReturn;
}

}  // namespace

int validate_return_command(const ValidateReturnCommand& cmd,
                            const config::SourceRegistry& registry) {
  config::ConfigPtr cfg;
  if (cmd.config) {
    cfg = load_config_or_report(*cmd.config, registry);
    if (!cfg) {
      return kExitConfig;
    }
  }
  if (cmd.profile) {
    return validate_upload_command(cmd.file, cfg.get());
  }
  auto lists =
      cfg ? std::optional<core::CodeLists>(*cfg->code_lists) : load_code_lists(cmd.code_lists);
  if (!lists) {
    return kExitConfig;
  }
  const core::ReferenceData* reference = cfg ? cfg->reference.get() : nullptr;
  // A folder opens as a stream that reads nothing: it would pass as an empty return.
  std::error_code ec;
  if (std::filesystem::is_directory(cmd.file, ec)) {
    std::cerr << "atpipe validate-return: " << cmd.file
              << " is a folder; give the path of the return file itself\n";
    return kExitUsage;
  }
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
  const auto cols = read_header(batch->header, problems);
  auto today = resolve_today(cmd.today, cfg ? cfg->organisation.timezone : "Europe/London");
  if (!today) {
    std::cerr << "atpipe validate-return: --today must be a date written YYYY-MM-DD\n";
    return kExitUsage;
  }
  std::map<std::string, std::size_t> first_local_id;
  std::vector<ReturnRow> rows;
  for (const auto& raw : batch->rows) {
    if (!raw.problem.empty()) {
      problems.push_back({raw.row, 0, "", "ATP-M003", core::Severity::Error, raw.problem});
      continue;
    }
    auto row = check_row(raw, cols, *today, *lists, reference, first_local_id);
    rows.push_back(std::move(row));
  }
  check_people(rows);

  add_findings(rows, cols, problems);
  return report(cmd, problems, batch->rows.size());
}

}  // namespace atpipe::daemon
