#include "transforms/linkage/blocking.hpp"

#include <algorithm>
#include <string_view>

#include "transforms/linkage/date_compare.hpp"
#include "transforms/linkage/parallel.hpp"
#include "transforms/linkage/soundex.hpp"

namespace atpipe::transforms::linkage {
namespace {

// splitmix64's finaliser: cheap, and spreads similar inputs (consecutive dates) well.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

std::uint64_t prefix_value(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v = (v << 8) | static_cast<unsigned char>(p[i]);
  }
  return v;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  return h;
}

// The value of one key part, or 0 when the record lacks it.
std::uint64_t part_value(BlockPart part, const LinkSide& side, const CompactRecord& r) {
  switch (part) {
    case BlockPart::NhsNumber:
      return r.nhs;
    case BlockPart::DateOfBirth:
      return r.dob == kNoDate ? 0
                              : static_cast<std::uint64_t>(static_cast<std::uint32_t>(r.dob)) + 1;
    case BlockPart::BirthYear:
      return r.dob_ymd == 0 ? 0 : static_cast<std::uint64_t>(r.dob_ymd / 10000 + 10000);
    case BlockPart::Postcode:
      return r.outward_len == 0 ? 0 : prefix_value(r.postcode, sizeof r.postcode);
    case BlockPart::PostcodeSector:
      return r.outward_len == 0 ? 0 : prefix_value(r.postcode, r.outward_len + 2U);
    case BlockPart::PostcodeDistrict:
      return r.outward_len == 0 ? 0 : prefix_value(r.postcode, r.outward_len);
    case BlockPart::Sex:
      return r.sex;
    case BlockPart::Surname:
      return side.surname(r).empty() ? 0 : fnv1a(side.surname(r));
    case BlockPart::SurnameSoundex:
      return soundex_code(side.surname(r));
    case BlockPart::ForenameSoundex:
      return soundex_code(side.forename(r));
    case BlockPart::SurnameInitial:
      return side.surname(r).empty() ? 0 : static_cast<unsigned char>(side.surname(r)[0]);
    case BlockPart::ForenameInitial:
      return side.forename(r).empty() ? 0 : static_cast<unsigned char>(side.forename(r)[0]);
  }
  return 0;
}

struct KeyPos {
  std::uint64_t key;
  std::uint32_t pos;  // position in the ids list, not the record index
};

struct Block {
  std::uint32_t rule;
  std::uint32_t a_begin, a_end, c_begin, c_end;
  [[nodiscard]] std::size_t pairs() const {
    return static_cast<std::size_t>(a_end - a_begin) * (c_end - c_begin);
  }
};

std::vector<std::uint64_t> keys_of(const BlockingRule& rule, const LinkSide& side,
                                   const std::vector<std::uint32_t>& ids) {
  std::vector<std::uint64_t> keys(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    keys[i] = block_key(rule, side, side[ids[i]]);
  }
  return keys;
}

std::vector<KeyPos> sorted_keys(const std::vector<std::uint64_t>& keys) {
  std::vector<KeyPos> out;
  out.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] != 0) {
      out.push_back({keys[i], static_cast<std::uint32_t>(i)});
    }
  }
  std::sort(out.begin(), out.end(), [](const KeyPos& x, const KeyPos& y) {
    return x.key != y.key ? x.key < y.key : x.pos < y.pos;
  });
  return out;
}

}  // namespace

std::uint64_t block_key(const BlockingRule& rule, const LinkSide& side, const CompactRecord& r) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (BlockPart part : rule.parts) {
    const std::uint64_t v = part_value(part, side, r);
    if (v == 0) {
      return 0;
    }
    h = mix(h ^ mix(v + static_cast<std::uint64_t>(part)));
  }
  return h == 0 ? 1 : h;
}

