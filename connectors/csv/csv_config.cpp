#include "connectors/csv/csv_config.hpp"

#include <system_error>
#include <utility>

namespace atpipe::connectors::csv {

const config::KeyTable& csv_keys() {
  using config::KeyType;
  // clang-format off
  static const config::KeyTable table = {
      {"path", KeyType::Path, true, "", {},
       "a file, a directory, or a pattern in the file name such as /srv/in/census_*.csv"},
      {"glob", KeyType::String, false, kDefaultGlob, {},
       "file-name pattern to read when 'path' is a directory"},
      {"encoding", KeyType::Enum, false, "utf-8", {"utf-8", "windows-1252"},
       "character set of the files; Excel's plain 'CSV' is windows-1252"},
      {"delimiter", KeyType::String, false, ",", {},
       "the character between fields; write \"\\t\" for a tab"},
      {"header_row", KeyType::Int, false, "1", {},
       "row that holds the column names; rows above it (titles) are skipped"},
      {"required", KeyType::Bool, false, "true", {},
       "false: when no file matches, the source gives no rows instead of failing"},
      {"max_file_size", KeyType::String, false, "2GiB", {},
       "largest file read (bytes, or with KiB, MiB, GiB); a bigger one fails the source"},
  };
  // clang-format on
  return table;
}

bool has_wildcard(const std::string& text) {
  return text.find_first_of("*?[") != std::string::npos;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::uint64_t number = 0;
  std::size_t i = 0;
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 50U;  // 1 PiB: no overflow below
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    number = number * 10 + static_cast<std::uint64_t>(text[i] - '0');
    if (number > kLimit) {
      return std::nullopt;
    }
    ++i;
  }
  if (i == 0) {
    return std::nullopt;
  }
  const std::string unit = text.substr(i);
  const std::uint64_t scale = unit.empty()    ? 1
                              : unit == "KiB" ? std::uint64_t{1} << 10U
                              : unit == "MiB" ? std::uint64_t{1} << 20U
                              : unit == "GiB" ? std::uint64_t{1} << 30U
                                              : 0;
  if (scale == 0 || number == 0) {
    return std::nullopt;
  }
  return number * scale;
}

namespace {

// The cross-check on `glob`. A path that does not exist yet is accepted: the config may be
// checked on another machine, and the pull checks again.
bool check_glob(const config::NodeReader& reader, const std::filesystem::path& path,
                const std::string& glob) {
  const auto mark = reader.mark_of("glob");
  auto& diag = reader.diagnostics();
  const std::string subject = key_in(reader, "glob");
  if (glob.empty()) {
    diag.error(mark, subject + " cannot be empty");
    return false;
  }
  if (glob.find('/') != std::string::npos) {
    diag.error(mark, subject + " matches file names only and cannot contain '/'");
    return false;
  }
  const std::string only =
      subject + " is only allowed when 'path' is a directory, and '" + path.string() + "'";
  if (has_wildcard(path.filename().string())) {
    diag.error(mark, only + " is already a pattern");
    return false;
  }
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_directory(path, ec)) {
    diag.error(mark, only + " is a file");
    return false;
  }
  return true;
}

bool read_delimiter(const config::NodeReader& reader, CsvConfig& out) {
  auto text = reader.string("delimiter");
  if (!text) {
    return false;
  }
  const auto byte = text->empty() ? 0 : static_cast<unsigned char>(text->front());
  if (text->size() != 1 || byte >= 0x80) {
    reader.diagnostics().error(
        reader.mark_of("delimiter"),
        key_in(reader, "delimiter") + " must be one ASCII character, got '" + *text + "'");
    return false;
  }
  if (byte == '"' || byte == '\r' || byte == '\n') {
    reader.diagnostics().error(reader.mark_of("delimiter"),
                               key_in(reader, "delimiter") + " cannot be a quote or a line break");
    return false;
  }
  out.delimiter = text->front();
  return true;
}

}  // namespace

std::shared_ptr<const CsvConfig> parse_csv_config(const config::NodeReader& reader) {
  auto out = std::make_shared<CsvConfig>();
  auto& diag = reader.diagnostics();
  bool ok = true;

  if (auto path = reader.path("path")) {
    out->path = std::move(*path);
    if (has_wildcard(out->path.parent_path().string())) {
      diag.error(reader.mark_of("path"),
                 key_in(reader, "path") +
                     " may have wildcards only in its file name, not in its directories");
      ok = false;
    }
  } else {
    ok = false;
  }

  if (reader.has("glob")) {
    auto glob = reader.string("glob");
    if (glob && ok && check_glob(reader, out->path, *glob)) {
      out->glob = std::move(*glob);
    } else {
      ok = false;
    }
  }

  // The reader has already checked the value against the table's choices.
  const auto encoding = reader.string("encoding");
  if (encoding == "utf-8") {
    out->encoding = Encoding::Utf8;
  } else if (encoding == "windows-1252") {
    out->encoding = Encoding::Windows1252;
  } else {
    ok = false;
  }

  ok = read_delimiter(reader, *out) && ok;

  if (auto header_row = reader.integer("header_row")) {
    if (*header_row < 1) {
      diag.error(
          reader.mark_of("header_row"),
          key_in(reader, "header_row") + " must be 1 or more, got " + std::to_string(*header_row));
      ok = false;
    } else {
      out->header_row = static_cast<std::size_t>(*header_row);
    }
  } else {
    ok = false;
  }

  if (auto required = reader.boolean("required")) {
    out->required = *required;
  } else {
    ok = false;
  }

  if (auto text = reader.string("max_file_size")) {
    if (auto size = parse_size(*text)) {
      out->max_file_size = *size;
    } else {
      diag.error(reader.mark_of("max_file_size"),
                 key_in(reader, "max_file_size") +
                     " must be a size above 0 such as 2GiB, 500MiB or 1048576, got '" + *text +
                     "'");
      ok = false;
    }
  } else {
    ok = false;
  }

  return ok ? out : nullptr;
}

}  // namespace atpipe::connectors::csv
