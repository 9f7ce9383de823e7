#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "config/sink_factory.hpp"
#include "config/source_factory.hpp"
#include "core/error.hpp"
#include "core/expected.hpp"

namespace atpipe::config {

// The one factory template every plugin shares (design.md "Interfaces"; style.md "the same
// factory copied per plugin"). Traits supplies, as static members:
//   using Config = <the plugin's ConnectorConfig>;
//   static constexpr std::string_view kType, kSummary;
//   static const KeyTable& keys();
//   static ConnectorConfigPtr parse(const NodeReader&);
//   static core::Expected<Made> make(const Spec&, std::shared_ptr<const Config>);
// where Base is SourceFactory or SinkFactory and Spec / Made its spec and instance pointer.
// Stateless; the typed config is looked up once here so that no plugin repeats the cast.
template <class Base, class Spec, class Made, class Traits>
class BasicFactory : public Base {
 public:
  // Base
  [[nodiscard]] std::string_view type() const override { return Traits::kType; }
  [[nodiscard]] std::string_view summary() const override { return Traits::kSummary; }
  [[nodiscard]] const KeyTable& keys() const override { return Traits::keys(); }
  [[nodiscard]] ConnectorConfigPtr parse(const NodeReader& reader) const override {
    return Traits::parse(reader);
  }
  [[nodiscard]] core::Expected<Made> create(const Spec& spec) const override {
    auto typed = typed_config(spec);
    if (!typed) {
      return core::fail(std::move(typed).error());
    }
    return Traits::make(spec, std::move(*typed));
  }

 protected:
  // The spec's settings as this plugin's Config; an Internal error when they are another's.
  [[nodiscard]] static core::Expected<std::shared_ptr<const typename Traits::Config>> typed_config(
      const Spec& spec) {
    auto typed = std::dynamic_pointer_cast<const typename Traits::Config>(spec.connector);
    if (!typed) {
      return core::fail(
          core::ErrorCode::Internal,
          std::string(Base::kKind) + " has no " + std::string(Traits::kType) + " settings",
          core::Provenance{spec.name, "", 0, ""});
    }
    return typed;
  }
};

template <class Traits>
using BasicSourceFactory = BasicFactory<SourceFactory, SourceSpec, core::SourcePtr, Traits>;
template <class Traits>
using BasicSinkFactory = BasicFactory<SinkFactory, SinkSpec, core::SinkPtr, Traits>;

}  // namespace atpipe::config
