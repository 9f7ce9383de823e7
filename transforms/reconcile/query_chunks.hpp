#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "core/query.hpp"

namespace atpipe::transforms {

// Queries collected in large fixed blocks, then moved out block by block. Each block is bigger
// than the largest size glibc ever serves from its heap (32 MiB), so it is mapped on its own
// and handed back to the system as soon as it is freed: while a run's queries move into their
// final vector, only one block is held twice, not all of them. A block never grows, so no
// query is moved while collecting. Not shared between threads.
class QueryChunks {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t{40} << 20;
  static constexpr std::size_t kPerBlock = kBlockBytes / sizeof(core::Query);

  void push_back(core::Query q) {
    if (blocks_.empty() || blocks_.back().size() == kPerBlock) {
      blocks_.emplace_back().reserve(kPerBlock);
    }
    blocks_.back().push_back(std::move(q));
    ++size_;
  }
  [[nodiscard]] std::size_t size() const { return size_; }

  // Appends every query to `out` in the order added, freeing each block once it is empty.
  void move_into(std::vector<core::Query>& out) {
    for (auto& block : blocks_) {
      for (auto& q : block) {
        out.push_back(std::move(q));
      }
      std::vector<core::Query>().swap(block);
    }
    blocks_.clear();
    size_ = 0;
  }

 private:
  std::vector<std::vector<core::Query>> blocks_;
  std::size_t size_ = 0;
};

}  // namespace atpipe::transforms
