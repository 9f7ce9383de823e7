#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "connectors/csv/csv_parse.hpp"

namespace atpipe::connectors::csv {
namespace {

using Values = std::vector<std::string>;

const core::Provenance kWhere{"census", "in.csv", 0, ""};

core::Expected<core::RawBatch> parse(const std::string& text, CsvOptions options = {}) {
  return parse_csv(text, options, kWhere);
}

core::RawBatch parse_ok(const std::string& text, CsvOptions options = {}) {
  auto batch = parse(text, options);
  if (!batch) {
    FAIL("unexpected error: " << batch.error().describe());
  }
  return std::move(batch).value();
}

std::string parse_error(const std::string& text, CsvOptions options = {}) {
  auto batch = parse(text, options);
  REQUIRE_FALSE(batch.has_value());
  return batch.error().describe();
}

// Writes one record the way a careful exporter would: quoted only when it has to be.
std::string write_record(const Values& fields, const std::string& line_end) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& field = fields[i];
    if (i != 0) {
      out += ',';
    }
    // A lone empty field would be a blank line, which the reader skips.
    const bool quote = field.find_first_of(",\"\r\n") != std::string::npos ||
                       (field.empty() && fields.size() == 1);
    if (!quote) {
      out += field;
      continue;
    }
    out += '"';
    for (char c : field) {
      out += c;
      if (c == '"') {
        out += '"';
      }
    }
    out += '"';
  }
  return out + line_end;
}

}  // namespace

TEST_CASE("csv parse: header and rows, with spreadsheet row numbers", "[unit][csv]") {
  const auto batch = parse_ok("id,name\n1,Ann\n2,Bob\n");
  CHECK(batch.file == "in.csv");
  CHECK(batch.header == Values{"id", "name"});
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[0].row == 2);
  CHECK(batch.rows[0].values == Values{"1", "Ann"});
  CHECK(batch.rows[0].problem.empty());
  CHECK(batch.rows[1].row == 3);
  CHECK(batch.rows[1].values == Values{"2", "Bob"});
}

TEST_CASE("csv parse: quoted fields keep delimiters and doubled quotes", "[unit][csv]") {
  const auto batch = parse_ok("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n");
  REQUIRE(batch.rows.size() == 1);
  CHECK(batch.rows[0].values == Values{"x,y", "say \"hi\"", ""});
  CHECK(batch.rows[0].problem.empty());
}

TEST_CASE("csv parse: empty fields, including a trailing one", "[unit][csv]") {
  const auto batch = parse_ok("a,b,c\n,,\n1,,\n");
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[0].values == Values{"", "", ""});
  CHECK(batch.rows[1].values == Values{"1", "", ""});
}

TEST_CASE("csv parse: a quoted line break stays in the value and the record is one row",
          "[unit][csv]") {
  const auto batch = parse_ok("id,note\r\n1,\"line one\r\nline two\"\r\n2,\"a\nb\nc\"\r\n3,x\r\n");
  REQUIRE(batch.rows.size() == 3);
  CHECK(batch.rows[0].values == Values{"1", "line one\r\nline two"});
  CHECK(batch.rows[0].row == 2);
  CHECK(batch.rows[1].values == Values{"2", "a\nb\nc"});
  CHECK(batch.rows[1].row == 3);
  CHECK(batch.rows[2].row == 4);
}

TEST_CASE("csv parse: a UTF-8 byte-order mark is stripped", "[unit][csv]") {
  const auto batch = parse_ok("\xEF\xBB\xBFid,name\n1,Ren\xC3\xA9\x65\n");
  CHECK(batch.header == Values{"id", "name"});
  REQUIRE(batch.rows.size() == 1);
  CHECK(batch.rows[0].values[1] == "Ren\xC3\xA9\x65");
}

TEST_CASE("csv parse: CRLF, LF and lone CR line ends", "[unit][csv]") {
  const Values expected_header{"a", "b"};
  for (const std::string end : {"\r\n", "\n", "\r"}) {
    const auto batch = parse_ok("a,b" + end + "1,2" + end + "3,4" + end);
    CHECK(batch.header == expected_header);
    REQUIRE(batch.rows.size() == 2);
    CHECK(batch.rows[0].values == Values{"1", "2"});
    CHECK(batch.rows[1].values == Values{"3", "4"});
    CHECK(batch.rows[1].row == 3);
  }
  const auto mixed = parse_ok("a,b\r\n1,2\r3,4\n5,6");
  REQUIRE(mixed.rows.size() == 3);
  CHECK(mixed.rows[2].values == Values{"5", "6"});
  CHECK(mixed.rows[2].row == 4);
}

