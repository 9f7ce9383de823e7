// OutputSet::add_files(): the files of a set written on several threads, with the result the
// serial add() calls would give.

#include <algorithm>
#include <atomic>
#include <future>
#include <numeric>
#include <optional>

#include "transforms/outputs/output_set.hpp"
#include "transforms/outputs/streamed_file.hpp"

namespace atpipe::transforms {

core::Expected<std::optional<ManifestEntry>> OutputSet::write_planned(
    const PlannedFile& file) const {
  if (file.stream) {
    auto out = StreamedFile::create(folder_fd_.get(), file.name, shown(file.name));
    if (!out) {
      return core::fail(out.error());
    }
    file.stream(*out);
    auto entry = out->close();
    if (!entry) {
      return core::fail(entry.error());
    }
    return std::optional<ManifestEntry>(std::move(*entry));
  }
  if (auto written = file.by_name(shown(file.name)); !written) {
    return core::fail(written.error());
  }
  if (auto sealed = seal_file_at(folder_fd_.get(), file.name, shown(file.name)); !sealed) {
    return core::fail(sealed.error());
  }
  return std::optional<ManifestEntry>();
}

core::Expected<void> OutputSet::add_files(std::vector<PlannedFile> files, unsigned workers) {
  // Names are checked in order before anything is written, as the serial calls would meet them.
  std::optional<core::Error> refused;
  std::size_t count = 0;
  const auto before = names_.size();
  for (; count < files.size(); ++count) {
    if (auto ok = check_name(files[count].name); !ok) {
      refused = ok.error();
      break;
    }
    names_.push_back(files[count].name);  // so that a repeated name in `files` is refused
  }
  names_.resize(before);
  // Each thread takes the next file not yet started; each file has its own result slot, so
  // the outcome does not depend on which thread wrote what.
  std::vector<std::optional<core::Expected<std::optional<ManifestEntry>>>> results(count);
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return files[a].start < files[b].start; });
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t at = next++; at < count; at = next++) {
      results[order[at]] = write_planned(files[order[at]]);
    }
  };
  std::vector<std::future<void>> helpers;
  for (unsigned w = 1; w < workers; ++w) {
    helpers.push_back(std::async(std::launch::async, work));
  }
  work();
  for (auto& helper : helpers) {
    helper.get();  // rethrows what a writer threw, as a serial call would have
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (!*results[i]) {
      return core::fail(results[i]->error());
    }
    names_.push_back(files[i].name);
    if (auto& entry = **results[i]; entry) {
      hashed_.emplace(files[i].name, std::move(*entry));
    }
    pause_for_kill_test();
  }
  if (refused) {
    return core::fail(std::move(*refused));
  }
  return {};
}

}  // namespace atpipe::transforms
