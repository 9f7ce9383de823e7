#include "config/yaml_support.hpp"

#include "core/regular_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "config/key_table.hpp"

namespace atpipe::config::detail {
namespace {

// Optimal string alignment distance: a swapped pair of letters ("pahts") counts as one edit,
// which is the typo people make most.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t cols = b.size() + 1;
  std::vector<std::size_t> d((a.size() + 1) * cols);
  auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * cols + j]; };
  for (std::size_t i = 0; i <= a.size(); ++i) {
    at(i, 0) = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    at(0, j) = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

}  // namespace

std::vector<Entry> entries_of(const YAML::Node& map) {
  std::vector<Entry> out;
  try {
    if (!map.IsDefined() || !map.IsMap()) {
      return out;
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
      out.push_back({it->first, it->second});
    }
  } catch (const YAML::Exception&) {
    // An invalid node has no entries; the caller reports the shape problem.
    out.clear();
  }
  return out;
}

const Entry* find_entry(const std::vector<Entry>& entries, std::string_view name) {
  for (const auto& entry : entries) {
    if (entry.key.IsScalar() && entry.key.Scalar() == name) {
      return &entry;
    }
  }
  return nullptr;
}

Mark value_mark(const Entry& entry, const std::filesystem::path& file) {
  if (!entry.value.IsDefined() || entry.value.IsNull()) {
    return mark_of(entry.key, file);
  }
  return mark_of(entry.value, file);
}

std::string describe_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) {
    return "nothing";
  }
  if (node.IsMap()) {
    return "a mapping";
  }
  if (node.IsSequence()) {
    return "a list";
  }
  // Quote short values only: a long one is usually a mistake in indentation, and echoing
  // a paragraph back helps nobody.
  constexpr std::size_t kLongest = 40;
  const std::string& text = node.Scalar();
  if (text.size() > kLongest || text.find('\n') != std::string::npos) {
    return "a text of " + std::to_string(text.size()) + " characters";
  }
  return "'" + text + "'";
}

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 3;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    // A two-letter word is two edits from every other two-letter word; only suggest when
    // the edits leave something of the original.
    if (distance < best_distance && distance < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) {
      out += sep;
    }
    out += items[i];
  }
  return out;
}

std::string quoted_alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) {
      out += i + 1 == items.size() ? " or " : ", ";
    }
    out += "'" + items[i] + "'";
  }
  return out;
}

std::optional<std::string> read_whole_file(const std::filesystem::path& file, std::string& reason) {
  // Config, secrets, code lists and reference data are small; a FIFO, a device or a huge file
  // named by mistake is refused instead of hanging or filling memory.
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 30U;
  auto text = core::read_regular_file(file, core::Provenance{}, kLimit);
  if (!text) {
    // Said of a file the message names already: "No such file or directory", "it is a FIFO".
    const std::string& message = text.error().message();
    const std::string opening = "cannot open the file: ";
    reason = message.rfind(opening, 0) == 0 ? message.substr(opening.size())
             : message.rfind("is ", 0) == 0 ? "it " + message
                                            : message;
    return std::nullopt;
  }
  return std::move(*text);
}

std::optional<long> parse_long(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
  }
  long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string lower;
  for (char c : text) {
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lower == "true" || lower == "yes") {
    return true;
  }
  if (lower == "false" || lower == "no") {
    return false;
  }
  return std::nullopt;
}

std::string first_at(const Mark& first) {
  return " (first at line " + std::to_string(first.line) + ")";
}

}  // namespace atpipe::config::detail
