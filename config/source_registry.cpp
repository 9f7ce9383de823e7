#include "config/source_registry.hpp"

#include <utility>

namespace atpipe::config {
namespace {

struct PendingRegistration {
  std::string type;
  SourceFactoryMaker make;
};

std::vector<PendingRegistration>& pending() {
  static std::vector<PendingRegistration> list;
  return list;
}

}  // namespace

SourceRegistrar::SourceRegistrar(std::string_view type, SourceFactoryMaker make) {
  pending().push_back({std::string(type), make});
}

core::Expected<SourceRegistry> SourceRegistry::build() {
  SourceRegistry registry;
  for (const auto& entry : pending()) {
    auto factory = entry.make();
    if (factory->type() != entry.type) {
      return core::fail(core::ErrorCode::Internal, "source factory registered as '" + entry.type +
                                                       "' reports type '" +
                                                       std::string(factory->type()) + "'");
    }
    if (auto added = registry.add(std::move(factory)); !added) {
      return core::fail(added.error());
    }
  }
  return registry;
}

core::Expected<void> SourceRegistry::add(SourceFactoryPtr factory) {
  std::string type(factory->type());
  if (factories_.count(type) != 0) {
    return core::fail(core::ErrorCode::Internal, "source type '" + type + "' is registered twice");
  }
  factories_.emplace(std::move(type), std::move(factory));
  return {};
}

const SourceFactory* SourceRegistry::find(std::string_view type) const {
  auto it = factories_.find(type);
  return it == factories_.end() ? nullptr : it->second.get();
}

std::vector<std::string> SourceRegistry::types() const {
  std::vector<std::string> out;
  out.reserve(factories_.size());
  for (const auto& [name, factory] : factories_) {
    out.push_back(name);
  }
  return out;
}

}  // namespace atpipe::config
