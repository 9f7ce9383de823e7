#include "tests/integration/support/make_source.hpp"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "config/source_registry.hpp"

namespace atpipe::testing {

core::SourcePtr make_source(const std::string& type, const std::string& name,
                            const std::string& yaml) {
  static const auto registry = config::SourceRegistry::build();
  if (!registry) {
    throw std::runtime_error("registry: " + registry.error().describe());
  }
  const auto* factory = registry->find(type);
  if (factory == nullptr) {
    throw std::runtime_error("no source type '" + type + "' is registered");
  }
  config::Diagnostics diag;
  config::NodeReader reader(YAML::Load(yaml), factory->keys(), "source '" + name + "'", diag,
                            "/tmp/atpipe-integration.yaml");
  config::SourceSpec spec;
  spec.name = name;
  spec.type = type;
  spec.connector = factory->parse(reader);
  if (!diag.items().empty() || !spec.connector) {
    std::string all = "config refused:";
    for (const auto& item : diag.items()) {
      all += "\n  " + item.describe();
    }
    throw std::runtime_error(all);
  }
  auto source = factory->create(spec);
  if (!source) {
    throw std::runtime_error(source.error().describe());
  }
  return std::move(*source);
}

}  // namespace atpipe::testing
