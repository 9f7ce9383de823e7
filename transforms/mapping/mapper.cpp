#include "transforms/mapping/mapper.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <span>

#include "core/nhs_number.hpp"
#include "core/ods_code.hpp"
#include "core/postcode.hpp"
#include "core/text.hpp"
#include "transforms/mapping/normalise.hpp"

namespace atpipe::transforms {

using core::Field;
using core::FieldKind;
using core::Finding;
using core::Severity;

namespace {

template <typename Range>
std::string join(const Range& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : std::string(sep)) + item;
  }
  return out;
}

// A source code as a finding quotes it. Codes ("S99", "Maybe") help fix a code map and are not
// about a person; a value that does not look like a code (long, or digit-heavy like an NHS
// number or a date, as when a wrong column is mapped) is described, never quoted.
std::string quoted_code(const std::string& text) {
  constexpr std::size_t kLongestCode = 16;
  constexpr std::ptrdiff_t kMostDigits = 5;
  const auto digits =
      std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (text.size() <= kLongestCode && digits <= kMostDigits) {
    return "'" + text + "'";
  }
  return "a value of " + std::to_string(text.size()) + " characters";
}

// Each mapped column's index in the batch's header (-1 for a constant), found once per batch.
core::Expected<std::vector<std::ptrdiff_t>> column_index(const config::SourceSpec& source,
                                                         const core::RawBatch& batch) {
  std::vector<std::ptrdiff_t> index(source.mapping.size(), -1);
  for (std::size_t i = 0; i < source.mapping.size(); ++i) {
    const auto& m = source.mapping[i];
    if (m.constant) {
      continue;
    }
    auto it = std::find(batch.header.begin(), batch.header.end(), m.column);
    if (it == batch.header.end()) {
      return core::fail(core::ErrorCode::Parse, Mapper::missing_column_message(m),
                        core::Provenance{source.name, batch.file, 1, ""});
    }
    index[i] = it - batch.header.begin();
  }
  return index;
}

