#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/expected.hpp"

namespace atpipe::config {

// The plugins of one kind known to this binary (sources, sinks), keyed by YAML `type:`
// (design.md "Interfaces": found through a registry keyed by type, one factory template for
// all plugins). Factory says what kind it is in Factory::kKind ("source", "sink"). Built once
// at start-up (by main or a test) from the static registrars; a duplicate type is an error.
template <class Factory>
class PluginRegistry {
 public:
  using FactoryPtr = std::shared_ptr<const Factory>;
  using Maker = FactoryPtr (*)();

  // Records a factory maker at static-initialisation time; does nothing else. Connectors are
  // OBJECT libraries so the linker keeps these (style.md trap 1).
  class Registrar {
   public:
    Registrar(std::string_view type, Maker make) { pending().push_back({std::string(type), make}); }
  };

  [[nodiscard]] static core::Expected<PluginRegistry> build() {
    PluginRegistry registry;
    for (const auto& entry : pending()) {
      auto factory = entry.make();
      if (factory->type() != entry.type) {
        std::string message(Factory::kKind);
        message += " factory registered as '";
        message += entry.type;
        message += "' reports type '";
        message += factory->type();
        message += "'";
        return core::fail(core::ErrorCode::Internal, std::move(message));
      }
      if (auto added = registry.add(std::move(factory)); !added) {
        return core::fail(added.error());
      }
    }
    return registry;
  }

  // Adds a factory; fails if its type is already registered.
  [[nodiscard]] core::Expected<void> add(FactoryPtr factory) {
    std::string type(factory->type());
    if (factories_.count(type) != 0) {
      std::string message(Factory::kKind);
      message += " type '";
      message += type;
      message += "' is registered twice";
      return core::fail(core::ErrorCode::Internal, std::move(message));
    }
    factories_.emplace(std::move(type), std::move(factory));
    return {};
  }

  [[nodiscard]] const Factory* find(std::string_view type) const {
    auto it = factories_.find(type);
    return it == factories_.end() ? nullptr : it->second.get();
  }

  [[nodiscard]] std::vector<std::string> types() const {  // sorted
    std::vector<std::string> out;
    out.reserve(factories_.size());
    for (const auto& entry : factories_) {
      out.push_back(entry.first);
    }
    return out;
  }

 private:
  struct Pending {
    std::string type;
    Maker make;
  };
  static std::vector<Pending>& pending() {
    static std::vector<Pending> list;
    return list;
  }

  std::map<std::string, FactoryPtr, std::less<>> factories_;
};

}  // namespace atpipe::config

// The one registration line at the bottom of a connector's .cpp, for any plugin kind.
#define ATPIPE_REGISTER_PLUGIN(Kind, type_name, FactoryClass, var)              \
  namespace {                                                                   \
  const ::atpipe::config::PluginRegistry<Kind>::Registrar var(type_name, []() { \
    return ::atpipe::config::PluginRegistry<Kind>::FactoryPtr(                  \
        std::make_shared<const FactoryClass>());                                \
  });                                                                           \
  }
