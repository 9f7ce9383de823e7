#include "core/text.hpp"

#include <array>
#include <cctype>
#include <cstdio>

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

std::optional<ControlChar> find_control_char(std::string_view text, bool allow_tab) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && !(allow_tab && byte == '\t')) || byte == 0x7F) {
      return ControlChar{i, byte};
    }
    // U+0080-U+009F are C2 80 - C2 9F in UTF-8.
    if (byte == 0xC2 && i + 1 < text.size()) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        return ControlChar{i, next};
      }
    }
  }
  return std::nullopt;
}

std::string describe_control_char(unsigned code) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "U+%04X", code);
  std::string name = code == 0 ? "NUL" : code == 0x7F ? "DEL" : code == '\t' ? "TAB" : "";
  if (code == '\n' || code == '\r') {
    name = "line break";
  }
  return name.empty() ? std::string(buf.data()) : name + " (" + buf.data() + ")";
}

}  // namespace atpipe::core
