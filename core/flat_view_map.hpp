#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace atpipe::core {

// A map from text keys to small values for joining tens of thousands of keys against hundreds
// of thousands of lookups (query ids, record references). Open addressing over an array of
// hashes, so that a lookup touches a cache line or two where std::unordered_map walks a chain
// of separately allocated nodes. The keys are views: the strings they view must outlive the map
// and not move. Insert-only; first insert of a key wins. Used from one thread.
template <class V>
class FlatViewMap {
 public:
  explicit FlatViewMap(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < expected * 2) {
      capacity <<= 1;
    }
    hashes_.assign(capacity, 0);
    slots_.assign(capacity, 0);
    entries_.reserve(expected);
  }

  // The value under `key`, inserted as `value` if the key is new; false when it was there.
  std::pair<V*, bool> emplace(std::string_view key, V value) {
    if ((entries_.size() + 1) * 2 > hashes_.size()) {
      grow();
    }
    const auto h = hash_of(key);
    auto pos = h & (hashes_.size() - 1);
    for (; hashes_[pos] != 0; pos = (pos + 1) & (hashes_.size() - 1)) {
      if (hashes_[pos] == h && entries_[slots_[pos]].first == key) {
        return {&entries_[slots_[pos]].second, false};
      }
    }
    hashes_[pos] = h;
    slots_[pos] = static_cast<std::uint32_t>(entries_.size());
    entries_.emplace_back(key, std::move(value));
    return {&entries_.back().second, true};
  }

  [[nodiscard]] V* find(std::string_view key) {
    const auto h = hash_of(key);
    for (auto pos = h & (hashes_.size() - 1); hashes_[pos] != 0;
         pos = (pos + 1) & (hashes_.size() - 1)) {
      if (hashes_[pos] == h && entries_[slots_[pos]].first == key) {
        return &entries_[slots_[pos]].second;
      }
    }
    return nullptr;
  }

  [[nodiscard]] std::size_t size() const { return entries_.size(); }

 private:
  // 0 marks an empty slot, so no key hashes to it.
  static std::uint64_t hash_of(std::string_view key) {
    const auto h = static_cast<std::uint64_t>(std::hash<std::string_view>{}(key));
    return h == 0 ? 1 : h;
  }

  void grow() {
    const auto capacity = hashes_.size() * 2;
    hashes_.assign(capacity, 0);
    slots_.assign(capacity, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const auto h = hash_of(entries_[i].first);
      auto pos = h & (capacity - 1);
      while (hashes_[pos] != 0) {
        pos = (pos + 1) & (capacity - 1);
      }
      hashes_[pos] = h;
      slots_[pos] = static_cast<std::uint32_t>(i);
    }
  }

  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> slots_;  // index into entries_
  std::vector<std::pair<std::string_view, V>> entries_;
};

}  // namespace atpipe::core
