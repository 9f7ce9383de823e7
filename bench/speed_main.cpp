// linkage_speed: reads and normalises two CSV extracts, links them, and prints the time of
// each stage (and, given a truth file, precision and recall).
//
//   linkage_speed AT.csv CENSUS.csv [TRUTH.csv]

#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "bench/bench_config.hpp"
#include "bench/lean_csv.hpp"
#include "bench/metrics.hpp"
#include "transforms/linkage/linkage.hpp"

namespace linkage = atpipe::transforms::linkage;
namespace bench = atpipe::bench;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: linkage_speed AT.csv CENSUS.csv [TRUTH.csv]\n");
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  bench::LoadedSides sides;
  bench::load_sides(argv[1], argv[2], sides);
  if (!sides.error.empty()) {
    std::fprintf(stderr, "linkage_speed: %s\n", sides.error.c_str());
    return 1;
  }
  const auto loaded = Clock::now();
  const auto result = linkage::link(sides.at, sides.census, bench::bench_linkage_config());
  if (!result.has_value()) {
    std::fprintf(stderr, "linkage_speed: %s\n", result.error().message().c_str());
    return 1;
  }
  const auto linked = Clock::now();
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  const auto& s = result->stats;
  std::printf("read+normalise %.2f s (%zu + %zu records)\n", secs(start, loaded), s.at_records,
              s.census_records);
  std::printf("exact join     %.2f s (%zu pairs, %zu duplicate-number records)\n", s.seconds_exact,
              s.exact_pairs, s.duplicate_nhs_records);
  std::printf(
      "blocking+cmp   %.2f s (%zu x %zu records, %zu candidate pairs, %zu capped "
      "blocks, %zu pairs skipped)\n",
      s.seconds_blocking, s.at_probabilistic, s.census_probabilistic, s.blocking.candidate_pairs,
      s.blocking.blocks_capped, s.blocking.pairs_skipped);
  std::string per_rule;
  for (std::size_t n : s.blocking.pairs_per_rule) {
    per_rule += (per_rule.empty() ? "" : " / ") + std::to_string(n);
  }
  std::printf("  rules        %s: %s new pairs\n",
              bench::describe_blocking(bench::bench_linkage_config()).c_str(), per_rule.c_str());
  std::printf("em             %.2f s (%zu patterns, %zu iterations)\n", s.seconds_em,
              s.distinct_patterns, result->model.em_iterations);
  std::printf("score+assign   %.2f s (%zu probabilistic matches, %zu reviews)\n",
              s.seconds_assignment, s.probabilistic_matches, s.reviews);
  std::printf("link total     %.2f s\n", secs(loaded, linked));
  std::printf("end to end     %.2f s\n", secs(start, linked));
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak RSS       %.0f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  if (argc > 3) {
    std::string error;
    const auto truth = bench::load_truth(argv[3], error);
    if (!error.empty()) {
      std::fprintf(stderr, "linkage_speed: %s\n", error.c_str());
      return 1;
    }
    const auto e = bench::evaluate(*result, truth, sides.at.size());
    std::printf("accuracy       matches %s; probabilistic %s; exact pairs wrong: %zu\n",
                bench::describe(e.matches).c_str(), bench::describe(e.probabilistic).c_str(),
                e.exact_false);
  }
  return 0;
}
