#include "connectors/csv/csv_parse.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "connectors/csv/csv_encoding.hpp"

namespace atpipe::connectors::csv {
namespace {

enum class Step { Record, Blank, End, Failed };

bool is_line_end(char c) {
  return c == '\n' || c == '\r';
}

// Splits text into records and keeps the spreadsheet row count: one per record, blank line
// or skipped line, whatever line breaks a quoted field holds. Lives for one parse_csv() call.
class RecordReader {
 public:
  RecordReader(std::string_view text, const CsvOptions& options, core::Provenance where)
      : text_(text),
        delimiter_(options.delimiter),
        bad_utf8_(options.check_utf8 ? find_invalid_utf8(text) : std::string_view::npos),
        cap_(options.max_field_length == 0 ? std::string::npos : options.max_field_length + 1),
        where_(std::move(where)) {
    stops_[static_cast<unsigned char>(options.delimiter)] = true;
    stops_['\r'] = true;
    stops_['\n'] = true;
    stops_['"'] = true;
  }

  [[nodiscard]] std::size_t row() const { return row_; }
  [[nodiscard]] bool at_end() const { return pos_ >= text_.size(); }
  [[nodiscard]] core::Error take_error() { return std::move(*error_); }

  // Skips one line above the header without looking for quotes in it: title lines are free
  // text, and a stray quote there must not swallow the header.
  Step skip_line() {
    if (pos_ >= text_.size()) {
      return Step::End;
    }
    ++row_;
    pos_ = std::min(text_.find_first_of("\r\n", pos_), text_.size());
    end_line();
    return utf8_ok() ? Step::Record : Step::Failed;
  }

  // Reads the next record into `out`, reusing its storage.
  Step next(core::RawRow& out) {
    if (pos_ >= text_.size()) {
      return Step::End;
    }
    ++row_;
    out.row = row_;
    out.values.clear();
    out.problem.clear();
    if (is_line_end(text_[pos_])) {
      end_line();
      return Step::Blank;
    }
    for (;;) {
      const std::size_t field = out.values.size() + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        if (!read_quoted(out.values.emplace_back(), field)) {
          return Step::Failed;
        }
        if (pos_ < text_.size() && !is_line_end(text_[pos_]) && text_[pos_] != delimiter_) {
          // The quote may have been an undoubled one inside the value, so where the field and
          // the row end is a guess; guessing could shift every later row.
          return fail(core::ErrorCode::Parse,
                      "unexpected text after the closing quote of field " + std::to_string(field) +
                          "; a quote inside a quoted field must be doubled (\"\")");
        }
      } else {
        read_unquoted(out, field);
      }
      if (pos_ < text_.size() && text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      break;
    }
    end_line();
    return utf8_ok() ? Step::Record : Step::Failed;
  }

 private:
  // A quote only opens a field at its start (RFC 4180 §2.5), so one further in is taken as
  // text and the row still ends at the next line end: the row is kept and flagged.
  void read_unquoted(core::RawRow& out, std::size_t field) {
    const char* const begin = text_.data() + pos_;
    const char* const end = text_.data() + text_.size();
    const char* p = begin;
    for (;;) {
      while (p != end && !stops_[static_cast<unsigned char>(*p)]) {
        ++p;
      }
      if (p == end || *p != '"') {
        break;
      }
      if (out.problem.empty()) {
        out.problem = "stray quote in unquoted field " + std::to_string(field);
      }
      ++p;
    }
    const auto length = static_cast<std::size_t>(p - begin);
    out.values.emplace_back(begin, std::min(length, cap_));
    pos_ += length;
  }

  // pos_ is on the opening quote; leaves it just past the closing one.
  bool read_quoted(std::string& value, std::size_t field) {
    ++pos_;
    for (;;) {
      const std::size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) {
        fail(core::ErrorCode::Parse, "unterminated quote: field " + std::to_string(field) +
                                         " opens a quote that is not closed before the end "
                                         "of the file");
        return false;
      }
      value.append(text_.data() + pos_, std::min(quote - pos_, cap_ - value.size()));
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        if (value.size() < cap_) {
          value.push_back('"');
        }
        ++pos_;
        continue;
      }
      return true;
    }
  }

  void end_line() {
    if (pos_ < text_.size() && text_[pos_] == '\r') {
      ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '\n') {
      ++pos_;
    }
  }

  // The text was checked once up front; the row to blame is the one that reaches the first
  // bad byte.
  bool utf8_ok() {
    if (pos_ <= bad_utf8_) {
      return true;
    }
    fail(core::ErrorCode::Encoding,
         "the file is not valid UTF-8 (if it was saved from Excel as plain CSV, set "
         "encoding: windows-1252)");
    return false;
  }

  Step fail(core::ErrorCode code, std::string message) {
    core::Provenance where = where_;
    where.row = row_;
    error_.emplace(code, std::move(message), std::move(where));
    return Step::Failed;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t row_ = 0;
  char delimiter_;
  std::size_t bad_utf8_;
  std::size_t cap_;  // bytes kept of one field
  std::array<bool, 256> stops_{};
  core::Provenance where_;
  std::optional<core::Error> error_;
};

core::Expected<std::vector<std::string>> header_names(core::RawRow record,
                                                      const core::Provenance& where) {
  core::Provenance at = where;
  at.row = record.row;
  if (!record.problem.empty()) {
    return core::fail(core::ErrorCode::Parse, "the header has a " + record.problem, at);
  }
  for (std::size_t i = 0; i < record.values.size(); ++i) {
    std::string& name = record.values[i];
    name.erase(0, std::min(name.find_first_not_of(" \t"), name.size()));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) {
      return core::fail(core::ErrorCode::Parse,
                        "column " + std::to_string(i + 1) + " of the header has no name", at);
    }
  }
  // A second pass, so that the views in `seen` point at names that no longer change.
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < record.values.size(); ++i) {
    auto [it, added] = seen.emplace(record.values[i], i + 1);
    if (!added) {
      // Positions only: in an extract without a header row, the "names" are a patient's values.
      return core::fail(core::ErrorCode::Parse,
                        "columns " + std::to_string(it->second) + " and " + std::to_string(i + 1) +
                            " of the header have the same name (is the header row missing? see "
                            "header_row)",
                        at);
    }
  }
  return std::move(record.values);
}

