#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "transforms/summary/summary.hpp"

namespace atpipe::transforms {

// The summary tables shared between the thread writing the return, which makes them in its
// own walk over the episodes (SummaryWalk: each record read from memory once), and the
// threads writing the summary files, which need them. A summary file waits for that walk only
// once it has begun (it always ends: tables or failure); when it has not begun, or failed, the
// file's thread makes the tables itself with `make`, so no order of the threads can wait for
// ever. Shared by the threads writing one output set.
class SharedSummary {
 public:
  explicit SharedSummary(std::function<std::vector<SummaryTable>()> make)
      : make_(std::move(make)) {}

  // For the return's thread: true when it is to make the tables in its walk (then it must
  // call offer() or failed()); false when a summary file's thread already makes them.
  [[nodiscard]] bool begin_walk();
  void offer(std::vector<SummaryTable> tables);
  void failed();

  // For a summary file's thread: the tables, from the walk or made here.
  [[nodiscard]] const std::vector<SummaryTable>& get();

 private:
  enum class State { NotBegun, Walking, Making, Done };

  std::function<std::vector<SummaryTable>()> make_;
  std::mutex mutex_;
  std::condition_variable changed_;
  State state_ = State::NotBegun;
  std::vector<SummaryTable> tables_;
};

}  // namespace atpipe::transforms
