#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "connectors/csv/csv_parse.hpp"

namespace atpipe::connectors::csv {
namespace {

const core::Provenance kWhere{"census", "in.csv", 0, ""};

// Rows as text, to compare the parts with the whole file row by row.
std::vector<std::string> rows_of(const std::vector<core::RawRow>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    std::string line = std::to_string(row.row) + ":";
    for (const auto& v : row.values) {
      line += "[" + v + "]";
    }
    out.push_back(line + " " + row.problem);
  }
  return out;
}

struct Parts {
  std::vector<core::RawBatch> parts;
  std::vector<std::size_t> file_rows;
  core::Expected<void> result;
};

Parts parse_parts(const std::string& text, std::size_t rows_per_part) {
  Parts out;
  out.result = parse_csv_parts(text, CsvOptions{}, kWhere, rows_per_part,
                               [&](core::RawBatch part, std::size_t file_rows) {
                                 out.parts.push_back(std::move(part));
                                 out.file_rows.push_back(file_rows);
                                 return core::Expected<void>();
                               });
  return out;
}

// Quoted line breaks, a blank line, a short row and a CRLF row, so that part edges fall
// inside and beside each of them.
const std::string kText =
    "id,note\r\n"
    "1,\"two\nlines\"\n"
    "2,plain\n"
    "\n"
    "3,\"a,b\"\r\n"
    "4\n"
    "5,\"x\r\ny\nz\"\n"
    "6,last\n";

}  // namespace

TEST_CASE("csv read in parts gives the whole file's rows, at every part size", "[unit][csv]") {
  auto whole = parse_csv(kText, CsvOptions{}, kWhere);
  REQUIRE(whole);
  const auto expected = rows_of(whole->rows);
  REQUIRE(expected.size() == 6);
  for (std::size_t size = 1; size <= 8; ++size) {
    INFO("rows per part " << size);
    auto got = parse_parts(kText, size);
    REQUIRE(got.result);
    REQUIRE(got.parts.size() == (6 + size - 1) / size);
    std::vector<core::RawRow> joined;
    for (std::size_t i = 0; i < got.parts.size(); ++i) {
      const auto& part = got.parts[i];
      CHECK(part.file == "in.csv");
      CHECK(part.header == std::vector<std::string>{"id", "note"});
      CHECK(part.rows.size() <= size);
      // Only a file's first part says how many rows to expect, at least as many as there are.
      CHECK((i == 0 ? got.file_rows[i] >= 6 : got.file_rows[i] == 0));
      joined.insert(joined.end(), part.rows.begin(), part.rows.end());
    }
    CHECK(rows_of(joined) == expected);
  }
}

TEST_CASE("csv read in parts hands over one empty part for a header alone", "[unit][csv]") {
  auto got = parse_parts("id,note\n", 4);
  REQUIRE(got.result);
  REQUIRE(got.parts.size() == 1);
  CHECK(got.parts[0].rows.empty());
  CHECK(got.parts[0].header.size() == 2);
}

TEST_CASE("csv read in parts fails on an error after parts were taken", "[unit][csv]") {
  // Rows 2-4 are handed over before the unterminated quote of row 5 is found.
  auto got = parse_parts("id,note\n1,a\n2,b\n3,c\n4,\"open\n", 1);
  REQUIRE_FALSE(got.result);
  CHECK(got.parts.size() == 3);
  auto whole = parse_csv("id,note\n1,a\n2,b\n3,c\n4,\"open\n", CsvOptions{}, kWhere);
  REQUIRE_FALSE(whole);
  CHECK(got.result.error().describe() == whole.error().describe());
}

TEST_CASE("csv read in parts stops at the taker's error", "[unit][csv]") {
  std::size_t taken = 0;
  auto result = parse_csv_parts(
      kText, CsvOptions{}, kWhere, 2, [&](core::RawBatch /*part*/, std::size_t /*rows*/) {
        ++taken;
        return taken == 2 ? core::Expected<void>(core::fail(core::ErrorCode::Parse, "stop", kWhere))
                          : core::Expected<void>();
      });
  REQUIRE_FALSE(result);
  CHECK(taken == 2);
  CHECK(result.error().describe().find("stop") != std::string::npos);
}

}  // namespace atpipe::connectors::csv
