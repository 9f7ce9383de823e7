#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace atpipe::transforms {

// Texts that many queries of a run repeat, such as the action for one owner and field: made
// once per key, then copied. A run has a handful of owners and compared fields; past kMaxKeys
// keys a text is made afresh each time, so a run with many owners never searches a long list.
// Not shared between threads.
class TextMemo {
 public:
  static constexpr std::size_t kMaxKeys = 32;

  // The text for (kind, a, b), from make() the first time.
  template <typename Make>
  const std::string& get(int kind, std::string_view a, std::string_view b, Make&& make) {
    for (const auto& [k, ka, kb, text] : entries_) {
      if (k == kind && ka == a && kb == b) {
        return text;
      }
    }
    if (entries_.size() < kMaxKeys) {
      entries_.emplace_back(kind, std::string(a), std::string(b), make());
      return std::get<3>(entries_.back());
    }
    scratch_ = make();
    return scratch_;
  }

 private:
  std::vector<std::tuple<int, std::string, std::string, std::string>> entries_;
  std::string scratch_;
};

}  // namespace atpipe::transforms
