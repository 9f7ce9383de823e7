#include "transforms/linkage/assignment.hpp"

#include <algorithm>
#include <tuple>

namespace atpipe::transforms::linkage {
namespace {

// Per-record lists of pair positions, in the (descending weight) order of the pairs.
struct Adjacency {
  std::vector<std::uint32_t> offsets;
  std::vector<std::uint32_t> items;

  Adjacency(const std::vector<ScoredPair>& pairs, std::size_t n, bool at_side)
      : offsets(n + 1, 0), items(pairs.size()) {
    for (const auto& p : pairs) {
      ++offsets[(at_side ? p.at : p.census) + 1];
    }
    for (std::size_t i = 0; i < n; ++i) {
      offsets[i + 1] += offsets[i];
    }
    std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const auto& p = pairs[k];
      items[fill[at_side ? p.at : p.census]++] = static_cast<std::uint32_t>(k);
    }
  }
};

}  // namespace

std::vector<LinkedPair> assign_one_to_one(std::vector<ScoredPair> scored, std::size_t n_at,
                                          std::size_t n_census, double match_threshold,
                                          double close_margin) {
  std::sort(scored.begin(), scored.end(), [](const ScoredPair& a, const ScoredPair& b) {
    return std::tie(b.weight, a.at, a.census) < std::tie(a.weight, b.at, b.census);
  });
  const Adjacency by_at(scored, n_at, true);
  const Adjacency by_census(scored, n_census, false);
  std::vector<bool> at_taken(n_at, false);
  std::vector<bool> census_taken(n_census, false);
  std::vector<LinkedPair> out;

  for (std::size_t k = 0; k < scored.size(); ++k) {
    const ScoredPair& p = scored[k];
    if (at_taken[p.at] || census_taken[p.census]) {
      continue;
    }
    // The strongest other candidate of either record whose other end is still free: pairs
    // before k are stronger, and their free records could still be this pair's partner.
    const ScoredPair* rival = nullptr;
    auto consider = [&](const Adjacency& adj, std::uint32_t record, bool at_side) {
      for (std::uint32_t i = adj.offsets[record]; i < adj.offsets[record + 1]; ++i) {
        const ScoredPair& q = scored[adj.items[i]];
        if (q.weight < p.weight - close_margin) {
          break;
        }
        if (adj.items[i] == k || (at_side ? census_taken[q.census] : at_taken[q.at])) {
          continue;
        }
        if (rival == nullptr || q.weight > rival->weight) {
          rival = &q;
        }
        break;
      }
    };
    consider(by_at, p.at, true);
    consider(by_census, p.census, false);

    LinkedPair out_pair;
    out_pair.at = p.at;
    out_pair.census = p.census;
    out_pair.method = LinkMethod::Probabilistic;
    out_pair.levels = p.pattern;
    out_pair.weight = p.weight;
    out_pair.probability = p.probability;
    if (rival != nullptr) {
      out_pair.status = LinkStatus::Review;
      out_pair.reason = ReviewReason::CloseRival;
      out_pair.rival_at = rival->at;
      out_pair.rival_census = rival->census;
      out_pair.rival_weight = rival->weight;
    } else if (p.probability < match_threshold) {
      out_pair.status = LinkStatus::Review;
      out_pair.reason = ReviewReason::BelowMatchThreshold;
    }
    at_taken[p.at] = true;
    census_taken[p.census] = true;
    out.push_back(out_pair);
  }
  return out;
}

}  // namespace atpipe::transforms::linkage
