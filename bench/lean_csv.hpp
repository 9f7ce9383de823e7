#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "transforms/linkage/link_side.hpp"

namespace atpipe::bench {

// Reads a plain (unquoted) CSV with the columns nhs_number, surname, forename,
// date_of_birth, postcode and gender straight into a LinkSide, one row at a time, so that
// peak memory is the file plus the compact records rather than a string per cell. Values
// still go through the project's normalisation (LinkSide::add). Returns rows read, or sets
// `error`. One call per thread; two files load in parallel.
[[nodiscard]] std::size_t load_link_side(const std::filesystem::path& path,
                                         transforms::linkage::LinkSide& side, std::string& error);

// Both sides of a generated data set, each in its own date format (AT dd/mm/yyyy as
// providers send it, census ISO), loaded on two threads.
struct LoadedSides {
  transforms::linkage::LinkSide at{"%d/%m/%Y"};
  transforms::linkage::LinkSide census{"%Y-%m-%d"};
  std::string error;  // empty when both loaded
};

void load_sides(const std::filesystem::path& at_csv, const std::filesystem::path& census_csv,
                LoadedSides& out);

// truth.csv: at_row,census_row per true pair.
[[nodiscard]] std::vector<std::pair<std::uint32_t, std::uint32_t>> load_truth(
    const std::filesystem::path& path, std::string& error);

}  // namespace atpipe::bench
