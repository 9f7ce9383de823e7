#pragma once

#include <array>
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
class Record {
 public:
  [[nodiscard]] const std::string& get(Field f) const {
    return values_[static_cast<std::size_t>(f)];
  }
  void set(Field f, std::string value) { values_[static_cast<std::size_t>(f)] = std::move(value); }
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
  std::array<std::string, kFieldCount> values_{};
};

}  // namespace atpipe::core
