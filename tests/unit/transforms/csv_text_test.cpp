#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "transforms/outputs/csv_text.hpp"

using namespace atpipe::transforms;
using namespace std::string_literals;

namespace {

// Every kind of cell: plain, quoted, with controls, formula-like, numbers, empty.
const std::vector<std::string> kCells = {
    "plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "nul\0byte"s, "esc\x1b", "=1+1",
    "+44", "-3.25", "-", "@SUM(A1)", "\t=1", "O'Neill", "Brontë", "a=b",
    // Several treatments in one cell: prefix, quotes and a replaced control together.
    "=x,\"y\"\x02", "-1,5", "\r=1", "+\x7f", "\"=1\""};

std::string expected_row(const std::vector<std::string>& cells, CellSafety safety) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    out += (i == 0 ? "" : ",") + csv_field(safety == CellSafety::Spreadsheet
                                               ? spreadsheet_safe(cells[i])
                                               : without_controls(cells[i]));
  }
  return out + "\n";
}

}  // namespace

TEST_CASE("a row is each cell made safe, then quoted, whichever overload writes it",
          "[unit][outputs]") {
  for (auto safety : {CellSafety::Spreadsheet, CellSafety::Data}) {
    CsvText from_strings("\n", safety);
    from_strings.row(kCells);
    CHECK(from_strings.str() == expected_row(kCells, safety));
    std::vector<std::string_view> views(kCells.begin(), kCells.end());
    CsvText from_views("\n", safety);
    from_views.row(std::span<const std::string_view>(views));
    CHECK(from_views.str() == from_strings.str());
  }
  CsvText data("\n", CellSafety::Data);
  data.row(std::vector<std::string>{"=1", "a,b"});
  CHECK(data.str() == "=1,\"a,b\"\n");
  CsvText sheet;
  sheet.row(std::vector<std::string>{"=1", "-2", "x"});
  CHECK(sheet.str() == "'=1,-2,x\n");
}

TEST_CASE("CSV streamed to a sink in chunks is the text built in memory", "[unit][outputs]") {
  // Rows of every kind of cell, far more than one chunk, so rows cross chunk boundaries.
  CsvText whole("\r\n", CellSafety::Spreadsheet);
  StringSink sink;
  std::size_t chunks = 0;
  class CountingSink final : public ByteSink {
   public:
    CountingSink(StringSink& to, std::size_t& count) : to_(to), count_(count) {}
    void write(std::string_view bytes) override {
      // Whole rows only: each chunk ends a row.
      CHECK(bytes.substr(bytes.size() - 2) == "\r\n");
      ++count_;
      to_.write(bytes);
    }

   private:
    StringSink& to_;
    std::size_t& count_;
  } counting(sink, chunks);
  CsvText streamed("\r\n", CellSafety::Spreadsheet, &counting);
  for (int i = 0; i < 20000; ++i) {
    whole.row(kCells);
    streamed.row(kCells);
  }
  streamed.flush();
  CHECK(chunks > 2);
  CHECK(streamed.str().empty());
  CHECK(sink.take() == whole.str());
}

TEST_CASE("cells of every length and mix of awkward bytes are written as the reference would",
          "[unit][outputs]") {
  // Cells are checked and copied eight bytes at a time: lengths around 4, 8 and 16, with the
  // awkward byte at every position, and runs of them, must all come out as csv_field() of the
  // made-safe value.
  const std::string awkward = ",\"\n\r\t\x01\x7f=+-@' \xC3\xA9"s;
  std::vector<std::string> cells;
  for (std::size_t length = 0; length <= 20; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (char c : awkward) {
        std::string cell(length, 'x');
        cell[at] = c;
        cells.push_back(cell);
        cell.assign(length, c);  // the byte everywhere
        cells.push_back(cell);
      }
    }
  }
  cells.push_back("-12.5");
  cells.push_back("+1234567890123456");
  for (auto safety : {CellSafety::Spreadsheet, CellSafety::Data}) {
    CsvText csv("\r\n", safety);
    std::string expected;
    for (std::size_t i = 0; i + 3 <= cells.size(); i += 3) {
      const std::vector<std::string> row(cells.begin() + static_cast<std::ptrdiff_t>(i),
                                         cells.begin() + static_cast<std::ptrdiff_t>(i) + 3);
      csv.row(row);
      auto line = expected_row(row, safety);
      expected += line.substr(0, line.size() - 1) + "\r\n";
    }
    CHECK(csv.str() == expected);
  }
}

TEST_CASE("a row of made cells and values is the row of the values", "[unit][outputs]") {
  for (auto safety : {CellSafety::Spreadsheet, CellSafety::Data}) {
    for (std::size_t split = 0; split <= kCells.size(); ++split) {
      CsvText plain("\n", safety);
      plain.row(kCells);
      CsvText pieces("\n", safety);
      const std::vector<std::string_view> head(kCells.begin(),
                                               kCells.begin() + static_cast<std::ptrdiff_t>(split));
      const auto made = pieces.made_cells(head);
      std::vector<CsvText::Piece> row;
      if (split > 0) {
        row.push_back({made, true});
      }
      for (std::size_t i = split; i < kCells.size(); ++i) {
        row.push_back({kCells[i], false});
      }
      pieces.row(std::span<const CsvText::Piece>(row));
      CHECK(pieces.str() == plain.str());
    }
  }
}
