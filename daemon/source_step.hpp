#pragma once

#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "core/expected.hpp"
#include "core/record.hpp"
#include "core/source.hpp"
#include "core/source_parts.hpp"
#include "store/run_record.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {

// Everything one source yielded in one run: its records (accepted and rejected, each with
// findings) and the counts that must add up (pulled = accepted + rejected).
struct SourceYield {
  store::SourceCounts counts;
  std::vector<core::Record> records;
};

// The source `spec` names, built by its type's factory.
[[nodiscard]] core::Expected<core::SourcePtr> make_source(const config::SourceSpec& spec,
                                                          const config::SourceRegistry& registry);

// Stage "pull" for one source: builds it from its spec and takes its raw batches. A source
// that cannot be built or read is an error; it never yields part of a file.
[[nodiscard]] core::Expected<core::PullResult> pull_source(const config::SourceSpec& spec,
                                                           const config::SourceRegistry& registry,
                                                           const core::PullContext& context);

// How records name their input file: as the source gave it (no base), or relative to `base`
// (the config's folder), as the analyst wrote it in the YAML, so that outputs do not depend
// on where the checkout or the server keeps the files.
struct ShownFiles {
  std::optional<std::filesystem::path> base;
};

// Stage "map and validate" for one source: maps each batch onto the canonical fields and checks
// each record against the record-level rules (and duplicate local ids, for an AT source). Each
// raw batch is freed once mapped; a large batch is mapped in two parts side by side.
[[nodiscard]] core::Expected<std::vector<core::Record>> map_and_validate(
    const config::Config& cfg, const config::SourceSpec& spec, core::PullResult& pulled,
    const transforms::RuleContext& rules, const ShownFiles& shown = {});

// Stage "map and validate" for one source's pull, with its counts: a failed pull or mapping
// comes back with counts.failed and the error text and no records. Reads only shared config,
// so sources can be validated side by side.
[[nodiscard]] SourceYield validate_source(const config::Config& cfg, const config::SourceSpec& spec,
                                          core::Expected<core::PullResult> pulled,
                                          const transforms::RuleContext& rules,
                                          const ShownFiles& shown = {});

// Rows per part when a source hands its rows over in parts: some 20 MiB of raw rows, enough
// that the two halves of a part are worth mapping side by side.
inline constexpr std::size_t kRowsPerPart = 65536;

// Pull, map and validate for a source that hands its rows over in parts: the pull on this
// thread, each part mapped and checked on two others while the next is read, then freed. The
// records are those map_and_validate() gives for the whole batches; `skipped` gets the files
// the source did not read. A failed pull (even after some parts) gives its error and no
// records; a mapping error, when the pull itself succeeded, gives the first one.
[[nodiscard]] core::Expected<std::vector<core::Record>> pull_and_map_parts(
    const config::Config& cfg, const config::SourceSpec& spec, core::PartedSource& source,
    const core::PullContext& context, const transforms::RuleContext& rules, const ShownFiles& shown,
    std::vector<core::SkippedFile>& skipped, std::size_t rows_per_part = kRowsPerPart);

// Both stages for one source, with its counts, as validate_source() gives them. A source that
// hands its rows over in parts (core::PartedSource, e.g. csv) is pulled, mapped and validated a
// part at a time before this returns (so that its raw rows are never all held) and the future
// is ready; any other is pulled here and mapped and validated on another thread. The pull runs
// on the calling thread either way (a source's taken-files state belongs to it).
[[nodiscard]] std::future<SourceYield> start_source(const config::Config& cfg,
                                                    const config::SourceSpec& spec,
                                                    const config::SourceRegistry& registry,
                                                    const core::PullContext& context,
                                                    const transforms::RuleContext& rules,
                                                    const ShownFiles& shown = {});

// Both stages for one source, with its counts. A failure comes back with counts.failed and the
// error text and no records; it never throws.
[[nodiscard]] SourceYield run_source(const config::Config& cfg, const config::SourceSpec& spec,
                                     const config::SourceRegistry& registry,
                                     const transforms::RuleContext& rules,
                                     core::SourceState* state = nullptr);

}  // namespace atpipe::daemon
