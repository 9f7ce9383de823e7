#include "daemon/source_step.hpp"

#include <exception>
#include <future>
#include <iterator>
#include <optional>

#include "core/source_parts.hpp"
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

// Maps and checks a parted source's rows a part at a time: each part is mapped on other
// threads while the source reads the next, then freed, so at most two parts of raw rows are
// held. The records come out in row order, as one pass over whole batches gives them.
class PartMapper {
 public:
  PartMapper(const config::Config& cfg, const config::SourceSpec& spec,
             const transforms::RuleContext& rules, const ShownFiles& shown)
      : mapper_(spec, cfg.code_maps), ctx_(rules), shown_(shown) {
    ctx_.role = spec.role;
  }

  core::Expected<void> take(core::RawBatch part, std::size_t file_rows) {
    // After a mapping error, read on and map nothing: a read error later in the pull is the
    // one to report, as when the whole source is read before it is mapped.
    if (failed_) {
      return {};
    }
    join();
    if (failed_) {
      return {};
    }
    if (part.file != file_) {
      file_ = part.file;
      shown_file_ = shown_file(part.file, shown_);
    }
    // One reservation per file saves regrowing (and moving) a million records part by part.
    out_.reserve(out_.size() + file_rows);
    pending_ = std::async(std::launch::async, [this, part = std::move(part)] {
      return map_batch(mapper_, part, shown_file_, ctx_);
    });
    return {};
  }

  // All the records, or the first mapping error.
  core::Expected<std::vector<core::Record>> finish() {
    join();
    if (failed_) {
      return core::fail(*failed_);
    }
    return std::move(out_);
  }

 private:
  void join() {
    if (!pending_.valid()) {
      return;
    }
    auto mapped = pending_.get();
    if (!mapped) {
      failed_ = mapped.error();
      return;
    }
    out_.insert(out_.end(), std::make_move_iterator(mapped->begin()),
                std::make_move_iterator(mapped->end()));
  }

  transforms::Mapper mapper_;
  transforms::RuleContext ctx_;
  const ShownFiles& shown_;
  std::string file_;
  std::string shown_file_;
  std::vector<core::Record> out_;
  std::optional<core::Error> failed_;
  // Last, so that it is destroyed (and waited for) before what the task reads.
  std::future<core::Expected<std::vector<core::Record>>> pending_;
};

SourceYield yield_of(const config::SourceSpec& spec,
                     core::Expected<std::vector<core::Record>> records,
                     const std::vector<core::SkippedFile>& skipped) {
  SourceYield out;
  if (!records) {
    out.counts = count(spec, {});
    out.counts.failed = true;
    out.counts.error = records.error().describe();
    return out;
  }
  out.counts = count(spec, *records);
  for (const auto& s : skipped) {
    out.counts.skipped.push_back(s.file + ": " + s.reason);
  }
  out.records = std::move(*records);
  return out;
}

}  // namespace

std::future<SourceYield> start_source(const config::Config& cfg, const config::SourceSpec& spec,
                                      const config::SourceRegistry& registry,
                                      const core::PullContext& context,
                                      const transforms::RuleContext& rules,
                                      const ShownFiles& shown) {
  auto source = make_source(spec, registry);
  auto* parted = source ? dynamic_cast<core::PartedSource*>(source->get()) : nullptr;
  if (parted == nullptr) {
    auto pulled = source ? (*source)->pull(context)
                         : core::Expected<core::PullResult>(core::fail(source.error()));
    return std::async(std::launch::async,
                      [&cfg, &spec, &rules, &shown, pulled = std::move(pulled)]() mutable {
                        return validate_source(cfg, spec, std::move(pulled), rules, shown);
                      });
  }
  std::vector<core::SkippedFile> skipped;
  auto records =
      pull_and_map_parts(cfg, spec, *parted, context, rules, shown, skipped, kRowsPerPart);
  std::promise<SourceYield> done;
  done.set_value(yield_of(spec, std::move(records), skipped));
  return done.get_future();
}

core::Expected<std::vector<core::Record>> pull_and_map_parts(
    const config::Config& cfg, const config::SourceSpec& spec, core::PartedSource& source,
    const core::PullContext& context, const transforms::RuleContext& rules, const ShownFiles& shown,
    std::vector<core::SkippedFile>& skipped, std::size_t rows_per_part) {
  PartMapper parts(cfg, spec, rules, shown);
  core::Expected<std::vector<core::SkippedFile>> pulled = std::vector<core::SkippedFile>();
  try {
    pulled = source.pull_parts(context, rows_per_part, [&](core::RawBatch part, std::size_t rows) {
      return parts.take(std::move(part), rows);
    });
  } catch (const std::exception& e) {
    pulled = core::fail(core::ErrorCode::Internal, std::string("unexpected exception: ") + e.what(),
                        core::Provenance{spec.name, "", 0, ""});
  }
  auto records = parts.finish();  // waits for the part in hand either way
  if (!pulled) {
    return core::fail(pulled.error());  // whatever was mapped is dropped with `parts`
  }
  if (records && spec.role == config::SourceRole::At) {
    transforms::check_duplicate_ids(*records);
  }
  skipped = std::move(*pulled);
  return records;
}

core::Expected<core::SourcePtr> make_source(const config::SourceSpec& spec,
                                            const config::SourceRegistry& registry) {
  const auto* factory = registry.find(spec.type);
  if (factory == nullptr) {
    return core::fail(core::ErrorCode::NotFound, "unknown source type '" + spec.type + "'",
                      core::Provenance{spec.name, "", 0, ""});
  }
  return factory->create(spec);
}

core::Expected<core::PullResult> pull_source(const config::SourceSpec& spec,
                                             const config::SourceRegistry& registry,
                                             const core::PullContext& context) {
  auto source = make_source(spec, registry);
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
  if (!pulled) {
    return yield_of(spec, core::fail(pulled.error()), {});
  }
  return yield_of(spec, map_and_validate(cfg, spec, *pulled, rules, shown), pulled->skipped);
}

SourceYield run_source(const config::Config& cfg, const config::SourceSpec& spec,
                       const config::SourceRegistry& registry, const transforms::RuleContext& rules,
                       core::SourceState* state) {
  return validate_source(cfg, spec,
                         pull_source(spec, registry, core::PullContext{rules.cut, state}), rules);
}

}  // namespace atpipe::daemon
