#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connectors/http_json/http_json_source.hpp"

namespace atpipe::connectors::http_json::test {

using Columns = std::vector<std::string>;
using Values = std::vector<std::string>;

// A config for `url` with the defaults a test wants: short timeouts, no real waiting.
inline HttpJsonConfig config_for(std::string url) {
  HttpJsonConfig config;
  config.url = std::move(url);
  config.http.timeout = std::chrono::seconds(5);
  return config;
}

// Pulls through the public SourceBase::pull(), as the pipeline does; the waits between
// retries are recorded in `sleeps` instead of slept.
inline core::Expected<core::PullResult> pull(
    const HttpJsonConfig& config, Columns columns,
    std::vector<std::chrono::milliseconds>* sleeps = nullptr) {
  HttpJsonSource source("la_placements", std::make_shared<const HttpJsonConfig>(config),
                        std::move(columns), [sleeps](std::chrono::milliseconds wait) {
                          if (sleeps != nullptr) {
                            sleeps->push_back(wait);
                          }
                        });
  return source.pull(core::PullContext{});
}

// All values of all rows, row by row.
inline std::vector<Values> values_of(const core::PullResult& result) {
  std::vector<Values> out;
  for (const auto& batch : result.batches) {
    for (const auto& row : batch.rows) {
      out.push_back(row.values);
    }
  }
  return out;
}

}  // namespace atpipe::connectors::http_json::test
