#include <cstdlib>

#include "config/key_table.hpp"

namespace atpipe::config {
namespace {

bool valid_env_name(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) {
    return false;
  }
  for (char c : name) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> interpolate_env(std::string_view text, const Mark& mark,
                                           Diagnostics& diag) {
  std::string out;
  out.reserve(text.size());
  bool ok = true;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool reference = text[i] == '$' && i + 1 < text.size();
    if (reference && text[i + 1] == '$') {
      out.push_back('$');
      i += 2;
      continue;
    }
    // A '$' not followed by '{' is ordinary text ("Cost $"), as in a shell.
    if (!reference || text[i + 1] != '{') {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      diag.error(mark, "unclosed '${' (write '$$' for a literal '$')");
      return std::nullopt;
    }
    const std::string_view body = text.substr(i + 2, close - i - 2);
    const std::size_t sep = body.find(":-");
    const std::string name(body.substr(0, sep));
    i = close + 1;
    if (!valid_env_name(name)) {
      diag.error(mark, "invalid environment variable name '" + name + "'");
      ok = false;
      continue;
    }
    // Shell semantics: ${VAR:-x} also replaces a variable that is set but empty.
    const char* value = std::getenv(name.c_str());
    if (value != nullptr && (*value != '\0' || sep == std::string_view::npos)) {
      out += value;
    } else if (sep != std::string_view::npos) {
      out += body.substr(sep + 2);
    } else {
      diag.error(mark, "environment variable '" + name + "' is not set");
      ok = false;
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

}  // namespace atpipe::config
