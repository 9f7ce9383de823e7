#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "transforms/outputs/byte_sink.hpp"
#include "transforms/outputs/secure_file.hpp"
#include "transforms/outputs/set_manifest.hpp"

namespace atpipe::transforms {

struct OutputSetOptions {
  std::filesystem::path directory;  // outputs.directory
  std::string period;               // "2026-10": the name the set is published under
  std::string run_id;
  std::size_t keep = 5;  // set folders kept per period (the published one always)
};

// What finish() did.
struct FinishedSet {
  std::filesystem::path folder;  // this run's files, whether published or not
  bool published = false;        // `<directory>/<period>` now points at `folder`
  std::vector<std::string> pruned;
};

// One file for OutputSet::add_files(): a text file streamed to the set (`stream` writes its
// bytes, hashed as they go out) or a file a library writes by name (`by_name`, given the path
// to write; the set then adopts it). Exactly one of the two is set. `start` orders when the
// threads begin the files (lower first, then in list order): the longest first, so that the
// threads finish together, and a file that waits on another's work after it; the MANIFEST
// keeps the list's order whatever it is.
struct PlannedFile {
  std::string name;
  std::function<void(ByteSink&)> stream;
  std::function<core::Expected<void>(const std::filesystem::path&)> by_name;
  int start = 0;
};

// One run's outputs written as a set (issue 10): every file goes into a fresh private folder
// (.runs/<period>_<run_id>.tmp, made 0700 by mkdir, which fails if the name exists), created
// O_EXCL|O_NOFOLLOW 0600 and fsynced; finish() adds a MANIFEST with each file's size and
// SHA-256, renames the folder to its final name and switches `<directory>/<period>` to it,
// so readers see the whole old set or the whole new one, never a mix. A partial set is not
// published over a complete one. begin() takes an exclusive lock (.runs/.lock, held until
// the object goes away) and removes what killed runs left. Owned by the one run writing.
class OutputSet {
 public:
  [[nodiscard]] static core::Expected<OutputSet> begin(OutputSetOptions options);
  OutputSet(OutputSet&& other) noexcept;
  OutputSet& operator=(OutputSet&&) = delete;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  // Removes the unfinished folder when finish() was not reached (an error on the way).
  ~OutputSet();

  // Adds `name` (a plain file name) with `content`.
  [[nodiscard]] core::Expected<void> add(const std::string& name, std::string_view content);
  // For writers that write a file by name (libxlsxwriter): the path to write `name` at, then
  // adopt(name) once it is written.
  [[nodiscard]] core::Expected<std::filesystem::path> path_for(const std::string& name) const;
  [[nodiscard]] core::Expected<void> adopt(const std::string& name);
  // Adds `files` as add() or path_for() and adopt() one after another would: the same names
  // in the MANIFEST in the same order, and the first failure in that order returned; but
  // written by `workers` threads at once. A name that add() would refuse ends the list there.
  [[nodiscard]] core::Expected<void> add_files(std::vector<PlannedFile> files,
                                               unsigned workers = 2);

  [[nodiscard]] core::Expected<FinishedSet> finish(bool complete);

  // Temporaries of killed runs that begin() removed (file names only).
  [[nodiscard]] const std::vector<std::string>& removed_stale() const { return removed_stale_; }
  [[nodiscard]] const std::vector<std::string>& names() const { return names_; }

 private:
  OutputSet() = default;
  [[nodiscard]] core::Expected<void> check_name(const std::string& name) const;
  [[nodiscard]] std::filesystem::path runs() const;
  [[nodiscard]] std::filesystem::path shown(const std::string& name) const;
  // Writes one file of add_files() (any thread): its entry when streamed, none when adopted.
  [[nodiscard]] core::Expected<std::optional<ManifestEntry>> write_planned(
      const PlannedFile& file) const;

  OutputSetOptions options_;
  FileDescriptor lock_;
  FileDescriptor runs_fd_;
  FileDescriptor folder_fd_;
  std::string folder_name_;  // final name, without the .tmp suffix
  std::vector<std::string> names_;
  // Entries of the files hashed as they were written; finish() reads the others back.
  std::map<std::string, ManifestEntry> hashed_;
  std::vector<std::string> removed_stale_;
  bool finished_ = false;
};

// ATPIPE_TEST_SLOW_WRITES=<ms>: sleep that long after each step of writing a set, so the
// kill test (tests/stress/kill_outputs.sh) can land SIGKILLs inside the write phase. Does
// nothing unless set.
void pause_for_kill_test();

}  // namespace atpipe::transforms
