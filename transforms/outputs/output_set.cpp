#include "transforms/outputs/output_set.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <system_error>
#include <thread>

#include "transforms/outputs/set_manifest.hpp"
#include "transforms/outputs/set_publish.hpp"
#include "transforms/outputs/streamed_file.hpp"

namespace atpipe::transforms {
namespace {

namespace fs = std::filesystem;

core::Unexpected<core::Error> name_error(const std::string& message) {
  return core::fail(core::ErrorCode::Config, message);
}

bool plain_name(const std::string& name) {
  return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
}

// The output folder, made 0700 when atpipe creates it, and .runs/ inside it.
core::Expected<FileDescriptor> open_runs(const fs::path& directory) {
  std::error_code ec;
  if (!fs::exists(directory, ec)) {
    // The folder itself is made 0700 by mkdir (no chmod by name, which follows a symlink).
    if (!directory.parent_path().empty()) {
      fs::create_directories(directory.parent_path(), ec);
    }
    if (ec || (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST)) {
      return io_failure(directory, "cannot create output folder", ec ? ec.value() : errno);
    }
  }
  auto runs = directory / kRunsFolder;
  if (::mkdir(runs.c_str(), 0700) != 0 && errno != EEXIST) {
    return io_failure(runs, "cannot create folder", errno);
  }
  return open_folder(runs);
}

}  // namespace

void pause_for_kill_test() {
  static const long kMillis = [] {
    const char* value = std::getenv("ATPIPE_TEST_SLOW_WRITES");
    return value == nullptr ? 0L : std::strtol(value, nullptr, 10);
  }();
  if (kMillis > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kMillis));
  }
}

OutputSet::OutputSet(OutputSet&& other) noexcept
    : options_(std::move(other.options_)),
      lock_(std::move(other.lock_)),
      runs_fd_(std::move(other.runs_fd_)),
      folder_fd_(std::move(other.folder_fd_)),
      folder_name_(std::move(other.folder_name_)),
      names_(std::move(other.names_)),
      hashed_(std::move(other.hashed_)),
      removed_stale_(std::move(other.removed_stale_)),
      finished_(other.finished_) {
  other.finished_ = true;
}

OutputSet::~OutputSet() {
  if (!finished_ && !folder_name_.empty()) {
    std::error_code ec;
    fs::remove_all(runs() / (folder_name_ + kSetTempSuffix), ec);
  }
}

fs::path OutputSet::runs() const {
  return options_.directory / kRunsFolder;
}

fs::path OutputSet::shown(const std::string& name) const {
  return runs() / (folder_name_ + kSetTempSuffix) / name;
}

core::Expected<OutputSet> OutputSet::begin(OutputSetOptions options) {
  if (!plain_name(options.period) || !plain_name(options.run_id)) {
    return name_error("an output set needs a plain period and run id");
  }
  OutputSet set;
  set.options_ = std::move(options);
  auto runs_fd = open_runs(set.options_.directory);
  if (!runs_fd) {
    return core::fail(runs_fd.error());
  }
  set.runs_fd_ = std::move(*runs_fd);
  // One writer at a time: cleaning temporaries must never remove another run's set.
  set.lock_ = FileDescriptor(
      ::openat(set.runs_fd_.get(), ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!set.lock_.valid() || ::flock(set.lock_.get(), LOCK_EX) != 0) {
    return io_failure(set.runs() / ".lock", "cannot lock the output folder", errno);
  }
  set.removed_stale_ = remove_stale_temporaries(set.options_.directory);
  auto name = set.options_.period + "_" + set.options_.run_id;
  auto temp = name + kSetTempSuffix;
  if (::mkdirat(set.runs_fd_.get(), temp.c_str(), 0700) != 0) {
    return io_failure(set.runs() / temp, "cannot create output set folder", errno);
  }
  set.folder_name_ = name;
  set.folder_fd_ = FileDescriptor(
      ::openat(set.runs_fd_.get(), temp.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!set.folder_fd_.valid() || ::fchmod(set.folder_fd_.get(), 0700) != 0) {
    return io_failure(set.runs() / temp, "cannot open output set folder", errno);
  }
  return set;
}

core::Expected<void> OutputSet::check_name(const std::string& name) const {
  if (!plain_name(name) || name.front() == '.' || name == kManifestName ||
      name == options_.period) {
    return name_error("output name '" + name + "' must be a plain file name other than " +
                      kManifestName + " and the period");
  }
  if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
    return name_error("two outputs are both named '" + name + "'");
  }
  return {};
}

core::Expected<void> OutputSet::add(const std::string& name, std::string_view content) {
  if (auto ok = check_name(name); !ok) {
    return ok;
  }
  auto file = StreamedFile::create(folder_fd_.get(), name, shown(name));
  if (!file) {
    return core::fail(file.error());
  }
  file->write(content);
  auto entry = file->close();
  if (!entry) {
    return core::fail(entry.error());
  }
  names_.push_back(name);
  hashed_.emplace(name, std::move(*entry));
  pause_for_kill_test();
  return {};
}

core::Expected<fs::path> OutputSet::path_for(const std::string& name) const {
  if (auto ok = check_name(name); !ok) {
    return core::fail(ok.error());
  }
  return shown(name);
}

core::Expected<void> OutputSet::adopt(const std::string& name) {
  if (auto sealed = seal_file_at(folder_fd_.get(), name, shown(name)); !sealed) {
    return sealed;
  }
  names_.push_back(name);
  pause_for_kill_test();
  return {};
}

core::Expected<FinishedSet> OutputSet::finish(bool complete) {
  auto temp = folder_name_ + kSetTempSuffix;
  Manifest manifest{options_.run_id, options_.period, complete, {}};
  for (const auto& name : names_) {
    if (auto known = hashed_.find(name); known != hashed_.end()) {
      manifest.files.push_back(known->second);
      continue;
    }
    auto entry = describe_file_at(folder_fd_.get(), name, runs() / temp / name);
    if (!entry) {
      return core::fail(entry.error());
    }
    manifest.files.push_back(std::move(*entry));
  }
  auto written = write_new_file_at(folder_fd_.get(), kManifestName, render_manifest(manifest),
                                   runs() / temp / kManifestName);
  if (!written) {
    return core::fail(written.error());
  }
  if (::fsync(folder_fd_.get()) != 0) {
    return io_failure(runs() / temp, "cannot flush output set folder", errno);
  }
  FinishedSet done;
  auto final_name = folder_name_ + (complete ? "" : "-partial");
  done.folder = runs() / final_name;
  if (::renameat(runs_fd_.get(), temp.c_str(), runs_fd_.get(), final_name.c_str()) != 0 ||
      ::fsync(runs_fd_.get()) != 0) {
    return io_failure(done.folder, "cannot move output set into place", errno);
  }
  finished_ = true;
  pause_for_kill_test();
  const auto& dir = options_.directory;
  auto shown = published_status(dir, options_.period);
  done.published =
      complete || ((shown == PublishedStatus::None || shown == PublishedStatus::Partial) &&
                   !has_plain_outputs(dir, names_));
  if (done.published) {
    auto link = dir / options_.period;
    if (auto switched = switch_link(link, std::string(kRunsFolder) + "/" + final_name); !switched) {
      return core::fail(switched.error());
    }
    pause_for_kill_test();
    if (auto linked = link_stable_names(dir, options_.period, names_); !linked) {
      return core::fail(linked.error());
    }
  }
  done.pruned = prune_sets(dir, options_.period, options_.keep);
  return done;
}

}  // namespace atpipe::transforms
