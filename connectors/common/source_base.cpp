#include "connectors/common/source_base.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

namespace atpipe::connectors {

SourceBase::SourceBase(std::string name, std::string type)
    : name_(std::move(name)), type_(std::move(type)) {
  std::string logger_name = "source:" + type_ + ":" + name_;
  logger_ = spdlog::get(logger_name);
  if (!logger_) {
    auto fallback = spdlog::default_logger();
    logger_ = std::make_shared<spdlog::logger>(logger_name, fallback->sinks().begin(),
                                               fallback->sinks().end());
    logger_->set_level(fallback->level());
  }
}

core::Expected<core::PullResult> SourceBase::pull(const core::PullContext& ctx) {
  auto started = std::chrono::steady_clock::now();
  try {
    auto result = do_pull(ctx);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started)
                  .count();
    if (result) {
      std::size_t rows = 0;
      for (const auto& batch : result->batches) {
        rows += batch.rows.size();
      }
      logger_->info("pulled {} row(s) from {} batch(es) in {} ms", rows, result->batches.size(),
                    ms);
    } else {
      logger_->error("pull failed: {}", result.error().describe());
    }
    return result;
  } catch (const std::exception& e) {
    logger_->error("pull failed with an unexpected exception: {}", e.what());
    return core::fail(core::ErrorCode::Internal, std::string("unexpected exception: ") + e.what(),
                      core::Provenance{name_, "", 0, ""});
  }
}

}  // namespace atpipe::connectors