// `text` without surrounding whitespace (core::trim's rule), as a view: no copy to look at it.
std::string_view trimmed(std::string_view text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

Mapper::Mapper(const config::SourceSpec& source,
               const std::map<std::string, config::CodeMap>& code_maps)
    : source_(source), code_maps_(code_maps) {}

core::Expected<std::vector<core::Record>> Mapper::map(const core::RawBatch& batch) const {
  return map(batch, batch.file);
}

core::Expected<std::vector<core::Record>> Mapper::map(const core::RawBatch& batch,
                                                      std::string_view shown_file) const {
  return map(batch, shown_file, 0, batch.rows.size());
}

core::Expected<std::vector<core::Record>> Mapper::map(const core::RawBatch& batch,
                                                      std::string_view shown_file,
                                                      std::size_t first, std::size_t last) const {
  auto index = column_index(source_, batch);
  if (!index) {
    return core::fail(std::move(index).error());
  }
  std::vector<std::optional<std::vector<Finding>>> constant_findings;
  const core::Record well_formed = row_template(shown_file, constant_findings);
  core::Record malformed_start;
  malformed_start.where = well_formed.where;
  malformed_start.precedence = source_.precedence;

  last = std::min(last, batch.rows.size());
  first = std::min(first, last);
  std::vector<core::Record> out;
  out.reserve(last - first);
  // Each row is built in `rec`, whose buffer is reused from row to row, then copied out: the
  // copy holds its values in one allocation of their exact size.
  core::Record rec;
  for (const auto& raw : std::span(batch.rows).subspan(first, last - first)) {
    // The values of a malformed row may sit under the wrong columns: reading them would add
    // misleading findings, so only the local id is kept to help find the row.
    const bool malformed = !raw.problem.empty();
    rec = malformed ? malformed_start : well_formed;
    rec.where.row = raw.row;
    if (malformed) {
      rec.findings.push_back({"ATP-M003", Severity::Error, "", raw.problem});
    }
    for (std::size_t i = 0; i < source_.mapping.size(); ++i) {
      const auto& m = source_.mapping[i];
      if (malformed && m.field != Field::LocalId) {
        continue;
      }
      if (m.constant) {
        // The template holds the constant's value; only its findings are per row.
        if (malformed || !constant_findings[i]) {
          map_value(m, *m.constant, rec);
        } else {
          rec.findings.insert(rec.findings.end(), constant_findings[i]->begin(),
                              constant_findings[i]->end());
        }
        continue;
      }
      auto col = static_cast<std::size_t>((*index)[i]);
      std::string_view value = col < raw.values.size() ? std::string_view(raw.values[col]) : "";
      if (value_allowed(m, value, rec)) {
        map_value(m, value, rec);
      }
    }
    out.push_back(rec);
  }
  return out;
}

core::Record Mapper::row_template(
    std::string_view shown_file,
    std::vector<std::optional<std::vector<Finding>>>& constant_findings) const {
  core::Record out;
  out.where = core::Provenance{source_.name, std::string(shown_file), 0, ""};
  out.precedence = source_.precedence;
  constant_findings.assign(source_.mapping.size(), std::nullopt);
  std::set<Field> mapped;
  bool each_field_once = true;
  for (const auto& m : source_.mapping) {
    each_field_once = mapped.insert(m.field).second && each_field_once;
  }
  for (std::size_t i = 0; i < source_.mapping.size(); ++i) {
    const auto& m = source_.mapping[i];
    // The config maps each field once (mapping_reader); a spec built otherwise keeps the
    // last mapping's value, so its constants are mapped row by row, in order.
    if (m.constant && each_field_once) {
      core::Record alone;
      map_value(m, *m.constant, alone);
      out.set(m.field, alone.get(m.field));
      constant_findings[i] = std::move(alone.findings);
    }
  }
  return out;
}

bool Mapper::value_allowed(const config::FieldMapping& m, std::string_view raw,
                           core::Record& out) const {
  const auto& info = core::field_info(m.field);
  // Named only in a finding: most values make none.
  const std::string_view name = info.name;
  if (raw.size() > source_.max_field_length) {
    out.findings.push_back({"ATP-M008", Severity::Error, std::string(name),
                            std::string(name) + " is longer than the source's max_field_length (" +
                                std::to_string(source_.max_field_length) +
                                " bytes); the value is not used"});
    return false;
  }
  // Surrounding whitespace (a trailing CR, a leading TAB) is trimmed before use, so only what
  // would reach the return counts. Free text may hold a TAB; no coded item may.
  const std::string_view text = trimmed(raw);
  if (auto control = core::find_control_char(text, info.kind == FieldKind::Text)) {
    out.findings.push_back({"ATP-M007", Severity::Error, std::string(name),
                            std::string(name) + " holds a control character, " +
                                core::describe_control_char(control->code) + ", at byte " +
                                std::to_string(control->offset + 1) + "; the value is not used"});
    return false;
  }
  return true;
}

std::vector<const config::FieldMapping*> Mapper::missing_columns(
    const config::SourceSpec& source, const std::vector<std::string>& header) {
  std::vector<const config::FieldMapping*> out;
  for (const auto& m : source.mapping) {
    if (!m.constant && std::find(header.begin(), header.end(), m.column) == header.end()) {
      out.push_back(&m);
    }
  }
  return out;
}

std::string Mapper::missing_column_message(const config::FieldMapping& m) {
  // The column name is the config's, never a value from the file.
  std::string where = m.mark.line > 0 ? " (mapped at " + m.mark.describe() + ")" : "";
  return "column '" + m.column + "' mapped to '" + std::string(core::field_info(m.field).name) +
         "' is not in the file's header" + where;
}

void Mapper::map_value(const config::FieldMapping& m, std::string_view raw,
                       core::Record& out) const {
  const auto& info = core::field_info(m.field);
  // Named only in a finding: most values make none.
  const std::string_view name = info.name;
  std::string text = trim_copy(raw);
  for (const auto& t : m.transforms) {
    text = t == "upper" ? to_upper(text) : t == "lower" ? to_lower(text) : text;
  }
  switch (info.kind) {
    case FieldKind::Text:
      out.set(m.field, std::move(text));
      return;
    case FieldKind::NhsNumber: {
      auto check = core::check_nhs_number(text);
      // Keep the raw text when it is not ten digits, so the reject log can say what was there.
      out.set(m.field, check.digits.empty() ? text : check.digits);
      return;
    }
    case FieldKind::CalendarDate: {
      if (core::is_missing_date_marker(text)) {
        if (!text.empty()) {
          out.findings.push_back({"AT-R003", Severity::Warning, std::string(name),
                                  std::string(name) +
                                      " holds a 'no date' marker (Null or 02/01/1900); "
                                      "treated as missing"});
        }
        return;
      }
      auto parsed = core::parse_date_any(text, m.formats);
      if (!parsed) {
        std::string formats;
        for (const auto& f : m.formats) {
          formats += (formats.empty() ? "" : " or ") + f;
        }
        out.findings.push_back(
            {"ATP-M001", Severity::Error, std::string(name),
             std::string(name) + " is not a real date in the format " + formats});
        return;
      }
      out.set(m.field, core::to_iso(*parsed));
      return;
    }
    case FieldKind::Postcode: {
      auto pc = core::normalise_postcode(text);
      out.set(m.field, pc.normalised.empty() ? to_upper(text) : pc.normalised);
      return;
    }
    case FieldKind::Ods:
      out.set(m.field, core::normalise_ods(text));
      return;
    case FieldKind::Code: {
      if (text.empty()) {
        return;
      }
      if (auto code = translate(m, text, out)) {
        out.set(m.field, normalise_code(m.field, *code));
      }
      return;
    }
    case FieldKind::CodeSet: {
      // Several codes in one cell: each is translated on its own, the set is held sorted so
      // that sources listing the same codes in another order agree.
      std::set<std::string> codes;
      bool bad = false;
      for (const auto& item : core::split_items(text, ";,")) {
        if (auto code = translate(m, item, out)) {
          codes.insert(normalise_code(m.field, *code));
        } else {
          bad = true;
        }
      }
      if (!bad) {
        out.set(m.field, join(codes, ";"));
      }
      return;
    }
    case FieldKind::Flag: {
      if (text.empty()) {
        return;
      }
      auto code = m.code_map.empty() ? std::optional<std::string>(text) : translate(m, text, out);
      if (!code) {
        return;
      }
      if (auto flag = normalise_flag(*code)) {
        out.set(m.field, *flag);
      } else {
        out.findings.push_back(
            {"ATP-M004", Severity::Error, std::string(name),
             std::string(name) + ": " + quoted_code(*code) + " is not yes, no or not known"});
      }
      return;
    }
    case FieldKind::Decimal: {
      if (text.empty()) {
        return;
      }
      auto number = parse_non_negative(text);
      if (!number) {
        out.findings.push_back({"ATP-M005", Severity::Error, std::string(name),
                                std::string(name) + " is not a number of 0 or more"});
        return;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", *number);
      out.set(m.field, buf);
      return;
    }
    case FieldKind::CetrHistory:
      map_cetr_history(m, text, out);
      return;
  }
}

std::optional<std::string> Mapper::translate(const config::FieldMapping& m, const std::string& text,
                                             core::Record& out) const {
  if (m.code_map.empty()) {
    return text;
  }
  auto mapped = translate_code(code_maps_.at(m.code_map), text);
  if (!mapped) {
    // Source codes are not personal data, so the value is named to help fix the map.
    std::string name(core::field_info(m.field).name);
    out.findings.push_back(
        {"ATP-M002", Severity::Error, name,
         name + ": source code " + quoted_code(text) + " is not in code map '" + m.code_map + "'"});
  }
  return mapped;
}

// Entries "date|type|outcome" separated by ';' (type and outcome may be left off). Dates take
// the column's formats; type and outcome are national codes, so upper-cased like any code.
void Mapper::map_cetr_history(const config::FieldMapping& m, const std::string& text,
                              core::Record& out) const {
  auto history = normalise_cetr_history(to_upper(text), m.formats, false);
  if (history.bad_entry != 0) {
    std::string name(core::field_info(m.field).name);
    out.findings.push_back(
        {"ATP-M006", Severity::Error, name,
         name + ": entry " + std::to_string(history.bad_entry) +
             " is not 'date|type|outcome' with a real date in the column's format"});
    return;
  }
  out.set(m.field, std::move(history.value));
}

}  // namespace atpipe::transforms
