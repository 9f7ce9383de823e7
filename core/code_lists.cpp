#include "core/code_lists.hpp"

namespace atpipe::core {

void CodeLists::replace_with(const CodeLists& other) {
  for (const auto& [list, versions] : other.lists_) {
    for (const auto& [version, codes] : versions) {
      lists_[list][version] = codes;
    }
  }
}

void CodeLists::add(const std::string& list, const std::string& version,
                    std::vector<std::string> codes) {
  auto& set = lists_[list][version];
  for (auto& c : codes) {
    set.insert(std::move(c));
  }
}

std::optional<bool> CodeLists::contains(std::string_view list, std::string_view version,
                                        std::string_view code) const {
  auto versions = lists_.find(list);
  if (versions == lists_.end()) {
    return std::nullopt;
  }
  auto codes = versions->second.find(version);
  if (codes == versions->second.end()) {
    return std::nullopt;
  }
  return codes->second.find(code) != codes->second.end();
}

bool CodeLists::has(std::string_view list, std::string_view version) const {
  auto versions = lists_.find(list);
  return versions != lists_.end() && versions->second.find(version) != versions->second.end();
}

std::size_t CodeLists::size() const {
  std::size_t n = 0;
  for (const auto& [list, versions] : lists_) {
    n += versions.size();
  }
  return n;
}

std::vector<std::string> CodeLists::names() const {
  std::vector<std::string> out;
  for (const auto& [list, versions] : lists_) {
    out.push_back(list);
  }
  return out;
}

}  // namespace atpipe::core
