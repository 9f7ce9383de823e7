#include "transforms/mapping/normalise.hpp"

#include <algorithm>
#include <cctype>

namespace atpipe::transforms {

std::string trim_copy(std::string_view s) {
  auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && space(s.back())) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

std::optional<std::string> translate_code(const config::CodeMap& map, std::string_view code) {
  if (auto it = map.entries.find(std::string(code)); it != map.entries.end()) {
    return it->second;
  }
  std::string wanted = to_lower(trim_copy(code));
  for (const auto& [from, to] : map.entries) {
    if (to_lower(trim_copy(from)) == wanted) {
      return to;
    }
  }
  return std::nullopt;
}

std::string normalise_code(core::Field field, std::string_view code) {
  switch (field) {
    case core::Field::MhaLegalStatus:
      if (code.size() == 1 && std::isdigit(static_cast<unsigned char>(code[0]))) {
        // Built in place: GCC 12 at -O3 warns falsely (-Wrestrict) on "0" + std::string.
        return std::string{'0', code[0]};
      }
      return std::string(code);
    default:
      // National codes are upper case ("x" -> "X", "nk" -> "NK"); numeric codes are unchanged.
      return to_upper(code);
  }
}

std::optional<std::string> normalise_flag(std::string_view text) {
  std::string t = to_upper(trim_copy(text));
  if (t == "Y" || t == "YES" || t == "TRUE" || t == "1") {
    return "Y";
  }
  if (t == "N" || t == "NO" || t == "FALSE" || t == "0") {
    return "N";
  }
  if (t == "NK" || t == "NOT KNOWN" || t == "UNKNOWN" || t == "U") {
    return "NK";
  }
  return std::nullopt;
}

std::vector<std::string> split_items(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find_first_of(";,", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    auto item = trim_copy(text.substr(start, end - start));
    if (!item.empty()) {
      out.push_back(std::move(item));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace atpipe::transforms