Candidates generate_candidates(const LinkSide& at, const std::vector<std::uint32_t>& at_ids,
                               const LinkSide& census, const std::vector<std::uint32_t>& census_ids,
                               const std::vector<BlockingRule>& rules, const Comparator& comparator,
                               std::size_t max_block_pairs, unsigned threads) {
  const std::size_t n_rules = rules.size();
  std::vector<std::vector<std::uint64_t>> at_keys(n_rules);
  std::vector<std::vector<std::uint64_t>> census_keys(n_rules);
  std::vector<std::vector<KeyPos>> at_sorted(n_rules);
  std::vector<std::vector<KeyPos>> census_sorted(n_rules);
  parallel_for(2 * n_rules, threads, [&](std::size_t t) {
    const std::size_t r = t / 2;
    if (t % 2 == 0) {
      at_keys[r] = keys_of(rules[r], at, at_ids);
      at_sorted[r] = sorted_keys(at_keys[r]);
    } else {
      census_keys[r] = keys_of(rules[r], census, census_ids);
      census_sorted[r] = sorted_keys(census_keys[r]);
    }
  });

  Candidates out;
  out.stats.pairs_per_rule.assign(n_rules, 0);
  std::vector<Block> blocks;
  std::vector<std::vector<std::uint64_t>> capped(n_rules);  // sorted: searched by workers
  for (std::size_t r = 0; r < n_rules; ++r) {
    const auto& as = at_sorted[r];
    const auto& cs = census_sorted[r];
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < as.size() && j < cs.size()) {
      if (as[i].key < cs[j].key) {
        ++i;
      } else if (cs[j].key < as[i].key) {
        ++j;
      } else {
        const std::uint64_t key = as[i].key;
        std::size_t i_end = i;
        std::size_t j_end = j;
        while (i_end < as.size() && as[i_end].key == key) {
          ++i_end;
        }
        while (j_end < cs.size() && cs[j_end].key == key) {
          ++j_end;
        }
        const Block b{static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(i),
                      static_cast<std::uint32_t>(i_end), static_cast<std::uint32_t>(j),
                      static_cast<std::uint32_t>(j_end)};
        if (b.pairs() > max_block_pairs) {
          ++out.stats.blocks_capped;
          out.stats.pairs_skipped += b.pairs();
          capped[r].push_back(key);
        } else {
          blocks.push_back(b);
        }
        i = i_end;
        j = j_end;
      }
    }
  }

  // Chunks of roughly equal work, emitted in order so the result does not depend on timing.
  std::size_t total = 0;
  for (const auto& b : blocks) {
    total += b.pairs();
  }
  const std::size_t per_chunk = std::max<std::size_t>(total / (16 * std::max(1U, threads)), 4096);
  std::vector<std::size_t> chunk_start{0};
  std::size_t acc = 0;
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    acc += blocks[k].pairs();
    if (acc >= per_chunk) {
      chunk_start.push_back(k + 1);
      acc = 0;
    }
  }
  if (chunk_start.back() != blocks.size()) {
    chunk_start.push_back(blocks.size());
  }
  const std::size_t n_chunks = chunk_start.size() - 1;
  std::vector<std::vector<CandidatePair>> chunk_pairs(n_chunks);
  std::vector<std::vector<std::size_t>> chunk_rule_counts(n_chunks,
                                                          std::vector<std::size_t>(n_rules, 0));

  auto met_earlier = [&](std::size_t rule, std::uint32_t a_pos, std::uint32_t c_pos) {
    for (std::size_t e = 0; e < rule; ++e) {
      const std::uint64_t k = at_keys[e][a_pos];
      if (k != 0 && k == census_keys[e][c_pos] &&
          !std::binary_search(capped[e].begin(), capped[e].end(), k)) {
        return true;
      }
    }
    return false;
  };

  parallel_for(n_chunks, threads, [&](std::size_t chunk) {
    auto& pairs = chunk_pairs[chunk];
    for (std::size_t k = chunk_start[chunk]; k < chunk_start[chunk + 1]; ++k) {
      const Block& b = blocks[k];
      const auto& as = at_sorted[b.rule];
      const auto& cs = census_sorted[b.rule];
      for (std::uint32_t i = b.a_begin; i < b.a_end; ++i) {
        const std::uint32_t a_idx = at_ids[as[i].pos];
        const CompactRecord& a = at[a_idx];
        for (std::uint32_t j = b.c_begin; j < b.c_end; ++j) {
          if (met_earlier(b.rule, as[i].pos, cs[j].pos)) {
            continue;
          }
          const std::uint32_t c_idx = census_ids[cs[j].pos];
          pairs.push_back({a_idx, c_idx, comparator.compare(at, a, census, census[c_idx]),
                           static_cast<std::uint8_t>(b.rule)});
          ++chunk_rule_counts[chunk][b.rule];
        }
      }
    }
  });

  std::size_t n_pairs = 0;
  for (const auto& p : chunk_pairs) {
    n_pairs += p.size();
  }
  out.pairs.reserve(n_pairs);
  for (std::size_t c = 0; c < n_chunks; ++c) {
    out.pairs.insert(out.pairs.end(), chunk_pairs[c].begin(), chunk_pairs[c].end());
    std::vector<CandidatePair>().swap(chunk_pairs[c]);
    for (std::size_t r = 0; r < n_rules; ++r) {
      out.stats.pairs_per_rule[r] += chunk_rule_counts[c][r];
    }
  }
  out.stats.candidate_pairs = out.pairs.size();
  return out;
}

void mark_rules_met(std::vector<CandidatePair>& pairs, const LinkSide& at, const LinkSide& census,
                    const std::vector<BlockingRule>& rules, unsigned threads) {
  const std::size_t n_rules = std::min<std::size_t>(rules.size(), 8);
  // Keys per record and rule, computed once (only for records some pair names).
  std::vector<std::vector<std::uint64_t>> at_keys(n_rules);
  std::vector<std::vector<std::uint64_t>> census_keys(n_rules);
  parallel_for(2 * n_rules, threads, [&](std::size_t t) {
    const std::size_t r = t / 2;
    if (r == 0) {
      return;  // every pair met its own rule; rule 0 is always someone's first
    }
    const bool at_side = t % 2 == 0;
    const LinkSide& side = at_side ? at : census;
    auto& keys = at_side ? at_keys[r] : census_keys[r];
    keys.assign(side.size(), 0);
    for (std::size_t i = 0; i < side.size(); ++i) {
      keys[i] = block_key(rules[r], side, side[i]);
    }
  });
  parallel_for(threads, threads, [&](std::size_t part) {
    const std::size_t n = pairs.size();
    for (std::size_t k = part * n / threads; k < (part + 1) * n / threads; ++k) {
      CandidatePair& p = pairs[k];
      p.rules_met = p.rule < 8 ? static_cast<std::uint8_t>(1U << p.rule) : 0;
      for (std::size_t r = p.rule + 1U; r < n_rules; ++r) {
        const std::uint64_t key = at_keys[r][p.at];
        if (key != 0 && key == census_keys[r][p.census]) {
          p.rules_met = static_cast<std::uint8_t>(p.rules_met | 1U << r);
        }
      }
    }
  });
}

}  // namespace atpipe::transforms::linkage
