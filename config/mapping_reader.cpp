#include <algorithm>
#include <utility>

#include "config/loader_parts.hpp"
#include "config/yaml_support.hpp"
#include "core/date_value.hpp"
#include "core/field.hpp"

namespace atpipe::config::detail {
namespace {

const std::vector<std::string> kTransforms = {"lower", "upper"};

const KeyTable& mapping_keys() {
  static const KeyTable table = {
      {"column", KeyType::String, false, "", {}, "source column (or JSON Pointer) to read"},
      {"value", KeyType::String, false, "", {}, "a constant used for every row"},
      {"format", KeyType::String, false, "", {}, "date format (date fields only)"},
      {"formats", KeyType::StringList, false, "", {}, "date formats tried in order"},
      {"codes", KeyType::String, false, "", {}, "name of a code_maps entry to translate with"},
      {"transform", KeyType::StringList, false, "", {}, "extra normalisers: upper, lower"},
  };
  return table;
}

// Why `format` cannot read dates, or "" when it can. Judged by writing a date with the format
// and reading it back with the mapper's own parser, so the check cannot drift from the reading.
std::string date_format_problem(const std::string& format) {
  if (format.empty()) {
    return "cannot be empty";
  }
  std::string sample;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      sample.push_back(format[i]);
      continue;
    }
    const char spec = format[++i];
    const char* part = spec == 'd'   ? "23"
                       : spec == 'm' ? "11"
                       : spec == 'b' ? "Nov"
                       : spec == 'Y' ? "2001"
                       : spec == 'y' ? "01"
                                     : nullptr;
    if (part == nullptr) {
      return std::string("uses '%") + spec +
             "', which atpipe does not read (use %d, %m, %b, %Y, %y)";
    }
    sample += part;
  }
  const core::Date expected{date::year{2001}, date::month{11}, date::day{23}};
  if (core::parse_date(sample, format) != expected) {
    return "does not read a whole date: it needs a day (%d), a month (%m or %b) and a year "
           "(%Y or %y)";
  }
  return "";
}

// Reports each format that cannot read a date, and an empty list.
void check_formats(const NodeReader& reader, const std::string& what, const FieldMapping& out) {
  const char* key = reader.has("format") ? "format" : "formats";
  if (out.formats.empty() && reader.has(key)) {
    reader.diagnostics().error(reader.mark_of(key), "'formats' in " + what + " lists no format");
  }
  for (const auto& format : out.formats) {
    if (auto problem = date_format_problem(format); !problem.empty()) {
      reader.diagnostics().error(reader.mark_of(key),
                                 "date format '" + format + "' in " + what + " " + problem);
    }
  }
}

std::vector<std::string> all_field_names() {
  std::vector<std::string> names;
  for (const auto& info : core::all_fields()) {
    names.emplace_back(info.name);
  }
  return names;
}

