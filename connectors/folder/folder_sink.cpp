#include "connectors/folder/folder_sink.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "config/basic_factory.hpp"
#include "config/sink_registry.hpp"
#include "core/test_hook.hpp"

namespace atpipe::connectors::folder {
namespace {

// A descriptor closed on scope exit.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

core::Unexpected<core::Error> io_error(const std::string& sink, const std::filesystem::path& path,
                                       const std::string& what, int err) {
  // ENOSPC, EIO and the like may clear; a missing folder or a refused permission will not
  // clear by waiting, but the operator can fix them and run `atpipe submit` again.
  return core::fail(core::ErrorCode::Io, what + ": " + std::strerror(err),
                    core::Provenance{sink, path.string(), 0, ""});
}

core::Expected<void> write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return core::fail(core::ErrorCode::Io, std::strerror(errno));
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// Writes `content` to `name` in `folder` under a hidden temporary name, fsync, rename, fsync of
// the folder. `step` names the test pause points.
core::Expected<void> write_atomically(int folder, const std::string& name, std::string_view content,
                                      const std::string& sink, const std::filesystem::path& where) {
  const std::string temp = "." + name + ".tmp";
  if (::unlinkat(folder, temp.c_str(), 0) != 0 && errno != ENOENT) {
    return io_error(sink, where / temp, "cannot remove a stale temporary file", errno);
  }
  Fd file(
      ::openat(folder, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (file.fd < 0) {
    return io_error(sink, where / temp, "cannot create the temporary file", errno);
  }
  ::fchmod(file.fd, 0600);  // whatever the umask
  if (auto written = write_all(file.fd, content); !written) {
    return io_error(sink, where / temp, "cannot write the temporary file", errno);
  }
  if (::fsync(file.fd) != 0) {
    return io_error(sink, where / temp, "cannot fsync the temporary file", errno);
  }
  core::test_pause("folder_temp_written");
  if (::renameat(folder, temp.c_str(), folder, name.c_str()) != 0) {
    return io_error(sink, where / name, "cannot rename the temporary file", errno);
  }
  core::test_pause("folder_renamed");
  if (::fsync(folder) != 0) {
    return io_error(sink, where, "cannot fsync the folder", errno);
  }
  return {};
}

core::Expected<std::optional<std::string>> read_at(int folder, const std::string& name) {
  Fd file(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (file.fd < 0) {
    if (errno == ENOENT) {
      return std::optional<std::string>();
    }
    return core::fail(core::ErrorCode::Io, std::strerror(errno));
  }
  std::string out;
  char buffer[65536];
  ssize_t n = 0;
  while ((n = ::read(file.fd, buffer, sizeof buffer)) > 0) {
    out.append(buffer, static_cast<std::size_t>(n));
  }
  if (n < 0) {
    return core::fail(core::ErrorCode::Io, std::strerror(errno));
  }
  return std::optional<std::string>(std::move(out));
}

std::string sidecar_name(const std::string& name) {
  return "." + name + ".atpipe";
}

}  // namespace

FolderSink::FolderSink(std::string name, FolderConfigPtr config)
    : name_(std::move(name)), config_(std::move(config)) {
  const std::string logger_name = "sink:folder:" + name_;
  log_ = spdlog::get(logger_name);
  if (!log_) {
    log_ = spdlog::stderr_color_mt(logger_name);
  }
}

std::string FolderSink::delivered_name(const core::Artefact& artefact) const {
  if (config_->naming == Naming::Sidecar) {
    return artefact.file_name;
  }
  const std::filesystem::path file(artefact.file_name);
  return file.stem().string() + "_" + artefact.local_id + file.extension().string();
}

core::Expected<core::Receipt> FolderSink::send(const core::Artefact& artefact) {
  const auto& where = config_->path;
  Fd folder(::open(where.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder.fd < 0) {
    return io_error(name_, where, "cannot open the delivery folder", errno);
  }
  const std::string name = delivered_name(artefact);
  if (auto written = write_atomically(folder.fd, name, artefact.content, name_, where); !written) {
    return core::fail(std::move(written).error());
  }
  if (config_->naming == Naming::Sidecar) {
    if (auto side = write_sidecar(folder.fd, artefact); !side) {
      return core::fail(std::move(side).error());
    }
  }
  log_->info("delivered {} ({} bytes)", name, artefact.content.size());
  return core::Receipt{(where / name).string(), "written to " + (where / name).string()};
}

core::Expected<void> FolderSink::write_sidecar(int folder, const core::Artefact& artefact) {
  return write_atomically(folder, sidecar_name(artefact.file_name), artefact.local_id + "\n", name_,
                          config_->path);
}

core::Expected<std::optional<core::Receipt>> FolderSink::find(const core::Artefact& artefact) {
  const auto& where = config_->path;
  Fd folder(::open(where.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder.fd < 0) {
    return io_error(name_, where, "cannot open the delivery folder", errno);
  }
  const std::string name = delivered_name(artefact);
  const core::Receipt found{(where / name).string(), "found in " + (where / name).string()};
  auto delivered = read_at(folder.fd, name);
  if (!delivered) {
    return io_error(name_, where / name, "cannot read the delivered file", errno);
  }
  if (config_->naming == Naming::LocalId) {
    // The id is in the name, so the name alone proves this artefact arrived whole (rename).
    return *delivered ? std::optional<core::Receipt>(found) : std::nullopt;
  }
  auto side = read_at(folder.fd, sidecar_name(artefact.file_name));
  if (!side) {
    return io_error(name_, where, "cannot read the sidecar", errno);
  }
  if (*side && **side == artefact.local_id + "\n") {
    return std::optional<core::Receipt>(found);
  }
  // A crash between the file's rename and its sidecar's: the same bytes under the name are
  // this artefact, so finish the sidecar instead of sending again.
  if (*delivered && **delivered == artefact.content) {
    if (auto written = write_sidecar(folder.fd, artefact); !written) {
      return core::fail(std::move(written).error());
    }
    return std::optional<core::Receipt>(found);
  }
  return std::optional<core::Receipt>();
}

core::Expected<core::DeliveryStatus> FolderSink::track(const core::Receipt& receipt) {
  // A rename in a synced folder is final: there is no later confirmation to wait for.
  return core::DeliveryStatus{core::Delivery::Delivered, "in " + receipt.id};
}

namespace {

// The folder sink's factory: keys and checks in folder_config.cpp.
struct FolderTraits {
  using Config = FolderConfig;
  static constexpr std::string_view kType = "folder";
  static constexpr std::string_view kSummary =
      "writes the upload file into a folder another tool collects from";
  static const config::KeyTable& keys() { return folder_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_folder_config(reader);
  }
  static core::Expected<core::SinkPtr> make(const config::SinkSpec& spec, FolderConfigPtr typed) {
    return core::SinkPtr(std::make_unique<FolderSink>(spec.name, std::move(typed)));
  }
};

using FolderFactory = config::BasicSinkFactory<FolderTraits>;

}  // namespace

ATPIPE_REGISTER_SINK("folder", FolderFactory)

}  // namespace atpipe::connectors::folder
