#include "transforms/mapping/normalise.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace atpipe::transforms {

std::string trim_copy(std::string_view s) {
  return core::trim(s);
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

}  // namespace atpipe::transforms
