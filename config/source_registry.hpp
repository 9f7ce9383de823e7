#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/source_factory.hpp"
#include "core/expected.hpp"

namespace atpipe::config {

// The source types known to this binary, keyed by YAML `type:`. Built once at start-up (by
// main or a test) from the static registrars; a duplicate type is an error.
class SourceRegistry {
 public:
  [[nodiscard]] static core::Expected<SourceRegistry> build();

  // Adds a factory; fails if its type is already registered.
  [[nodiscard]] core::Expected<void> add(SourceFactoryPtr factory);
  [[nodiscard]] const SourceFactory* find(std::string_view type) const;
  [[nodiscard]] std::vector<std::string> types() const;  // sorted

 private:
  std::map<std::string, SourceFactoryPtr, std::less<>> factories_;
};

using SourceFactoryMaker = SourceFactoryPtr (*)();

// Records a factory maker at static-initialisation time; does nothing else. Connectors are
// OBJECT libraries so the linker keeps these (style.md trap 1).
class SourceRegistrar {
 public:
  SourceRegistrar(std::string_view type, SourceFactoryMaker make);
};

}  // namespace atpipe::config

// The one registration line at the bottom of a connector's .cpp.
#define ATPIPE_REGISTER_SOURCE(type_name, FactoryClass)                                \
  namespace {                                                                          \
  const ::atpipe::config::SourceRegistrar kSourceRegistrar(type_name, []() {           \
    return ::atpipe::config::SourceFactoryPtr(std::make_shared<const FactoryClass>()); \
  });                                                                                  \
  }
