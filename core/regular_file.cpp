#include "core/regular_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <system_error>
#include <utility>

namespace atpipe::core {
namespace fs = std::filesystem;
namespace {

// Closes the descriptor it holds when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

fs::file_type type_of(mode_t mode) {
  if (S_ISREG(mode)) {
    return fs::file_type::regular;
  }
  if (S_ISDIR(mode)) {
    return fs::file_type::directory;
  }
  if (S_ISFIFO(mode)) {
    return fs::file_type::fifo;
  }
  if (S_ISSOCK(mode)) {
    return fs::file_type::socket;
  }
  if (S_ISCHR(mode)) {
    return fs::file_type::character;
  }
  return S_ISBLK(mode) ? fs::file_type::block : fs::file_type::unknown;
}

Error io_error(std::string message, const Provenance& where) {
  return Error(ErrorCode::Io, std::move(message), where);
}

// Opens `file` for reading without blocking (a FIFO with no writer would otherwise wait for
// ever) and checks, on the descriptor itself, that it is a regular file: no window between a
// check and the open. Returns the descriptor and the file's size.
Expected<std::pair<std::shared_ptr<Descriptor>, std::uint64_t>> open_regular(
    const fs::path& file, const Provenance& where) {
  auto fd = std::make_shared<Descriptor>(
      ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd->get() < 0) {
    const int error = errno;
    if (error == ENXIO) {
      return fail(
          io_error("is a socket, not a regular file; atpipe reads only regular files", where));
    }
    return fail(io_error("cannot open the file: " + std::generic_category().message(error), where));
  }
  struct stat info {};
  if (::fstat(fd->get(), &info) != 0) {
    return fail(
        io_error("cannot examine the file: " + std::generic_category().message(errno), where));
  }
  if (!S_ISREG(info.st_mode)) {
    return fail(io_error(why_not_regular(type_of(info.st_mode)) +
                             ", not a regular file; atpipe reads only regular files",
                         where));
  }
  // Back to blocking reads: O_NONBLOCK was only for the open.
  ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) & ~O_NONBLOCK);
  return std::make_pair(std::move(fd), static_cast<std::uint64_t>(info.st_size));
}

// Up to `limit` bytes from `fd` into `out`; sets `more` when the file holds further bytes.
Expected<void> read_up_to(int fd, std::uint64_t limit, std::string& out, bool& more,
                          const Provenance& where) {
  std::array<char, 1 << 16> buffer{};
  more = false;
  for (;;) {
    const std::uint64_t room = limit - out.size();
    // One byte past the limit tells a file that is exactly `limit` long from a longer one.
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), room + 1));
    const ssize_t got = ::read(fd, buffer.data(), want);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(
          io_error("cannot read the file: " + std::generic_category().message(errno), where));
    }
    if (got == 0) {
      return {};
    }
    const auto count = static_cast<std::uint64_t>(got);
    if (count > room) {
      out.append(buffer.data(), static_cast<std::size_t>(room));
      more = true;
      return {};
    }
    out.append(buffer.data(), static_cast<std::size_t>(count));
  }
}

}  // namespace

std::string why_not_regular(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular:
      return "";
    case fs::file_type::directory:
      return "is a folder";
    case fs::file_type::fifo:
      return "is a FIFO (named pipe)";
    case fs::file_type::socket:
      return "is a socket";
    case fs::file_type::character:
    case fs::file_type::block:
      return "is a device";
    case fs::file_type::symlink:
      return "is a symbolic link";
    default:
      return "is not a regular file";
  }
}

Expected<std::string> read_regular_file(const fs::path& file, const Provenance& where,
                                        std::uint64_t max_size) {
  auto opened = open_regular(file, where);
  if (!opened) {
    return fail(std::move(opened).error());
  }
  const auto too_big = [&](const std::string& size) {
    return fail(io_error(
        "the file is " + size + " than max_file_size (" + std::to_string(max_size) + " bytes)",
        where));
  };
  const std::uint64_t size = opened->second;
  if (size > max_size) {
    return too_big(std::to_string(size) + " bytes, more");
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(size));
  // Read to the end rather than trusting the size (a file still being written may grow), but
  // never past the limit.
  bool more = false;
  if (auto read = read_up_to(opened->first->get(), max_size, out, more, where); !read) {
    return fail(std::move(read).error());
  }
  if (more) {
    return too_big("growing and now larger");
  }
  return out;
}

Expected<FilePrefix> read_regular_prefix(const fs::path& file, const Provenance& where,
                                         std::uint64_t max_size) {
  auto opened = open_regular(file, where);
  if (!opened) {
    return fail(std::move(opened).error());
  }
  FilePrefix out;
  bool more = false;
  if (auto read = read_up_to(opened->first->get(), max_size, out.bytes, more, where); !read) {
    return fail(std::move(read).error());
  }
  out.whole = !more;
  return out;
}

}  // namespace atpipe::core
