#include "config/reference_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "config/yaml_support.hpp"
#include "core/ods_code.hpp"
#include "core/postcode.hpp"

namespace atpipe::config {
namespace {

// ONSPD gives postcodes without a grid reference this latitude (and longitude 0).
constexpr double kNoGridLatitude = 99.999999;

struct CsvRow {
  std::size_t row = 0;  // 1-based line the record starts on; the header is row 1
  std::vector<std::string> fields;
};

// The rows of a reference file and, for each column the caller asked for, its index.
struct Table {
  std::vector<CsvRow> rows;
  std::vector<std::size_t> columns;
};

core::Unexpected<core::Error> fail_at(const std::string& name, std::size_t row,
                                      const std::string& what) {
  return core::fail(core::ErrorCode::Config, name + " row " + std::to_string(row) + ": " + what);
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

// RFC 4180 as spreadsheets write it: quoted fields with doubled quotes and line breaks
// inside, CRLF or LF line ends, a leading UTF-8 BOM, blank lines skipped but counted. The
// connectors' parser is out of reach (config must not depend on connectors/), and these
// files are small enough that a plain reader is enough.
core::Expected<std::vector<CsvRow>> split_csv(std::string_view text, const std::string& name) {
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  std::vector<CsvRow> out;
  std::size_t pos = 0;
  std::size_t line = 1;
  const auto at_line_end = [&] {
    return pos >= text.size() || text[pos] == '\r' || text[pos] == '\n';
  };
  const auto skip_line_end = [&] {
    if (pos < text.size() && text[pos] == '\r') {
      ++pos;
    }
    if (pos < text.size() && text[pos] == '\n') {
      ++pos;
    }
    ++line;
  };
  while (pos < text.size()) {
    CsvRow record{line, {}};
    if (at_line_end()) {
      skip_line_end();
      continue;
    }
    while (true) {
      std::string field;
      if (text[pos] == '"') {
        ++pos;
        while (true) {
          const auto quote = text.find('"', pos);
          if (quote == std::string_view::npos) {
            return fail_at(name, record.row, "a quoted field is never closed");
          }
          field.append(text.substr(pos, quote - pos));
          line += static_cast<std::size_t>(
              std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                         text.begin() + static_cast<std::ptrdiff_t>(quote), '\n'));
          pos = quote + 1;
          if (pos < text.size() && text[pos] == '"') {
            field.push_back('"');
            ++pos;
            continue;
          }
          break;
        }
        if (!at_line_end() && text[pos] != ',') {
          return fail_at(name, record.row, "text after a closing quote");
        }
      } else {
        const auto end = std::min(text.find_first_of(",\r\n", pos), text.size());
        field = std::string(text.substr(pos, end - pos));
        if (field.find('"') != std::string::npos) {
          return fail_at(name, record.row, "a quote inside an unquoted field");
        }
        pos = end;
      }
      record.fields.push_back(trim(field));
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      skip_line_end();
      break;
    }
    out.push_back(std::move(record));
  }
  return out;
}

// Splits `text` and finds each of `expected` in its header (case-insensitive; other columns
// are allowed and ignored). Every data row must have as many fields as the header.
core::Expected<Table> read_table(std::string_view text, const std::string& name,
                                 std::span<const std::string_view> expected) {
  auto rows = split_csv(text, name);
  if (!rows) {
    return core::fail(rows.error());
  }
  std::string wanted;
  for (const auto& column : expected) {
    // Appended piecewise: `"" + std::string` inlined at -O3 trips GCC 12's -Wrestrict.
    if (!wanted.empty()) {
      wanted += ',';
    }
    wanted += column;
  }
  if (rows->empty()) {
    return core::fail(core::ErrorCode::Config,
                      name + ": the file is empty (expected the header " + wanted + ")");
  }
  Table table;
  const auto& header = rows->front().fields;
  for (const auto& column : expected) {
    const auto it = std::find_if(header.begin(), header.end(), [&](const std::string& h) {
      return std::equal(h.begin(), h.end(), column.begin(), column.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
      });
    });
    if (it == header.end()) {
      return core::fail(core::ErrorCode::Config, name + ": the header has no column '" +
                                                     std::string(column) + "' (expected " + wanted +
                                                     ")");
    }
    table.columns.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  if (rows->size() == 1) {
    return core::fail(core::ErrorCode::Config, name + ": the file has a header but no rows");
  }
  for (auto it = rows->begin() + 1; it != rows->end(); ++it) {
    if (it->fields.size() != header.size()) {
      return fail_at(name, it->row,
                     std::to_string(it->fields.size()) + " fields, but the header has " +
                         std::to_string(header.size()));
    }
  }
  rows->erase(rows->begin());
  table.rows = std::move(*rows);
  return table;
}

std::optional<double> parse_number(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0') {
    return std::nullopt;
  }
  return value;
}

core::Expected<double> read_degrees(const std::string& name, std::size_t row,
                                    const std::string& column, const std::string& text,
                                    double limit) {
  const auto value = parse_number(text);
  if (!value) {
    return fail_at(name, row, column + " '" + text + "' is not a number");
  }
  if (*value < -limit || *value > limit) {
    return fail_at(name, row,
                   column + " '" + text + "' is outside -" +
                       std::to_string(static_cast<int>(limit)) + " to " +
                       std::to_string(static_cast<int>(limit)));
  }
  return *value;
}

std::string first_seen(std::size_t row) {
  return " given twice (first at row " + std::to_string(row) + ")";
}

}  // namespace

