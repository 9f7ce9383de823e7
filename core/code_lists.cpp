#include "core/code_lists.hpp"

namespace atpipe::core {

void CodeLists::replace_with(const CodeLists& other) {
  for (const auto& [key, codes] : other.lists_) {
    lists_[key] = codes;
  }
}

void CodeLists::add(const std::string& list, const std::string& version,
                    std::vector<std::string> codes) {
  auto& set = lists_[{list, version}];
  for (auto& c : codes) {
    set.insert(std::move(c));
  }
}

std::optional<bool> CodeLists::contains(std::string_view list, std::string_view version,
                                        std::string_view code) const {
  auto it = lists_.find(std::make_pair(std::string(list), std::string(version)));
  if (it == lists_.end()) {
    return std::nullopt;
  }
  return it->second.count(std::string(code)) != 0;
}

bool CodeLists::has(std::string_view list, std::string_view version) const {
  return lists_.count(std::make_pair(std::string(list), std::string(version))) != 0;
}

std::vector<std::string> CodeLists::names() const {
  std::vector<std::string> out;
  for (const auto& [key, codes] : lists_) {
    if (out.empty() || out.back() != key.first) {
      out.push_back(key.first);
    }
  }
  return out;
}

}  // namespace atpipe::core
