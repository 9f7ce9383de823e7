#include "daemon/source_step.hpp"

#include "transforms/mapping/mapper.hpp"

namespace atpipe::daemon {
namespace {

store::SourceCounts count(const config::SourceSpec& spec, const std::vector<core::Record>& recs) {
  store::SourceCounts out;
  out.source = spec.name;
  out.type = spec.type;
  out.role = spec.role == config::SourceRole::At ? "at" : "census";
  for (const auto& rec : recs) {
    ++out.pulled;
    if (rec.rejected()) {
      ++out.rejected;
      continue;
    }
    ++out.accepted;
    for (const auto& f : rec.findings) {
      out.warnings += f.severity == core::Severity::Warning ? 1 : 0;
    }
  }
  return out;
}

}  // namespace

core::Expected<core::PullResult> pull_source(const config::SourceSpec& spec,
                                             const config::SourceRegistry& registry,
                                             const core::PullContext& context) {
  const auto* factory = registry.find(spec.type);
  if (factory == nullptr) {
    return core::fail(core::ErrorCode::NotFound, "unknown source type '" + spec.type + "'",
                      core::Provenance{spec.name, "", 0, ""});
  }
  auto source = factory->create(spec);
  if (!source) {
    return core::fail(source.error());
  }
  return (*source)->pull(context);
}

core::Expected<std::vector<core::Record>> map_and_validate(const config::Config& cfg,
                                                           const config::SourceSpec& spec,
                                                           const core::PullResult& pulled,
                                                           const transforms::RuleContext& rules) {
  transforms::Mapper mapper(spec, cfg.code_maps);
  transforms::RuleContext ctx = rules;
  ctx.role = spec.role;
  std::vector<core::Record> out;
  for (const auto& batch : pulled.batches) {
    auto mapped = mapper.map(batch);
    if (!mapped) {
      return core::fail(mapped.error());
    }
    for (auto& rec : *mapped) {
      transforms::validate_record(rec, ctx);
      out.push_back(std::move(rec));
    }
  }
  if (spec.role == config::SourceRole::At) {
    transforms::check_duplicate_ids(out);
  }
  return out;
}

SourceYield validate_source(const config::Config& cfg, const config::SourceSpec& spec,
                            const core::Expected<core::PullResult>& pulled,
                            const transforms::RuleContext& rules) {
  SourceYield out;
  auto records = pulled ? map_and_validate(cfg, spec, *pulled, rules)
                        : core::Expected<std::vector<core::Record>>(core::fail(pulled.error()));
  if (!records) {
    out.counts = count(spec, {});
    out.counts.failed = true;
    out.counts.error = records.error().describe();
    return out;
  }
  out.counts = count(spec, *records);
  for (const auto& skipped : pulled->skipped) {
    out.counts.skipped.push_back(skipped.file + ": " + skipped.reason);
  }
  out.records = std::move(*records);
  return out;
}

SourceYield run_source(const config::Config& cfg, const config::SourceSpec& spec,
                       const config::SourceRegistry& registry, const transforms::RuleContext& rules,
                       core::SourceState* state) {
  auto pulled = pull_source(spec, registry, core::PullContext{rules.cut, state});
  return validate_source(cfg, spec, pulled, rules);
}

}  // namespace atpipe::daemon
