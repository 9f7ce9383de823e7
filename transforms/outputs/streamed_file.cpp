#include "transforms/outputs/streamed_file.hpp"

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
