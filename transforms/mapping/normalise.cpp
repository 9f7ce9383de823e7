#include "transforms/mapping/normalise.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/date_value.hpp"
#include "core/text.hpp"

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

std::optional<double> parse_non_negative(std::string_view text) {
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || number < 0) {
    return std::nullopt;
  }
  return number;
}

CetrHistoryText normalise_cetr_history(std::string_view text, std::span<const std::string> formats,
                                       bool all_parts) {
  std::vector<std::string> entries;
  for (const auto& entry : core::split_items(text, ";")) {
    auto parts = core::split_fields(entry, '|');
    auto when = (all_parts ? parts.size() == 3 : parts.size() <= 3)
                    ? core::parse_date_any(core::trim(parts[0]), formats)
                    : std::nullopt;
    if (!when) {
      return {"", entries.size() + 1};
    }
    parts.resize(3);
    entries.push_back(core::to_iso(*when) + "|" + core::trim(parts[1]) + "|" +
                      core::trim(parts[2]));
  }
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const auto& e : entries) {
    out += (out.empty() ? "" : ";") + e;
  }
  return {out, 0};
}

}  // namespace atpipe::transforms
