#include "transforms/outputs/secure_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <system_error>

namespace atpipe::transforms {
namespace {

core::Unexpected<core::Error> io_error(const std::filesystem::path& path, const std::string& what,
                                       int err) {
  return core::fail(core::ErrorCode::Io, what + ": " + std::strerror(err),
                    core::Provenance{"", path.string(), 0, ""});
}

}  // namespace

std::filesystem::path temp_beside(const std::filesystem::path& path) {
  std::random_device rd;
  auto tmp = path;
  tmp += ".tmp" + std::to_string(rd() % 1000000);
  return tmp;
}

core::Expected<void> commit_temp(const std::filesystem::path& tmp,
                                 const std::filesystem::path& path) {
  if (::chmod(tmp.c_str(), 0600) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error(path, "cannot move the file into place", err);
  }
  return {};
}

core::Expected<void> write_file_atomic(const std::filesystem::path& path,
                                       std::string_view content) {
  std::error_code ec;
  auto parent = path.parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return io_error(parent, "cannot create output folder", ec.value());
    }
    std::filesystem::permissions(parent, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  auto tmp = temp_beside(path);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return io_error(tmp, "cannot create file", errno);
  }
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return io_error(tmp, "cannot write file", err);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error(tmp, "cannot flush file", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return io_error(path, "cannot replace file", err);
  }
  return {};
}

}  // namespace atpipe::transforms
