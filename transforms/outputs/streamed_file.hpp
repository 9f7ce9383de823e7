#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "transforms/outputs/byte_sink.hpp"
#include "transforms/outputs/secure_file.hpp"
#include "transforms/outputs/set_manifest.hpp"
#include "transforms/outputs/sha256.hpp"

namespace atpipe::transforms {

// One file of an output set written as its text is produced: created like write_new_file_at()
// (O_EXCL|O_NOFOLLOW, 0600), each write goes straight to the file and into a running SHA-256,
// so the MANIFEST entry is known when the file is closed, without holding or reading back the
// file. Writes do not fail one by one: the first error is kept and close() reports it. Owned by
// the one thread writing the file.
class StreamedFile final : public ByteSink {
 public:
  [[nodiscard]] static core::Expected<StreamedFile> create(int folder, const std::string& name,
                                                           const std::filesystem::path& shown);
  StreamedFile(StreamedFile&&) = default;
  StreamedFile& operator=(StreamedFile&&) = default;
  ~StreamedFile() override = default;

  void write(std::string_view bytes) override;
  // Fsyncs the file and gives its size and SHA-256, or the first error met while writing.
  [[nodiscard]] core::Expected<ManifestEntry> close();

 private:
  StreamedFile(FileDescriptor fd, std::string name, std::filesystem::path shown)
      : fd_(std::move(fd)), name_(std::move(name)), shown_(std::move(shown)) {}

  FileDescriptor fd_;
  std::string name_;
  std::filesystem::path shown_;
  Sha256 sha_;
  static constexpr std::uint64_t kWritebackBytes = 16ULL << 20;

  std::uint64_t size_ = 0;
  std::uint64_t started_to_disk_ = 0;  // bytes whose write-back was started
  int error_ = 0;                      // errno of the first failed write
};

}  // namespace atpipe::transforms
