#include "config/model.hpp"

namespace atpipe::config {

const SourceSpec* Config::find_source(const std::string& name) const {
  for (const auto& source : sources) {
    if (source.name == name) {
      return &source;
    }
  }
  return nullptr;
}

}  // namespace atpipe::config
