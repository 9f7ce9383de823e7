#include "core/text.hpp"

#include <cctype>

namespace atpipe::core {

std::string trim(std::string_view text) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && space(text.back())) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::vector<std::string> split_items(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    auto end = text.find_first_of(separators, start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    if (auto item = trim(text.substr(start, end - start)); !item.empty()) {
      out.push_back(std::move(item));
    }
    start = end + 1;
  }
  return out;
}

std::vector<std::string> split_fields(std::string_view text, char sep) {
  std::vector<std::string> out;
  for (std::size_t start = 0;;) {
    auto end = text.find(sep, start);
    if (end == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      return out;
    }
    out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace atpipe::core