// The `{ column: ..., format: ... }` form; `what` is "field 'x' of source 'y'".
void read_mapping_map(const YAML::Node& node, const std::string& what, const NodeReader& source,
                      const CodeMaps& code_maps, FieldMapping& out) {
  Diagnostics& diag = source.diagnostics();
  NodeReader reader(node, mapping_keys(), what, diag, source.config_file());
  const auto kind = core::field_info(out.field).kind;
  const bool is_date =
      kind == core::FieldKind::CalendarDate || kind == core::FieldKind::CetrHistory;

  if (reader.has("column") && reader.has("value")) {
    diag.error(reader.mark(), what + " takes 'column' or 'value', not both");
  } else if (!reader.has("column") && !reader.has("value")) {
    diag.error(reader.mark(), what + " needs 'column' or 'value'");
  }
  out.column = reader.string("column").value_or("");
  out.constant = reader.string("value");

  for (const char* key : {"format", "formats"}) {
    if (reader.has(key) && !is_date) {
      diag.error(reader.mark_of(key),
                 std::string("'") + key + "' in " + what + " is only allowed for date fields");
    }
  }
  if (reader.has("format") && reader.has("formats")) {
    diag.error(reader.mark(), what + " takes 'format' or 'formats', not both");
  } else if (auto format = reader.string("format")) {
    out.formats.push_back(*format);
  } else {
    out.formats = reader.string_list("formats");
  }
  if (is_date && reader.has("column") && !reader.has("format") && !reader.has("formats")) {
    diag.error(reader.mark(), "date " + what + " needs 'format' or 'formats'");
  } else if (is_date) {
    check_formats(reader, what, out);
  }

  if (auto codes = reader.string("codes")) {
    if (code_maps.count(*codes) == 0) {
      std::vector<std::string> defined;
      for (const auto& [name, map] : code_maps) {
        defined.push_back(name);
      }
      const std::string hint = defined.empty() ? "code_maps is empty" : "defined: " + join(defined);
      diag.error(reader.mark_of("codes"),
                 "code map '" + *codes + "' is not defined in code_maps (" + hint + ")");
    }
    out.code_map = *codes;
  }

  for (auto& name : reader.string_list("transform")) {
    if (std::find(kTransforms.begin(), kTransforms.end(), name) == kTransforms.end()) {
      diag.error(reader.mark_of("transform"), "unknown transform '" + name + "' in " + what +
                                                  " (allowed: " + join(kTransforms) + ")");
    } else {
      out.transforms.push_back(std::move(name));
    }
  }
}

}  // namespace

std::string unknown_field_message(const std::string& name, const std::string& where) {
  std::string message = "unknown field '" + name + "' in " + where;
  if (auto suggestion = closest(name, all_field_names())) {
    message += ", did you mean '" + *suggestion + "'?";
  }
  return message + " (" + fields_hint() + ")";
}

std::string fields_hint() {
  return "'atpipe fields' lists the " + std::to_string(core::kFieldCount) + " canonical fields";
}

std::vector<FieldMapping> read_mapping(const NodeReader& source, const std::string& name,
                                       const CodeMaps& code_maps) {
  std::vector<FieldMapping> out;
  Diagnostics& diag = source.diagnostics();
  const auto& file = source.config_file();
  const YAML::Node mapping = source.node("mapping");
  if (!mapping.IsMap()) {
    return out;  // the source's reader has reported the shape
  }
  const std::string of_source = " of source '" + name + "'";
  std::vector<std::pair<core::Field, Mark>> seen;
  for (const auto& entry : entries_of(mapping)) {
    const Mark key_mark = mark_of(entry.key, file);
    if (!entry.key.IsScalar()) {
      diag.error(key_mark, "mapping" + of_source + " must use field names as keys, got " +
                               describe_node(entry.key));
      continue;
    }
    const std::string& field_name = entry.key.Scalar();
    const auto field = core::field_by_name(field_name);
    if (!field) {
      diag.error(key_mark, unknown_field_message(field_name, "mapping" + of_source));
      continue;
    }
    const auto first = std::find_if(seen.begin(), seen.end(),
                                    [&](const auto& item) { return item.first == *field; });
    if (first != seen.end()) {
      diag.error(key_mark, "field '" + field_name + "' mapped twice in source '" + name + "'" +
                               first_at(first->second));
      continue;
    }
    seen.emplace_back(*field, key_mark);

    FieldMapping item;
    item.field = *field;
    item.mark = key_mark;
    const std::string what = "field '" + field_name + "'" + of_source;
    const YAML::Node& value = entry.value;
    if (value.IsScalar()) {
      const Mark at = value_mark(entry, file);
      if (auto column = interpolate_env(value.Scalar(), at, diag)) {
        item.column = std::move(*column);
        if (item.column.empty()) {
          diag.error(at, what + " names an empty column");
        }
      }
      if (auto kind = core::field_info(*field).kind;
          kind == core::FieldKind::CalendarDate || kind == core::FieldKind::CetrHistory) {
        diag.error(at, "date " + what + " needs 'format' or 'formats'");
      }
    } else if (value.IsMap()) {
      read_mapping_map(value, what, source, code_maps, item);
    } else {
      diag.error(value_mark(entry, file),
                 what + " must be a column name or a mapping, got " + describe_node(value));
      continue;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace atpipe::config::detail