core::Expected<void> parse_sites(std::string_view text, const std::string& name,
                                 core::ReferenceData& out) {
  static constexpr std::string_view kColumns[] = {"site_code", "provider_code", "postcode", "name"};
  auto table = read_table(text, name, kColumns);
  if (!table) {
    return core::fail(table.error());
  }
  std::map<std::string, std::size_t> first_row;
  for (const auto& r : table->rows) {
    const auto field = [&](std::size_t i) -> const std::string& {
      return r.fields[table->columns[i]];
    };
    auto site = core::normalise_ods(field(0));
    auto provider = core::normalise_ods(field(1));
    if (site.empty()) {
      return fail_at(name, r.row, "site_code is empty");
    }
    if (provider.empty()) {
      return fail_at(name, r.row, "provider_code is empty");
    }
    std::string postcode;
    if (!field(2).empty()) {
      const auto pc = core::normalise_postcode(field(2));
      if (pc.status != core::PostcodeStatus::Valid) {
        return fail_at(name, r.row, "postcode '" + field(2) + "' is not a UK postcode");
      }
      postcode = pc.normalised;
    }
    if (auto [it, fresh] = first_row.emplace(site, r.row); !fresh) {
      return fail_at(name, r.row, "site code '" + site + "'" + first_seen(it->second));
    }
    out.providers.insert(provider);
    out.sites[site] = core::SiteInfo{std::move(provider), std::move(postcode), field(3)};
  }
  return {};
}

core::Expected<void> parse_commissioners(std::string_view text, const std::string& name,
                                         core::ReferenceData& out) {
  static constexpr std::string_view kColumns[] = {"code", "name", "open_date", "close_date"};
  auto table = read_table(text, name, kColumns);
  if (!table) {
    return core::fail(table.error());
  }
  for (const auto& r : table->rows) {
    const auto field = [&](std::size_t i) -> const std::string& {
      return r.fields[table->columns[i]];
    };
    auto code = core::normalise_ods(field(0));
    if (code.empty()) {
      return fail_at(name, r.row, "code is empty");
    }
    const auto open = core::parse_iso(field(2));
    if (!open) {
      return fail_at(name, r.row, "open_date '" + field(2) + "' is not an ISO date (YYYY-MM-DD)");
    }
    core::OpenPeriod period{*open, std::nullopt};
    if (!field(3).empty()) {
      period.close = core::parse_iso(field(3));
      if (!period.close) {
        return fail_at(name, r.row,
                       "close_date '" + field(3) + "' is not an ISO date (YYYY-MM-DD)");
      }
      if (*period.close <= *open) {
        return fail_at(name, r.row, "close_date is not after open_date");
      }
    }
    out.commissioners[code].push_back(period);
  }
  return {};
}

