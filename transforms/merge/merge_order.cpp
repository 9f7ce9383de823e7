#include "transforms/merge/merge_order.hpp"

#include <algorithm>
#include <string_view>

namespace atpipe::transforms::merge_detail {
namespace {

using core::Field;

// The first 16 bytes of an NHS number as two big-endian words, zero-padded: comparing the
// words compares the bytes as std::string does (unsigned). Longer values, which a valid NHS
// number never is, fall back to comparing the strings.
constexpr std::size_t kPacked = 16;

struct Key {
  std::uint64_t nhs_high = 0;
  std::uint64_t nhs_low = 0;
  std::size_t nhs_size = 0;
  int precedence = 0;
  std::uint32_t source_rank = 0;
  std::uint32_t index = 0;
  std::size_t row = 0;
};

std::uint64_t word_at(std::string_view s, std::size_t from) {
  std::uint64_t w = 0;
  for (std::size_t i = from; i < from + 8; ++i) {
    w = (w << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0U);
  }
  return w;
}

// Source names in sorted order: a record's rank stands for its name in comparisons.
std::vector<std::string_view> sorted_sources(const std::vector<core::Record>& records) {
  std::vector<std::string_view> names;
  std::string_view last;
  for (const auto& r : records) {
    // Rows of one source come together, so the list is searched only when the source changes.
    if (!names.empty() && r.where.source == last) {
      continue;
    }
    last = r.where.source;
    if (std::find(names.begin(), names.end(), last) == names.end()) {
      names.push_back(last);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<Key> keys_of(const std::vector<core::Record>& records) {
  const auto sources = sorted_sources(records);
  std::vector<Key> keys(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const std::string_view nhs = r.get(Field::NhsNumber);
    auto& k = keys[i];
    k.nhs_high = word_at(nhs, 0);
    k.nhs_low = word_at(nhs, 8);
    k.nhs_size = nhs.size();
    k.precedence = r.precedence;
    k.source_rank = static_cast<std::uint32_t>(
        std::lower_bound(sources.begin(), sources.end(), std::string_view(r.where.source)) -
        sources.begin());
    k.index = static_cast<std::uint32_t>(i);
    k.row = r.where.row;
  }
  return keys;
}

// <0, 0, >0 as the NHS numbers compare as strings. Equal words and sizes within the packed
// bytes mean equal strings; past them (or with sizes that differ) the strings decide.
int compare_nhs(const Key& a, const Key& b, const std::vector<core::Record>& records) {
  if (a.nhs_high != b.nhs_high) {
    return a.nhs_high < b.nhs_high ? -1 : 1;
  }
  if (a.nhs_low != b.nhs_low) {
    return a.nhs_low < b.nhs_low ? -1 : 1;
  }
  if (a.nhs_size <= kPacked && b.nhs_size <= kPacked) {
    // Same first bytes, so the shorter one is a prefix of the longer (padded with NULs).
    return a.nhs_size == b.nhs_size ? 0 : (a.nhs_size < b.nhs_size ? -1 : 1);
  }
  return records[a.index].get(Field::NhsNumber).compare(records[b.index].get(Field::NhsNumber));
}

}  // namespace

PrecedenceOrder precedence_order(const std::vector<core::Record>& records) {
  auto keys = keys_of(records);
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (auto c = compare_nhs(a, b, records); c != 0) {
      return c < 0;
    }
    if (a.precedence != b.precedence) {
      return a.precedence < b.precedence;
    }
    if (a.source_rank != b.source_rank) {
      return a.source_rank < b.source_rank;
    }
    if (a.row != b.row) {
      return a.row < b.row;
    }
    return a.index < b.index;  // what a stable sort would keep
  });
  PrecedenceOrder out;
  out.order.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i == 0 || compare_nhs(keys[i - 1], keys[i], records) != 0) {
      out.person_starts.push_back(static_cast<std::uint32_t>(i));
    }
    out.order.push_back(keys[i].index);
  }
  out.person_starts.push_back(static_cast<std::uint32_t>(keys.size()));
  return out;
}

}  // namespace atpipe::transforms::merge_detail
