#include "daemon/source_step.hpp"

#include <future>
#include <iterator>

#include "transforms/mapping/mapper.hpp"
#include "transforms/validate/record_checker.hpp"

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

// The file as records name it (ShownFiles). A source has a handful of files and many rows:
// each file's relative form is worked out once (it reads symbolic links on the way, one system
// call per path component).
std::string shown_file(const std::string& file, const ShownFiles& shown) {
  if (file.empty() || !shown.base) {
    return file;
  }
  std::error_code ec;
  auto rel = std::filesystem::relative(file, *shown.base, ec);
  return !ec && !rel.empty() ? rel.generic_string() : file;
}

// Rows mapped and checked from this many on are split in two parts, mapped side by side: the
// cost of a second thread is then small against the work.
constexpr std::size_t kRowsWorthSplitting = 20000;

core::Expected<std::vector<core::Record>> map_rows(const transforms::Mapper& mapper,
                                                   const core::RawBatch& batch,
                                                   const std::string& shown, std::size_t first,
                                                   std::size_t last,
                                                   const transforms::RuleContext& ctx) {
  auto mapped = mapper.map(batch, shown, first, last);
  if (mapped) {
    transforms::RecordChecker checker(ctx);
    for (auto& rec : *mapped) {
      checker.check(rec);
    }
  }
  return mapped;
}

// One batch mapped and checked record by record; a large one in two halves on two threads,
// joined in row order, so the result is the same as one pass.
core::Expected<std::vector<core::Record>> map_batch(const transforms::Mapper& mapper,
                                                    const core::RawBatch& batch,
                                                    const std::string& shown,
                                                    const transforms::RuleContext& ctx) {
  const std::size_t rows = batch.rows.size();
  if (rows < kRowsWorthSplitting) {
    return map_rows(mapper, batch, shown, 0, rows, ctx);
  }
  const std::size_t half = rows / 2;
  auto first =
      std::async(std::launch::async, [&] { return map_rows(mapper, batch, shown, 0, half, ctx); });
  auto second = map_rows(mapper, batch, shown, half, rows, ctx);
  auto out = first.get();
  if (!out) {
    return out;
  }
  if (!second) {
    return second;
  }
  out->insert(out->end(), std::make_move_iterator(second->begin()),
              std::make_move_iterator(second->end()));
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
                                                           core::PullResult& pulled,
                                                           const transforms::RuleContext& rules,
                                                           const ShownFiles& shown) {
  transforms::Mapper mapper(spec, cfg.code_maps);
  transforms::RuleContext ctx = rules;
  ctx.role = spec.role;
  std::vector<core::Record> out;
  for (auto& batch : pulled.batches) {
    auto mapped = map_batch(mapper, batch, shown_file(batch.file, shown), ctx);
    if (!mapped) {
      return core::fail(mapped.error());
    }
    // The raw rows are not needed once mapped: free them before the next batch is mapped.
    batch = core::RawBatch();
    if (out.empty()) {
      out = std::move(*mapped);
    } else {
      out.insert(out.end(), std::make_move_iterator(mapped->begin()),
                 std::make_move_iterator(mapped->end()));
    }
  }
  if (spec.role == config::SourceRole::At) {
    transforms::check_duplicate_ids(out);
  }
  return out;
}

SourceYield validate_source(const config::Config& cfg, const config::SourceSpec& spec,
                            core::Expected<core::PullResult> pulled,
                            const transforms::RuleContext& rules, const ShownFiles& shown) {
  SourceYield out;
  auto records = pulled ? map_and_validate(cfg, spec, *pulled, rules, shown)
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
  return validate_source(cfg, spec,
                         pull_source(spec, registry, core::PullContext{rules.cut, state}), rules);
}

}  // namespace atpipe::daemon
