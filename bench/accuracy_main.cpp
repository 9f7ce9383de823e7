// linkage_accuracy: links each generated data set and prints precision, recall and F1
// against its truth.
//
//   linkage_accuracy DIR...     (each DIR holds at.csv, census.csv, truth.csv)

#include <cstdio>
#include <filesystem>

#include "bench/bench_config.hpp"
#include "bench/lean_csv.hpp"
#include "bench/metrics.hpp"
#include "transforms/linkage/linkage.hpp"

namespace linkage = atpipe::transforms::linkage;
namespace bench = atpipe::bench;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: linkage_accuracy DIR...\n");
    return 2;
  }
  int status = 0;
  std::printf("%-10s %-36s %-36s %-36s %8s %8s\n", "data set", "matches", "probabilistic stage",
              "matches + reviews", "reviews", "exact✗");
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path dir = argv[i];
    bench::LoadedSides sides;
    bench::load_sides(dir / "at.csv", dir / "census.csv", sides);
    std::string error = sides.error;
    const auto truth = bench::load_truth(dir / "truth.csv", error);
    if (!error.empty()) {
      std::fprintf(stderr, "linkage_accuracy: %s\n", error.c_str());
      return 1;
    }
    const auto result = linkage::link(sides.at, sides.census, bench::bench_linkage_config());
    if (!result.has_value()) {
      std::fprintf(stderr, "linkage_accuracy: %s\n", result.error().message().c_str());
      return 1;
    }
    const bench::RowClasses classes{bench::load_classes(dir / "at_classes.txt"),
                                    bench::load_classes(dir / "census_classes.txt")};
    const auto e = bench::evaluate(*result, truth, sides.at.size(), classes);
    std::printf("%-10s %-36s %-36s %-36s %8zu %8zu\n", dir.filename().c_str(),
                bench::describe(e.matches).c_str(), bench::describe(e.probabilistic).c_str(),
                bench::describe(e.with_reviews).c_str(), e.reviews, e.exact_false);
    const auto& s = result->stats;
    std::printf(
        "           %zu x %zu records, %zu exact, %zu/%zu to probabilistic, %zu candidate "
        "pairs, %zu capped blocks (%zu pairs), EM %zu iterations%s, prior %.4g, "
        "%zu of %zu reviews true, %zu for a close rival\n",
        s.at_records, s.census_records, s.exact_pairs, s.at_probabilistic, s.census_probabilistic,
        s.blocking.candidate_pairs, s.blocking.blocks_capped, s.blocking.pairs_skipped,
        result->model.em_iterations, result->model.em_converged ? "" : " (not converged)",
        result->model.prior, e.reviews_true, e.reviews, e.reviews_close_rival);
    bench::print_class_table(e);
    status = e.exact_false == 0 ? status : 1;
  }
  return status;
}
