#include "transforms/outputs/streamed_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace atpipe::transforms {

core::Expected<StreamedFile> StreamedFile::create(int folder, const std::string& name,
                                                  const std::filesystem::path& shown) {
  auto fd = create_new_file_at(folder, name, shown);
  if (!fd) {
    return core::fail(fd.error());
  }
  return StreamedFile(std::move(*fd), name, shown);
}

void StreamedFile::write(std::string_view bytes) {
  if (error_ != 0 || bytes.empty()) {
    return;
  }
  sha_.update(bytes);
  size_ += bytes.size();
  error_ = write_all(fd_.get(), bytes);
  if (error_ == 0 && size_ - started_to_disk_ >= kWritebackBytes) {
    // Starts writing what has gathered to the disk while the rest is made, so that close()'s
    // fsync waits for the last part only (a file of 600 MB otherwise waited ~0.3 s there). A
    // hint: the fsync still makes the file durable, and a refusal changes nothing.
    ::sync_file_range(fd_.get(), static_cast<off_t>(started_to_disk_),
                      static_cast<off_t>(size_ - started_to_disk_), SYNC_FILE_RANGE_WRITE);
    started_to_disk_ = size_;
  }
}

core::Expected<ManifestEntry> StreamedFile::close() {
  if (error_ != 0) {
    return io_failure(shown_, "cannot write file", error_);
  }
  if (::fsync(fd_.get()) != 0) {
    return io_failure(shown_, "cannot flush file", errno);
  }
  fd_ = FileDescriptor();
  return ManifestEntry{name_, size_, sha_.hex()};
}

}  // namespace atpipe::transforms