// Skips the lines above the header and reads it.
core::Expected<std::vector<std::string>> read_header(RecordReader& reader,
                                                     const CsvOptions& options,
                                                     const core::Provenance& where) {
  const auto too_short = [&] {
    return core::fail(core::ErrorCode::Parse,
                      "the file ends before the header row (row " +
                          std::to_string(options.header_row) + "; see header_row)",
                      where);
  };
  while (reader.row() + 1 < options.header_row) {
    const Step step = reader.skip_line();
    if (step == Step::Failed) {
      return core::fail(reader.take_error());
    }
    if (step == Step::End) {
      return too_short();
    }
  }
  core::RawRow header_record;
  switch (reader.next(header_record)) {
    case Step::End:
      return too_short();
    case Step::Failed:
      return core::fail(reader.take_error());
    case Step::Blank: {
      core::Provenance at = where;
      at.row = header_record.row;
      return core::fail(core::ErrorCode::Parse, "the header row is blank (see header_row)", at);
    }
    case Step::Record:
      break;
  }
  return header_names(std::move(header_record), where);
}

core::Expected<std::string_view> without_bom(std::string_view text, const CsvOptions& options,
                                             const core::Provenance& where) {
  if (starts_with_bom(text)) {
    text.remove_prefix(kUtf8Bom.size());
  }
  if (text.empty()) {
    return core::fail(
        core::ErrorCode::Parse,
        "the file is empty; expected a header at row " + std::to_string(options.header_row), where);
  }
  return text;
}

}  // namespace

core::Expected<std::optional<std::vector<std::string>>> parse_csv_header(
    std::string_view text, const CsvOptions& options, const core::Provenance& where, bool whole) {
  auto body = without_bom(text, options, where);
  if (!body) {
    return core::fail(std::move(body).error());
  }
  RecordReader reader(*body, options, where);
  auto header = read_header(reader, options, where);
  // Cut short, the header may only look broken (an open quote, a missing row): read more.
  if (!whole && (!header || reader.at_end())) {
    return std::optional<std::vector<std::string>>();
  }
  if (!header) {
    return core::fail(std::move(header).error());
  }
  return std::optional<std::vector<std::string>>(std::move(*header));
}

core::Expected<void> parse_csv_parts(std::string_view full_text, const CsvOptions& options,
                                     const core::Provenance& where, std::size_t rows_per_part,
                                     const core::TakePart& take) {
  auto body = without_bom(full_text, options, where);
  if (!body) {
    return core::fail(std::move(body).error());
  }
  const std::string_view text = *body;
  RecordReader reader(text, options, where);
  auto header = read_header(reader, options, where);
  if (!header) {
    return core::fail(std::move(header).error());
  }
  const std::size_t width = header->size();
  // An upper bound for the usual LF and CRLF files; it saves regrowing a million-row vector.
  const auto file_rows = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  const std::size_t part_rows = std::max<std::size_t>(rows_per_part, 1);
  bool first = true;
  const auto start_part = [&] {
    core::RawBatch part;
    part.file = where.file;
    part.header = *header;
    part.rows.reserve(std::min(file_rows, part_rows));
    return part;
  };
  const auto hand_over = [&](core::RawBatch& part, bool more) {
    auto taken = take(std::move(part), first ? file_rows : 0);
    first = false;
    if (more) {
      part = start_part();
    }
    return taken;
  };
  core::RawBatch part = start_part();
  core::RawRow record;
  for (;;) {
    if (record.values.capacity() < width) {
      record.values.reserve(width);
    }
    const Step step = reader.next(record);
    if (step == Step::End) {
      break;
    }
    if (step == Step::Failed) {
      return core::fail(reader.take_error());
    }
    if (step == Step::Blank) {
      continue;
    }
    if (record.problem.empty() && record.values.size() != width) {
      const std::size_t count = record.values.size();
      record.problem = "row has " + std::to_string(count) + (count == 1 ? " field" : " fields") +
                       " but the header has " + std::to_string(width);
    }
    part.rows.push_back(std::move(record));
    if (part.rows.size() == part_rows) {
      if (auto taken = hand_over(part, true); !taken) {
        return taken;
      }
    }
  }
  // The last part, even empty when it is the only one: a file of a header alone is a batch.
  if (first || !part.rows.empty()) {
    return hand_over(part, false);
  }
  return {};
}

core::Expected<core::RawBatch> parse_csv(std::string_view full_text, const CsvOptions& options,
                                         const core::Provenance& where) {
  core::RawBatch batch;
  auto parsed = parse_csv_parts(full_text, options, where, std::numeric_limits<std::size_t>::max(),
                                [&](core::RawBatch part, std::size_t /*file_rows*/) {
                                  batch = std::move(part);
                                  return core::Expected<void>();
                                });
  if (!parsed) {
    return core::fail(parsed.error());
  }
  return batch;
}

}  // namespace atpipe::connectors::csv