TEST_CASE("csv parse: the last line needs no line end, and a final one adds no row",
          "[unit][csv]") {
  CHECK(parse_ok("a\n1").rows.size() == 1);
  CHECK(parse_ok("a\n1\n").rows.size() == 1);
  CHECK(parse_ok("a\r\n1\r\n").rows.size() == 1);
}

TEST_CASE("csv parse: blank lines are skipped but still counted", "[unit][csv]") {
  const auto batch = parse_ok("a,b\n1,2\n\n\r\n3,4\n\n");
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[0].row == 2);
  CHECK(batch.rows[1].row == 5);
  CHECK(batch.rows[1].values == Values{"3", "4"});
}

TEST_CASE("csv parse: a row with the wrong number of fields is kept with a problem",
          "[unit][csv]") {
  const auto batch = parse_ok("a,b,c\n1,2\n1,2,3,4\nx\n1,2,3\n");
  REQUIRE(batch.rows.size() == 4);
  CHECK(batch.rows[0].problem == "row has 2 fields but the header has 3");
  CHECK(batch.rows[0].values == Values{"1", "2"});
  CHECK(batch.rows[1].problem == "row has 4 fields but the header has 3");
  CHECK(batch.rows[1].values == Values{"1", "2", "3", "4"});
  CHECK(batch.rows[2].problem == "row has 1 field but the header has 3");
  CHECK(batch.rows[3].problem.empty());
}

TEST_CASE("csv parse: an unterminated quote fails the file at the row where it opened",
          "[unit][csv]") {
  const auto error = parse("a,b\n1,2\n3,\"open\n4,5\n6,7\n");
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().code() == core::ErrorCode::Parse);
  CHECK(error.error().where().row == 3);
  CHECK(error.error().describe() ==
        "source 'census', file 'in.csv', row 3: unterminated quote: field 2 opens a quote that "
        "is not closed before the end of the file");
}

TEST_CASE("csv parse: a quote inside an unquoted field flags the row", "[unit][csv]") {
  const auto batch = parse_ok("a,b\n1,5'11\"\n2,x\"y\"z\n");
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[0].values == Values{"1", "5'11\""});
  CHECK(batch.rows[0].problem == "stray quote in unquoted field 2");
  CHECK(batch.rows[1].values == Values{"2", "x\"y\"z"});
  CHECK(batch.rows[1].problem == "stray quote in unquoted field 2");
}

TEST_CASE("csv parse: text after a closing quote fails the file", "[unit][csv]") {
  // "a"b may be an undoubled quote inside a longer quoted value, so the row's end is unknown.
  CHECK(parse_error("a,b\n1,2\n\"a\"b,c\n") ==
        "source 'census', file 'in.csv', row 3: unexpected text after the closing quote of "
        "field 1; a quote inside a quoted field must be doubled (\"\")");
}

TEST_CASE("csv parse: an empty file is an error", "[unit][csv]") {
  CHECK(parse_error("") ==
        "source 'census', file 'in.csv': the file is empty; expected a header at row 1");
  CHECK(parse_error("\xEF\xBB\xBF") ==
        "source 'census', file 'in.csv': the file is empty; expected a header at row 1");
}

TEST_CASE("csv parse: a header with no rows is an empty batch", "[unit][csv]") {
  for (const std::string text : {"id,name", "id,name\n", "id,name\r\n\r\n"}) {
    const auto batch = parse_ok(text);
    CHECK(batch.header == Values{"id", "name"});
    CHECK(batch.rows.empty());
  }
}

TEST_CASE("csv parse: header_row skips title lines as free text", "[unit][csv]") {
  CsvOptions options;
  options.header_row = 2;
  const auto batch = parse_ok("Ward census \"March\", 2024\nid,name\n1,Ann\n\n2,Bob\n", options);
  CHECK(batch.header == Values{"id", "name"});
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[0].row == 3);
  CHECK(batch.rows[1].row == 5);

  options.header_row = 3;
  CHECK(parse_error("title\n", options) ==
        "source 'census', file 'in.csv': the file ends before the header row (row 3; see "
        "header_row)");
}

TEST_CASE("csv parse: header names are trimmed", "[unit][csv]") {
  const auto batch = parse_ok(" id ,\tNHS Number\t,\" DOB \"\n1,2,3\n");
  CHECK(batch.header == Values{"id", "NHS Number", "DOB"});
}

