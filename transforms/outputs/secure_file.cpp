#include "transforms/outputs/secure_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <system_error>

namespace atpipe::transforms {
namespace {

std::filesystem::path random_temp_name(const std::filesystem::path& path) {
  std::random_device rd;
  auto tmp = path;
  tmp += ".tmp" + std::to_string(rd() % 1000000);
  return tmp;
}

}  // namespace

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

core::Unexpected<core::Error> io_failure(const std::filesystem::path& path, const std::string& what,
                                         int err) {
  return core::fail(core::ErrorCode::Io, what + ": " + std::strerror(err),
                    core::Provenance{"", path.string(), 0, ""});
}

core::Expected<FileDescriptor> open_folder(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    return io_failure(path, "cannot open folder", errno);
  }
  return FileDescriptor(fd);
}

core::Expected<void> sync_folder(const std::filesystem::path& path) {
  auto folder = open_folder(path);
  if (!folder) {
    return core::fail(folder.error());
  }
  if (::fsync(folder->get()) != 0) {
    return io_failure(path, "cannot flush folder", errno);
  }
  return {};
}

int write_all(int fd, std::string_view content) {
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    written += static_cast<std::size_t>(n);
  }
  return 0;
}

core::Expected<FileDescriptor> create_new_file_at(int folder, const std::string& name,
                                                  const std::filesystem::path& shown) {
  FileDescriptor fd(
      ::openat(folder, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) {
    return io_failure(shown, "cannot create file", errno);
  }
  // The umask may only take bits away; this makes sure nothing else is left.
  if (::fchmod(fd.get(), 0600) != 0) {
    return io_failure(shown, "cannot set file permissions", errno);
  }
  return fd;
}

core::Expected<void> write_new_file_at(int folder, const std::string& name,
                                       std::string_view content,
                                       const std::filesystem::path& shown) {
  auto fd = create_new_file_at(folder, name, shown);
  if (!fd) {
    return core::fail(fd.error());
  }
  if (int err = write_all(fd->get(), content); err != 0) {
    return io_failure(shown, "cannot write file", err);
  }
  if (::fsync(fd->get()) != 0) {
    return io_failure(shown, "cannot flush file", errno);
  }
  return {};
}

core::Expected<void> seal_file_at(int folder, const std::string& name,
                                  const std::filesystem::path& shown) {
  FileDescriptor fd(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    return io_failure(shown, "cannot open written file", errno);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return io_failure(shown, "cannot inspect written file", errno);
  }
  if (!S_ISREG(info.st_mode)) {
    return io_failure(shown, "written file is not a regular file", EINVAL);
  }
  if (::fchmod(fd.get(), 0600) != 0 || ::fsync(fd.get()) != 0) {
    return io_failure(shown, "cannot secure written file", errno);
  }
  return {};
}

core::Expected<void> write_file_atomic(const std::filesystem::path& path,
                                       std::string_view content) {
  std::error_code ec;
  auto parent = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  if (!std::filesystem::exists(parent, ec)) {
    // Made 0700 by mkdir itself: no chmod by name, which would follow a symlink.
    if (!parent.parent_path().empty()) {
      std::filesystem::create_directories(parent.parent_path(), ec);
    }
    if (ec || (::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST)) {
      return io_failure(parent, "cannot create output folder", ec ? ec.value() : errno);
    }
  }
  auto folder = open_folder(parent);
  if (!folder) {
    return core::fail(folder.error());
  }
  auto tmp = random_temp_name(path).filename().string();
  if (auto written = write_new_file_at(folder->get(), tmp, content, path); !written) {
    ::unlinkat(folder->get(), tmp.c_str(), 0);
    return written;
  }
  if (::renameat(folder->get(), tmp.c_str(), folder->get(), path.filename().c_str()) != 0) {
    int err = errno;
    ::unlinkat(folder->get(), tmp.c_str(), 0);
    return io_failure(path, "cannot replace file", err);
  }
  return {};
}

std::filesystem::path temp_beside(const std::filesystem::path& path) {
  std::string folder = random_temp_name(path).string() + "XXXXXX";
  if (::mkdtemp(folder.data()) == nullptr) {
    return {};
  }
  return std::filesystem::path(folder) / path.filename();
}

core::Expected<void> commit_temp(const std::filesystem::path& tmp,
                                 const std::filesystem::path& path) {
  auto private_folder = tmp.parent_path();
  auto cleanup = [&] {
    ::unlink(tmp.c_str());
    ::rmdir(private_folder.c_str());
  };
  auto folder = open_folder(private_folder);
  if (!folder) {
    cleanup();
    return core::fail(folder.error());
  }
  if (auto sealed = seal_file_at(folder->get(), tmp.filename().string(), path); !sealed) {
    cleanup();
    return sealed;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    cleanup();
    return io_failure(path, "cannot move the file into place", err);
  }
  ::rmdir(private_folder.c_str());
  return {};
}

}  // namespace atpipe::transforms
