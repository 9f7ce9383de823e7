#include "transforms/summary/shared_summary.hpp"

namespace atpipe::transforms {

bool SharedSummary::begin_walk() {
  std::lock_guard lock(mutex_);
  if (state_ != State::NotBegun) {
    return false;
  }
  state_ = State::Walking;
  return true;
}

void SharedSummary::offer(std::vector<SummaryTable> tables) {
  {
    std::lock_guard lock(mutex_);
    tables_ = std::move(tables);
    state_ = State::Done;
  }
  changed_.notify_all();
}

void SharedSummary::failed() {
  {
    std::lock_guard lock(mutex_);
    state_ = State::NotBegun;  // the next summary file makes them
  }
  changed_.notify_all();
}

const std::vector<SummaryTable>& SharedSummary::get() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return state_ == State::NotBegun || state_ == State::Done; });
  if (state_ == State::Done) {
    return tables_;
  }
  state_ = State::Making;
  lock.unlock();
  std::vector<SummaryTable> made;
  try {
    made = make_();
  } catch (...) {
    failed();
    throw;
  }
  offer(std::move(made));
  return tables_;
}

}  // namespace atpipe::transforms