TEST_CASE("csv parse: duplicate, empty and blank headers fail the file", "[unit][csv]") {
  CHECK(parse_error("id,name, id\n1,2,3\n") ==
        "source 'census', file 'in.csv', row 1: columns 1 and 3 of the header have the same name "
        "(is the header row missing? see header_row)");
  CHECK(parse_error("id,,name\n") ==
        "source 'census', file 'in.csv', row 1: column 2 of the header has no name");
  CHECK(parse_error("id,name,\n") ==
        "source 'census', file 'in.csv', row 1: column 3 of the header has no name");
  CHECK(parse_error("\nid\n1\n") ==
        "source 'census', file 'in.csv', row 1: the header row is blank (see header_row)");
  CHECK(parse_error("id,na\"me\n") ==
        "source 'census', file 'in.csv', row 1: the header has a stray quote in unquoted field 2");
}

TEST_CASE("csv parse: other delimiters", "[unit][csv]") {
  CsvOptions options;
  options.delimiter = ';';
  auto batch = parse_ok("a;b\n\"1;x\";2,5\n", options);
  CHECK(batch.rows[0].values == Values{"1;x", "2,5"});
  options.delimiter = '\t';
  batch = parse_ok("a\tb\n1 2\t3\n", options);
  CHECK(batch.rows[0].values == Values{"1 2", "3"});
}

TEST_CASE("csv parse: invalid UTF-8 fails the file at its row", "[unit][csv]") {
  const std::string text = "id,name\n1,Ann\n2,Ren\xE9\x65\n";
  const auto error = parse(text);
  REQUIRE_FALSE(error.has_value());
  CHECK(error.error().code() == core::ErrorCode::Encoding);
  CHECK(error.error().describe() ==
        "source 'census', file 'in.csv', row 3: the file is not valid UTF-8 (if it was saved "
        "from Excel as plain CSV, set encoding: windows-1252)");

  CsvOptions trusted;
  trusted.check_utf8 = false;
  CHECK(parse_ok(text, trusted).rows.size() == 2);
  CHECK(parse_error("title \xFF\nid\n", CsvOptions{',', 2, true}) ==
        "source 'census', file 'in.csv', row 1: the file is not valid UTF-8 (if it was saved "
        "from Excel as plain CSV, set encoding: windows-1252)");
}

TEST_CASE("csv parse: random tables survive a write and read round trip", "[unit][csv]") {
  std::mt19937 random(20240301);
  const std::vector<std::string> pieces{"a", "Zo\xC3\xAB", " ", ",", "\"", "\r", "\n", "\r\n", "9"};
  const std::vector<std::string> line_ends{"\n", "\r\n", "\r"};
  auto pick = [&random](const auto& items) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random)];
  };
  for (int round = 0; round < 200; ++round) {
    const std::size_t width = std::uniform_int_distribution<std::size_t>(1, 5)(random);
    Values header;
    for (std::size_t i = 0; i < width; ++i) {
      header.push_back("col " + std::to_string(i + 1));
    }
    std::vector<Values> rows(std::uniform_int_distribution<std::size_t>(0, 20)(random));
    std::string text = write_record(header, pick(line_ends));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t i = 0; i < width; ++i) {
        std::string field;
        for (auto n = std::uniform_int_distribution<int>(0, 4)(random); n > 0; --n) {
          field += pick(pieces);
        }
        rows[r].push_back(field);
      }
      // Half the files end without a line break after the last record.
      const bool last = r + 1 == rows.size();
      text += write_record(rows[r], last && round % 2 == 0 ? "" : pick(line_ends));
    }
    const auto batch = parse_ok(text);
    REQUIRE(batch.header == header);
    REQUIRE(batch.rows.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      CHECK(batch.rows[i].values == rows[i]);
      CHECK(batch.rows[i].row == i + 2);
      CHECK(batch.rows[i].problem.empty());
    }
  }
}

TEST_CASE("csv parse: arbitrary bytes give rows or an error, never a crash", "[unit][csv]") {
  std::mt19937 random(7);
  const std::string alphabet = "ab,\"\r\n \xC3\xA9\xFF";
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (auto n = std::uniform_int_distribution<int>(0, 40)(random); n > 0; --n) {
      text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    }
    const auto batch = parse(text, CsvOptions{',', 1 + static_cast<std::size_t>(round % 2), true});
    if (!batch) {
      continue;
    }
    std::size_t previous = 0;
    for (const auto& row : batch->rows) {
      CHECK(row.row > previous);
      previous = row.row;
      CHECK((row.values.size() == batch->header.size() || !row.problem.empty()));
    }
  }
}

}  // namespace atpipe::connectors::csv
