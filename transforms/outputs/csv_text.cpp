#include "transforms/outputs/csv_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace atpipe::transforms {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

constexpr bool is_control(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

// [+-]digits[.digits]: what a spreadsheet reads as a number, never as a formula.
bool is_plain_number(std::string_view value) {
  std::size_t i = (value[0] == '+' || value[0] == '-') ? 1 : 0;
  std::size_t digits = 0;
  bool point = false;
  for (; i < value.size(); ++i) {
    if (value[i] == '.' && !point && digits > 0) {
      point = true;
      digits = 0;
    } else if (value[i] >= '0' && value[i] <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0;
}

// The bytes that stop a cell going in as it is: controls, the delimiter, a quote, line ends.
constexpr std::array<bool, 256> kNeedsCare = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const auto byte = static_cast<unsigned char>(c);
    table[byte] = is_control(byte) || c == ',' || c == '"' || c == '\r' || c == '\n';
  }
  return table;
}();

bool risky_first(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Eight bytes at a time (SWAR): each test is exact about whether some byte of the word is a
// zero, below `n` (n <= 0x80) or equal to `b`, though not about which.
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
constexpr std::uint64_t any_below(std::uint64_t w, unsigned n) {
  return (w - kOnes * n) & ~w & kHighBits;
}
constexpr std::uint64_t any_equal(std::uint64_t w, unsigned char b) {
  return any_below(w ^ (kOnes * b), 1);
}

// Whether some byte of `value` is in kNeedsCare. A word with a byte below 0x20, a comma, a
// quote or DEL is looked at byte by byte (a TAB is below 0x20 but needs no care).
inline bool needs_care(std::string_view value) {
  const char* p = value.data();
  const std::size_t n = value.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p + i, 8);
    if ((any_below(w, 0x20) | any_equal(w, ',') | any_equal(w, '"') | any_equal(w, 0x7F)) == 0) {
      continue;
    }
    for (std::size_t j = i; j < i + 8; ++j) {
      if (kNeedsCare[static_cast<unsigned char>(p[j])]) {
        return true;
      }
    }
  }
  for (; i < n; ++i) {
    if (kNeedsCare[static_cast<unsigned char>(p[i])]) {
      return true;
    }
  }
  return false;
}

// Copies n bytes, sizeof(Word) <= n <= 2 * sizeof(Word), as two overlapping words: the
// first and the last sizeof(Word) bytes, both loaded before either is stored.
template <typename Word>
inline void copy_overlapping(char* out, const char* from, std::size_t n) {
  Word head = 0;
  Word tail = 0;
  std::memcpy(&head, from, sizeof(Word));
  std::memcpy(&tail, from + n - sizeof(Word), sizeof(Word));
  std::memcpy(out, &head, sizeof(Word));
  std::memcpy(out + n - sizeof(Word), &tail, sizeof(Word));
}

// Copies `n` bytes to `out`: short cells (most are) without a call to memcpy, by two
// overlapping loads and stores that stay within the source's bytes.
inline char* copy_bytes(char* out, const char* from, std::size_t n) {
  if (n >= 8 && n <= 16) {
    copy_overlapping<std::uint64_t>(out, from, n);
  } else if (n >= 4 && n < 8) {
    copy_overlapping<std::uint32_t>(out, from, n);
  } else if (n < 4) {
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = from[i];
    }
  } else {
    std::memcpy(out, from, n);
  }
  return out + n;
}

// `value` with each quote doubled and each control replaced; the runs between them are copied
// whole, found eight bytes at a time.
char* copy_escaped(char* out, std::string_view value) {
  const char* p = value.data();
  const std::size_t n = value.size();
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < n;) {
    if (i + 8 <= n) {
      std::uint64_t w = 0;
      std::memcpy(&w, p + i, 8);
      if ((any_below(w, 0x20) | any_equal(w, '"') | any_equal(w, 0x7F)) == 0) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(p[i]);
    if (is_control(c)) {
      out = copy_bytes(out, p + run, i - run);
      out = copy_bytes(out, kReplacement.data(), kReplacement.size());
      run = i + 1;
    } else if (c == '"') {
      out = copy_bytes(out, p + run, i + 1 - run);
      *out++ = '"';
      run = i + 1;
    }
    ++i;
  }
  return copy_bytes(out, p + run, n - run);
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
  return out;
}

std::string without_controls(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (is_control(static_cast<unsigned char>(c))) {
      out += kReplacement;
    } else {
      out += c;
    }
  }
  return out;
}

std::string spreadsheet_safe(std::string_view value) {
  std::string out = without_controls(value);
  if (out.empty()) {
    return out;
  }
  char first = out[0];
  bool risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
               first == '\r';
  if (risky && !is_plain_number(out)) {
    out.insert(out.begin(), '\'');
  }
  return out;
}

void CsvText::row(const std::vector<std::string>& fields) {
  write_row(fields);
}

void CsvText::row(std::span<const std::string_view> fields) {
  write_row(fields);
}

template <typename Cells>
void CsvText::write_row(const Cells& cells) {
  // The most a cell can become: each byte a 3-byte replacement, quotes, a prefix, a comma.
  std::size_t most = line_end_.size();
  for (const auto& c : cells) {
    most += 3 * c.size() + 4;
  }
  char* out = room(most);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i != 0) {
      *out++ = ',';
    }
    out = cell(out, cells[i]);
  }
  end_row(out);
}

std::string CsvText::made_cells(std::span<const std::string_view> fields) const {
  CsvText text("", safety_);
  text.row(fields);
  return text.str();
}

void CsvText::row(std::span<const Piece> pieces) {
  std::size_t most = line_end_.size();
  for (const auto& piece : pieces) {
    most += (piece.made ? 1 : 3) * piece.text.size() + 4;
  }
  char* out = room(most);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i != 0) {
      *out++ = ',';
    }
    out = pieces[i].made ? copy_bytes(out, pieces[i].text.data(), pieces[i].text.size())
                         : cell(out, pieces[i].text);
  }
  end_row(out);
}

char* CsvText::room(std::size_t bytes) {
  if (text_.size() < used_ + bytes) {
    text_.resize(std::max(used_ + bytes, 2 * text_.size()));
  }
  return text_.data() + used_;
}

void CsvText::end_row(char* out) {
  std::memcpy(out, line_end_.data(), line_end_.size());
  used_ = static_cast<std::size_t>(out - text_.data()) + line_end_.size();
  if (sink_ != nullptr && used_ >= kChunkBytes) {
    flush();
  }
}

const std::string& CsvText::str() const {
  text_.resize(used_);
  return text_;
}

void CsvText::flush() {
  if (sink_ != nullptr) {
    sink_->write(std::string_view(text_.data(), used_));
    used_ = 0;
  }
}

char* CsvText::cell(char* out, std::string_view value) const {
  // Most cells need neither quotes, replacement nor a prefix: they go in as they are.
  const bool risky =
      safety_ == CellSafety::Spreadsheet && !value.empty() && risky_first(value.front());
  if (!risky && !needs_care(value)) {
    return copy_bytes(out, value.data(), value.size());
  }
  // Written in place, as csv_field(spreadsheet_safe(value)) or csv_field(without_controls(
  // value)) would write it: replacing a control never adds a byte that needs quotes, and a
  // risky first byte is never a control, so both can be decided on the value as given.
  const bool prefix = risky && !is_plain_number(value);
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) {
    *out++ = '"';
  }
  if (prefix) {
    *out++ = '\'';
  }
  out = copy_escaped(out, value);
  if (quote) {
    *out++ = '"';
  }
  return out;
}

}  // namespace atpipe::transforms
