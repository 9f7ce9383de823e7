#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "core/source.hpp"

namespace atpipe::connectors {

// Base of every source connector (style.md "Plugins", after spdlog's base_sink): the public
// pull() is final and does the bookkeeping (timing, a named logger, turning stray exceptions
// into errors); a connector writes only do_pull(). Used from the run's thread only.
class SourceBase : public core::Source {
 public:
  SourceBase(std::string name, std::string type);

  [[nodiscard]] const std::string& name() const final { return name_; }
  [[nodiscard]] std::string_view type() const final { return type_; }
  [[nodiscard]] core::Expected<core::PullResult> pull(const core::PullContext& ctx) final;

 protected:
  [[nodiscard]] virtual core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) = 0;
  // Named "source:<type>:<name>"; log field names, files and rows, never values.
  [[nodiscard]] spdlog::logger& log() const { return *logger_; }

 private:
  std::string name_;
  std::string type_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace atpipe::connectors
