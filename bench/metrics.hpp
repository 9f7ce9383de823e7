#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/synth/corrupt.hpp"
#include "transforms/linkage/link_result.hpp"

namespace atpipe::bench {

struct Scores {
  std::size_t predicted = 0;
  std::size_t correct = 0;
  std::size_t truth = 0;
  [[nodiscard]] double precision() const;
  [[nodiscard]] double recall() const;
  [[nodiscard]] double f1() const;
};

// A linkage result judged against the generator's truth: all links that are matches; the
// probabilistic stage alone (true pairs the exact join could not make); matches plus reviews
// (what a person would see); and exact pairs that are wrong, which must be none.
// One corruption class: scored over the true pairs and the links whose records (on either
// side) carry that class.
struct ClassScores {
  Scores matches;
  Scores with_reviews;
};
inline constexpr std::size_t kCleanClass = kCorruptionClasses;  // no class on either side

struct Evaluation {
  Scores matches;
  Scores probabilistic;
  Scores with_reviews;
  std::size_t reviews = 0;
  std::size_t reviews_true = 0;
  std::size_t reviews_close_rival = 0;  // the rest were below the match threshold
  std::size_t exact_pairs = 0;
  std::size_t exact_false = 0;
  // Indexed by CorruptionClass, then kCleanClass; empty without the class files.
  std::vector<ClassScores> by_class;
};

// Row classes (a bit per CorruptionClass per data row); optional: none when both are empty.
struct RowClasses {
  std::vector<std::uint32_t> at;
  std::vector<std::uint32_t> census;
};

// One line per data row; an absent file gives an empty list.
[[nodiscard]] std::vector<std::uint32_t> load_classes(const std::string& path);

[[nodiscard]] Evaluation evaluate(const transforms::linkage::LinkageResult& result,
                                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& truth,
                                  std::size_t n_at, const RowClasses& classes = {});

// The per-class table, one line per class that has true pairs or links.
void print_class_table(const Evaluation& e);

// One line: "P 0.9993 R 0.9981 F1 0.9987".
[[nodiscard]] std::string describe(const Scores& s);

}  // namespace atpipe::bench
