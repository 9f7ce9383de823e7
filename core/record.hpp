#pragma once

#include <array>
#include <cstdint>
#include <string>
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
// Only the fields that hold a value take room (a row sets a few dozen of the 64), so a record
// is cheap to move and to keep by the hundred thousand. set() of a field not yet held may
// move the other values: a reference from get() lasts until the next set() on the record.
class Record {
 public:
  Record() { slot_.fill(kUnset); }

  [[nodiscard]] const std::string& get(Field f) const {
    const auto slot = slot_[static_cast<std::size_t>(f)];
    return slot == kUnset ? empty() : values_[slot];
  }
  void set(Field f, std::string value) {
    auto& slot = slot_[static_cast<std::size_t>(f)];
    if (slot != kUnset) {
      values_[slot] = std::move(value);
    } else if (!value.empty()) {
      slot = static_cast<std::uint8_t>(values_.size());
      values_.push_back(std::move(value));
    }
  }
  [[nodiscard]] bool has(Field f) const { return !get(f).empty(); }

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
  static constexpr std::uint8_t kUnset = 0xFF;
  static_assert(kFieldCount < kUnset);

  static const std::string& empty() {
    static const std::string none;
    return none;
  }

  std::array<std::uint8_t, kFieldCount> slot_;  // index into values_, or kUnset
  std::vector<std::string> values_;
};

}  // namespace atpipe::core
