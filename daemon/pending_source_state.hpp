#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/source_state.hpp"

namespace atpipe::daemon {

// Holds what sources mark as taken during a run and passes it to the state store only when
// the run has written its outputs: a run that fails (or a dry run) must not make the next run
// skip files whose rows never reached a return. Used from the run's thread only.
class PendingSourceState final : public core::SourceState {
 public:
  explicit PendingSourceState(core::SourceState* store) : store_(store) {}

  // core::SourceState
  [[nodiscard]] bool seen(const std::string& source, const std::string& key) override {
    return pending_keys_.count({source, key}) != 0 ||
           (store_ != nullptr && store_->seen(source, key));
  }
  void mark(const std::string& source, const std::string& key, const std::string& detail) override {
    if (pending_keys_.insert({source, key}).second) {
      pending_.emplace_back(source, key, detail);
    }
  }

  // Hands every pending mark to the store.
  void commit() {
    if (store_ != nullptr) {
      for (const auto& [source, key, detail] : pending_) {
        store_->mark(source, key, detail);
      }
    }
    pending_.clear();
    pending_keys_.clear();
  }

 private:
  core::SourceState* store_;
  std::set<std::pair<std::string, std::string>> pending_keys_;
  std::vector<std::tuple<std::string, std::string, std::string>> pending_;
};

}  // namespace atpipe::daemon
