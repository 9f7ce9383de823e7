#include "core/ods_code.hpp"

#include <algorithm>
#include <cctype>

namespace atpipe::core {
namespace {

bool alnum_upper(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

}  // namespace

std::string normalise_ods(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

bool ods_shape_ok(std::string_view code, OdsKind kind) {
  if (!alnum_upper(code)) {
    return false;
  }
  switch (kind) {
    case OdsKind::Commissioner:
      return code.size() == 3 || code.size() == 5;
    case OdsKind::Provider:
      return (code.size() == 3 && (code[0] == 'R' || code[0] == 'N')) || code.size() == 5;
    case OdsKind::ProviderSite:
      return code.size() == 5;
  }
  return false;
}

}  // namespace atpipe::core
