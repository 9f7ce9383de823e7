#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/field.hpp"
#include "core/provenance.hpp"

namespace atpipe::core {

enum class Severity { Warning, Error };

// One rule outcome on one record. The message names fields, never their values, so
// findings can be logged and written to reject logs without leaking personal data.
struct Finding {
  Finding() = default;
  Finding(std::string rule_id, Severity sev, std::string field_name, std::string text,
          Provenance at = {})
      : rule(std::move(rule_id)),
        severity(sev),
        field(std::move(field_name)),
        message(std::move(text)),
        where(std::move(at)) {}

  std::string rule;  // "AT-R013"
  Severity severity = Severity::Error;
  std::string field;  // canonical field name, or "" for whole-record rules
  std::string message;
  // Set on findings about a merged patient: the source row the offending value came from.
  // Empty means "the record's own provenance".
  Provenance where;
};

// A record in canonical form: normalised values indexed by Field, where it came from, and
// what the mapping and validation found. Owned by the pipeline; not shared between threads.
// All values sit in one buffer (a row is one allocation), found through a 2-byte offset per
// field, so a record is cheap to copy, to move and to keep by the million. A value longer
// than kInlineMax is held on its own (rare: free text), never cut.
//
// A view from get() lasts until the next set() on the same record (set may regrow or compact
// the buffer); moving the record, or the vector holding it, keeps the view valid.
class Record {
 public:
  // Longest value held in the shared buffer; 64 fields of this size still fit 15-bit offsets.
  static constexpr std::size_t kInlineMax = 500;

  Record() { at_.fill(kUnset); }
  Record(const Record& other);
  Record(Record&& other) noexcept;
  Record& operator=(const Record& other);
  Record& operator=(Record&& other) noexcept;
  ~Record() = default;

  // The field's value, "" when unset. See the class comment for how long the view lasts.
  [[nodiscard]] std::string_view get(Field f) const {
    const std::uint16_t at = at_[static_cast<std::size_t>(f)];
    if (at == kUnset) {
      return {};
    }
    if ((at & kSpilled) != 0) {
      return (*spill_)[at & kSpillIndex];
    }
    const char* p = buf_.data() + at;
    const auto len = static_cast<unsigned char>(p[0]);
    if (len != kLongLength) {
      return {p + 1, len};
    }
    std::uint16_t long_len = 0;
    std::memcpy(&long_len, p + 1, sizeof long_len);
    return {p + 3, long_len};
  }
  // Sets the field; "" unsets it (an unset field stays unset). `value` may be a view from
  // this record.
  void set(Field f, std::string_view value);
  [[nodiscard]] bool has(Field f) const { return at_[static_cast<std::size_t>(f)] != kUnset; }

  // Room for `bytes` more bytes of encoded values (see encoded_size), so that the sets that
  // follow do not regrow the buffer.
  void reserve(std::size_t bytes) { buf_.reserve(buf_.size() + bytes); }
  // What a value of `size` bytes takes in the buffer.
  [[nodiscard]] static constexpr std::size_t encoded_size(std::size_t size) {
    return size < kLongLength ? size + 1 : size + 3;
  }

  [[nodiscard]] bool rejected() const {
    for (const auto& f : findings) {
      if (f.severity == Severity::Error) {
        return true;
      }
    }
    return false;
  }

  Provenance where;  // source, file, row; field unset
  int precedence = 0;
  std::vector<Finding> findings;

 private:
  static constexpr std::uint16_t kUnset = 0xFFFF;
  static constexpr std::uint16_t kSpilled = 0x8000;  // low bits index spill_
  static constexpr std::uint16_t kSpillIndex = 0x7FFF;
  static constexpr std::size_t kMaxBuffer = 0x8000;   // offsets stay below kSpilled
  static constexpr unsigned char kLongLength = 0xFF;  // a 2-byte length follows

  [[nodiscard]] bool holds(std::string_view value) const;
  void release(std::uint16_t& at);
  void append(std::uint16_t& at, std::string_view value);
  void spill(std::uint16_t& at, std::string_view value);
  void compact();

  std::array<std::uint16_t, kFieldCount> at_;        // offset into buf_, kSpilled|index, or kUnset
  std::uint16_t dead_ = 0;                           // bytes of buf_ no field points at
  std::vector<char> buf_;                            // length-prefixed values
  std::unique_ptr<std::vector<std::string>> spill_;  // values over kInlineMax
};

}  // namespace atpipe::core
