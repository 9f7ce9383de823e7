#include "daemon/source_step.hpp"

#include <spdlog/spdlog.h>

#include "transforms/mapping/mapper.hpp"

namespace atpipe::daemon {

SourceYield run_source(const config::Config& cfg, const config::SourceSpec& spec,
                       const config::SourceRegistry& registry, const transforms::RuleContext& rules,
                       core::SourceState* state) {
  SourceYield out;
  out.counts.source = spec.name;
  out.counts.type = spec.type;
  out.counts.role = spec.role == config::SourceRole::At ? "at" : "census";
  auto fail = [&out](const core::Error& e) {
    out.counts.failed = true;
    out.counts.error = e.describe();
    out.records.clear();
    out.counts.pulled = out.counts.accepted = out.counts.rejected = out.counts.warnings = 0;
    return std::move(out);
  };

  const auto* factory = registry.find(spec.type);
  if (factory == nullptr) {
    return fail(core::Error(core::ErrorCode::NotFound, "unknown source type '" + spec.type + "'",
                            core::Provenance{spec.name, "", 0, ""}));
  }
  auto source = factory->create(spec);
  if (!source) {
    return fail(source.error());
  }
  auto pulled = (*source)->pull(core::PullContext{rules.cut, state});
  if (!pulled) {
    return fail(pulled.error());
  }
  transforms::Mapper mapper(spec, cfg.code_maps);
  transforms::RuleContext ctx = rules;
  ctx.role = spec.role;
  for (const auto& batch : pulled->batches) {
    auto mapped = mapper.map(batch);
    if (!mapped) {
      return fail(mapped.error());
    }
    for (auto& rec : *mapped) {
      transforms::validate_record(rec, ctx);
      out.records.push_back(std::move(rec));
    }
  }
  if (spec.role == config::SourceRole::At) {
    transforms::check_duplicate_ids(out.records);
  }
  for (const auto& rec : out.records) {
    ++out.counts.pulled;
    if (rec.rejected()) {
      ++out.counts.rejected;
    } else {
      ++out.counts.accepted;
      for (const auto& f : rec.findings) {
        out.counts.warnings += f.severity == core::Severity::Warning ? 1 : 0;
      }
    }
  }
  return out;
}

}  // namespace atpipe::daemon
