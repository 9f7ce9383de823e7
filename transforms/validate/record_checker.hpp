#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/code_lists.hpp"
#include "core/record.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {

// Checks source rows against the record-level rules (validate_record) one after another,
// remembering its code-list answers: an extract repeats the same few codes on every row, and
// looking each one up again was most of the checking. Owned by one thread; `ctx` (and the code
// lists it names) must outlive it.
class RecordChecker {
 public:
  explicit RecordChecker(const RuleContext& ctx);

  // validate_record(record, ctx).
  void check(core::Record& record);

  // rule_detail::in_list() for the record being checked: `value` is in the code list `list`
  // of the record's spec version (or of the version at the cut, when its own is unknown).
  [[nodiscard]] bool in_list(std::string_view list, std::string_view value);

  [[nodiscard]] const RuleContext& context() const { return ctx_; }

 private:
  const RuleContext& ctx_;
  const core::CodeLists& lists_;
  std::string version_;  // the lists' version for the record being checked
  std::string key_;      // reused for each lookup
  std::unordered_map<std::string, bool> known_;
};

}  // namespace atpipe::transforms
