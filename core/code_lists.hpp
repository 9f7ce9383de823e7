#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atpipe::core {

// The national code lists, keyed by (list, AT spec version), as loaded from YAML
// (at-spec: "every code list is loaded from YAML keyed by (list, spec_version), never
// hard-coded"). Built once at start-up and then only read; shared by every rule.
class CodeLists {
 public:
  void add(const std::string& list, const std::string& version, std::vector<std::string> codes);
  // Every (list, version) `other` holds replaces this one's; the rest stay.
  void replace_with(const CodeLists& other);

  // nullopt when the list has no entry for that version (a config problem, not a data one).
  [[nodiscard]] std::optional<bool> contains(std::string_view list, std::string_view version,
                                             std::string_view code) const;
  [[nodiscard]] bool has(std::string_view list, std::string_view version) const;
  [[nodiscard]] std::size_t size() const { return lists_.size(); }
  // Every list name, sorted, once each.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::map<std::pair<std::string, std::string>, std::set<std::string>, std::less<>> lists_;
};

}  // namespace atpipe::core