core::Expected<void> parse_postcodes(std::string_view text, const std::string& name,
                                     core::ReferenceData& out) {
  static constexpr std::string_view kColumns[] = {"postcode", "latitude", "longitude"};
  auto table = read_table(text, name, kColumns);
  if (!table) {
    return core::fail(table.error());
  }
  std::map<std::string, std::size_t> first_row;
  for (const auto& r : table->rows) {
    const auto field = [&](std::size_t i) -> const std::string& {
      return r.fields[table->columns[i]];
    };
    const auto pc = core::normalise_postcode(field(0));
    if (pc.status == core::PostcodeStatus::Pseudo) {
      continue;
    }
    if (pc.status != core::PostcodeStatus::Valid) {
      return fail_at(name, r.row, "postcode '" + field(0) + "' is not a UK postcode");
    }
    if (auto lat = parse_number(field(1)); lat && *lat >= kNoGridLatitude) {
      continue;
    }
    auto lat = read_degrees(name, r.row, "latitude", field(1), 90);
    if (!lat) {
      return core::fail(lat.error());
    }
    auto lon = read_degrees(name, r.row, "longitude", field(2), 180);
    if (!lon) {
      return core::fail(lon.error());
    }
    if (auto [it, fresh] = first_row.emplace(pc.normalised, r.row); !fresh) {
      return fail_at(name, r.row, "postcode '" + pc.normalised + "'" + first_seen(it->second));
    }
    out.centroids[pc.normalised] = core::Centroid{*lat, *lon};
  }
  return {};
}

namespace detail {
namespace {

const KeyTable kReferenceKeys = {
    {"sites",
     KeyType::Path,
     false,
     "",
     {},
     "MPSL snapshot CSV: site_code,provider_code,postcode,name (AT-R052, R053, R032)"},
    {"commissioners",
     KeyType::Path,
     false,
     "",
     {},
     "commissioner CSV: code,name,open_date,close_date (AT-R051)"},
    {"postcodes",
     KeyType::Path,
     false,
     "",
     {},
     "ONS Postcode Directory extract CSV: postcode,latitude,longitude (distance from home)"},
};

using Parser = core::Expected<void> (*)(std::string_view, const std::string&, core::ReferenceData&);

}  // namespace

std::shared_ptr<const core::ReferenceData> read_reference(const NodeReader& top) {
  const YAML::Node node = top.node("reference");
  if (!top.has("reference") || !node.IsMap()) {
    return nullptr;
  }
  NodeReader reader(node, kReferenceKeys, "reference", top.diagnostics(), top.config_file());
  auto data = std::make_shared<core::ReferenceData>();
  bool ok = true;
  const std::pair<const char*, Parser> parts[] = {{"sites", parse_sites},
                                                  {"commissioners", parse_commissioners},
                                                  {"postcodes", parse_postcodes}};
  for (const auto& [key, parse] : parts) {
    const auto path = reader.path(key);
    if (!path) {
      ok = ok && !reader.has(key);  // present but wrong is already reported
      continue;
    }
    std::string reason;
    const auto text = read_whole_file(*path, reason);
    if (!text) {
      reader.diagnostics().error(reader.mark_of(key),
                                 "cannot read reference file '" + path->string() + "': " + reason);
      ok = false;
      continue;
    }
    if (auto parsed = parse(*text, path->filename().string(), *data); !parsed) {
      reader.diagnostics().error(reader.mark_of(key), parsed.error().message());
      ok = false;
    }
  }
  return ok ? data : nullptr;
}

}  // namespace detail
}  // namespace atpipe::config
