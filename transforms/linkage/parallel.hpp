#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace atpipe::transforms::linkage {

// Runs fn(task) for task in [0, tasks) on up to `threads` threads (the calling one
// included), handing out tasks in order as threads come free. fn must not throw: linkage
// work is pure computation over memory it was given.
template <typename Fn>
void parallel_for(std::size_t tasks, unsigned threads, Fn&& fn) {
  const std::size_t workers = std::min<std::size_t>(std::max(1U, threads), tasks);
  if (workers <= 1) {
    for (std::size_t t = 0; t < tasks; ++t) {
      fn(t);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t t = next++; t < tasks; t = next++) {
      fn(t);
    }
  };
  std::vector<std::jthread> pool;
  pool.reserve(workers - 1);
  for (std::size_t w = 1; w < workers; ++w) {
    pool.emplace_back(work);
  }
  work();
}

}  // namespace atpipe::transforms::linkage
