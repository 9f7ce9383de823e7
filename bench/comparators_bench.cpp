// Google Benchmark micro-benchmarks of the per-pair work: what blocking multiplies.

#include <benchmark/benchmark.h>

#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/jaro_winkler.hpp"
#include "transforms/linkage/soundex.hpp"

namespace linkage = atpipe::transforms::linkage;

static void BM_JaroWinkler(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(linkage::jaro_winkler("KOWALSKI", "KOWALSKY"));
  }
}
BENCHMARK(BM_JaroWinkler);

static void BM_Soundex(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(linkage::soundex_code("Tymczak"));
  }
}
BENCHMARK(BM_Soundex);

static void BM_ComparePair(benchmark::State& state) {
  linkage::LinkSide at;
  linkage::LinkSide census;
  at.add({"9434765919", "Kowalski", "Piotr", "1969-09-09", "NN3 6HP", "1"});
  census.add({"", "KOWALSKY", "PIOTR", "1969-09-09", "NN3 6HQ", "1"});
  const linkage::Comparator cmp(linkage::default_linkage_config().comparisons);
  for (auto _ : state) {
    benchmark::DoNotOptimize(cmp.compare(at, at[0], census, census[0]));
  }
}
BENCHMARK(BM_ComparePair);

BENCHMARK_MAIN();
