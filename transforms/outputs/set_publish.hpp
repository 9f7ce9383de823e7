#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/expected.hpp"

namespace atpipe::transforms {

// The folder operations behind an output set (output_set.hpp), apart so each can be tested:
// where sets live, what an interrupted run left, which set a period shows, switching it,
// the stable per-file names and retention. Layout under outputs.directory:
//   .runs/<period>_<run_id>[-partial]/   one folder per run, files + MANIFEST, 0700
//   .runs/<period>_<run_id>.tmp/         a set being written (removed by the next run)
//   <period> -> .runs/<period>_<run_id>  the published set, switched atomically
//   <file>   -> <period>/<file>          stable names, resolved through <period>

inline constexpr const char* kRunsFolder = ".runs";
inline constexpr const char* kSetTempSuffix = ".tmp";

// What `<directory>/<period>` shows now.
enum class PublishedStatus {
  None,      // nothing yet
  Complete,  // a set whose MANIFEST says complete
  Partial,   // a set whose MANIFEST says partial
  Unknown,   // something atpipe cannot read as a set (left alone)
};

// Removes what a killed run left: set folders still named *.tmp in .runs/, and files or links
// named <name>.tmp<digits> in `directory` (this and earlier versions' temporaries). Returns
// the names removed (file names only: they hold no patient data).
[[nodiscard]] std::vector<std::string> remove_stale_temporaries(
    const std::filesystem::path& directory);

[[nodiscard]] PublishedStatus published_status(const std::filesystem::path& directory,
                                               const std::string& period);

// The set folder name `<directory>/<period>` points at, or "" when it is not such a link.
[[nodiscard]] std::string published_set(const std::filesystem::path& directory,
                                        const std::string& period);

// True when one of `names` is in `directory` as a plain file (outputs of a version before
// sets): a partial run does not replace what it cannot tell is complete.
[[nodiscard]] bool has_plain_outputs(const std::filesystem::path& directory,
                                     const std::vector<std::string>& names);

// Makes `link` a symlink to `target` atomically: a new link at a fresh temporary name, then
// rename(2) over `link` (so readers see the old target or the new one, never nothing), then
// fsync of the folder. A planted file at the temporary name is never followed.
[[nodiscard]] core::Expected<void> switch_link(const std::filesystem::path& link,
                                               const std::string& target);

// Points `<directory>/<name>` at `<period>/<name>` for each name (unchanged links are left
// alone) and removes links into `<period>/` whose file the published set no longer has.
[[nodiscard]] core::Expected<void> link_stable_names(const std::filesystem::path& directory,
                                                     const std::string& period,
                                                     const std::vector<std::string>& names);

// Keeps `keep` (at least 1) set folders of the period, the published one and the newest
// others, and deletes the rest.
// Returns the folder names removed.
[[nodiscard]] std::vector<std::string> prune_sets(const std::filesystem::path& directory,
                                                  const std::string& period, std::size_t keep);

}  // namespace atpipe::transforms
