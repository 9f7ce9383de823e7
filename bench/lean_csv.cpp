#include "bench/lean_csv.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <thread>

namespace atpipe::bench {
namespace {

bool read_all(const std::filesystem::path& path, std::string& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return false;
  }
  std::error_code ec;
  out.resize(std::filesystem::file_size(path, ec));
  const bool ok = !ec && std::fread(out.data(), 1, out.size(), f) == out.size();
  std::fclose(f);
  return ok;
}

// Splits one line into at most out.size() fields; returns how many it found.
std::size_t split(std::string_view line, std::array<std::string_view, 16>& out) {
  std::size_t n = 0;
  std::size_t start = 0;
  while (n < out.size()) {
    const std::size_t comma = line.find(',', start);
    out[n++] = line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return n;
}

std::string_view next_line(std::string_view text, std::size_t& pos) {
  const std::size_t end = text.find('\n', pos);
  std::string_view line = text.substr(pos, end == text.npos ? text.npos : end - pos);
  pos = end == text.npos ? text.size() : end + 1;
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

std::size_t load_link_side(const std::filesystem::path& path, transforms::linkage::LinkSide& side,
                           std::string& error) {
  std::string text;
  if (!read_all(path, text)) {
    error = "cannot read " + path.string();
    return 0;
  }
  const std::string_view all(text);
  std::size_t pos = 0;
  std::array<std::string_view, 16> cells{};
  const std::size_t n_header = split(next_line(all, pos), cells);
  static constexpr std::array<std::string_view, 6> kWanted = {
      "nhs_number", "surname", "forename", "date_of_birth", "postcode", "gender"};
  std::array<std::size_t, 6> column{};
  for (std::size_t w = 0; w < kWanted.size(); ++w) {
    const auto* it = std::find(cells.begin(), cells.begin() + n_header, kWanted[w]);
    if (it == cells.begin() + n_header) {
      error = path.string() + ": no column '" + std::string(kWanted[w]) + "'";
      return 0;
    }
    column[w] = static_cast<std::size_t>(it - cells.begin());
  }
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  side.reserve(lines, lines * 14);
  std::size_t rows = 0;
  while (pos < all.size()) {
    const std::string_view line = next_line(all, pos);
    if (line.empty()) {
      continue;
    }
    if (split(line, cells) != n_header) {
      error = path.string() + ": row " + std::to_string(rows + 2) + " has the wrong field count";
      return 0;
    }
    side.add({cells[column[0]], cells[column[1]], cells[column[2]], cells[column[3]],
              cells[column[4]], cells[column[5]]});
    ++rows;
  }
  return rows;
}

void load_sides(const std::filesystem::path& at_csv, const std::filesystem::path& census_csv,
                LoadedSides& out) {
  std::string census_error;
  std::thread census([&] { (void)load_link_side(census_csv, out.census, census_error); });
  (void)load_link_side(at_csv, out.at, out.error);
  census.join();
  if (out.error.empty()) {
    out.error = census_error;
  }
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> load_truth(const std::filesystem::path& path,
                                                                std::string& error) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  std::string text;
  if (!read_all(path, text)) {
    error = "cannot read " + path.string();
    return out;
  }
  std::size_t pos = 0;
  next_line(text, pos);
  while (pos < text.size()) {
    const std::string_view line = next_line(text, pos);
    const std::size_t comma = line.find(',');
    if (comma == line.npos) {
      continue;
    }
    out.emplace_back(std::stoul(std::string(line.substr(0, comma))),
                     std::stoul(std::string(line.substr(comma + 1))));
  }
  return out;
}

}  // namespace atpipe::bench
