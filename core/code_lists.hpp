#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
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
  [[nodiscard]] std::size_t size() const;
  // Every list name, sorted, once each.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  // list -> version -> codes; every level looked up by view, so a rule's check allocates nothing.
  using Codes = std::set<std::string, std::less<>>;
  using Versions = std::map<std::string, Codes, std::less<>>;
  std::map<std::string, Versions, std::less<>> lists_;
};

}  // namespace atpipe::core
