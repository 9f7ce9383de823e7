#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "transforms/outputs/byte_sink.hpp"

namespace atpipe::transforms {

// What a cell may hold before it is written. Every file people open in a spreadsheet uses
// Spreadsheet: a cell that Excel or LibreOffice would read as a formula gets a leading `'`
// (OWASP "CSV injection"). The AT return uses Data: it is uploaded, not opened, and a prefix
// would change the value sent. Both replace control characters (see without_controls()).
enum class CellSafety { Spreadsheet, Data };

// Builds RFC 4180 CSV text: fields holding the delimiter, a quote or a line break are quoted
// and quotes doubled. Without a sink the whole text is kept (str()); with one, whole rows are
// handed to it in chunks of about kChunkBytes as they are made, so that a file of a million
// rows is never held in memory (call flush() after the last row). A row is written straight
// into one buffer with room made once for the whole row, and a cell's bytes are checked eight
// at a time: most cells need no care and are copied as they are. Used by one thread.
class CsvText {
 public:
  static constexpr std::size_t kChunkBytes = 256 * 1024;

  explicit CsvText(std::string line_end = "\n", CellSafety safety = CellSafety::Spreadsheet,
                   ByteSink* sink = nullptr)
      : line_end_(std::move(line_end)), safety_(safety), sink_(sink) {}

  void row(const std::vector<std::string>& fields);
  // The same for cells that are views (no copy of each value for the row).
  void row(std::span<const std::string_view> fields);

  // Cells that repeat on many rows (a log's file, a finding's text), made once: the text row()
  // writes for them, commas between them, no line end. Put in a row as a made Piece.
  [[nodiscard]] std::string made_cells(std::span<const std::string_view> fields) const;
  // One or more cells of a row: a value (written as row() writes it) or made_cells() text.
  struct Piece {
    std::string_view text;
    bool made = false;
  };
  // The row whose cells are the pieces' in order: the same text as row() of the values.
  void row(std::span<const Piece> pieces);
  // The text not yet handed to the sink (all of it when there is none).
  [[nodiscard]] const std::string& str() const;
  // Hands what is left to the sink.
  void flush();

 private:
  template <typename Cells>
  void write_row(const Cells& cells);
  // At least `bytes` of room after the text; where it starts.
  char* room(std::size_t bytes);
  [[nodiscard]] char* cell(char* out, std::string_view value) const;
  void end_row(char* out);

  std::string line_end_;
  CellSafety safety_;
  ByteSink* sink_;
  // The text is text_[0, used_); the rest is room for the next rows. str() trims it.
  mutable std::string text_;
  mutable std::size_t used_ = 0;
};

// RFC 4180 quoting only; the value is otherwise written as given.
[[nodiscard]] std::string csv_field(std::string_view value);

// The value with every control character other than TAB, LF and CR (C0, DEL) replaced by
// U+FFFD, so that no NUL or escape byte reaches a file while the damage stays visible.
[[nodiscard]] std::string without_controls(std::string_view value);

// without_controls(), then a leading `'` when the cell starts with `=`, `+`, `-`, `@`, TAB or
// CR. A plain number (`-3.25`, `+44`) is left alone: it cannot be a formula.
[[nodiscard]] std::string spreadsheet_safe(std::string_view value);

}  // namespace atpipe::transforms
