#include "transforms/outputs/set_manifest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "transforms/outputs/secure_file.hpp"
#include "transforms/outputs/sha256.hpp"

namespace atpipe::transforms {
namespace {

constexpr std::string_view kHeader = "atpipe output set 1";

bool is_hex64(std::string_view s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// "file <sha256> <size> <name>"; the name comes last so it may hold spaces.
std::optional<ManifestEntry> parse_file_line(std::string_view rest) {
  ManifestEntry entry;
  auto space = rest.find(' ');
  if (space == std::string_view::npos || !is_hex64(rest.substr(0, space))) {
    return std::nullopt;
  }
  entry.sha256 = std::string(rest.substr(0, space));
  rest.remove_prefix(space + 1);
  space = rest.find(' ');
  // At most 19 digits, so the size always fits (a damaged manifest must not throw).
  if (space == 0 || space == std::string_view::npos || space > 19 ||
      rest.substr(0, space).find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  entry.size = std::stoull(std::string(rest.substr(0, space)));
  entry.name = std::string(rest.substr(space + 1));
  if (entry.name.empty()) {
    return std::nullopt;
  }
  return entry;
}

}  // namespace

std::string render_manifest(const Manifest& manifest) {
  std::string text = std::string(kHeader) + "\nrun_id " + manifest.run_id + "\nperiod " +
                     manifest.period + "\nstatus " + (manifest.complete ? "complete" : "partial") +
                     "\n";
  for (const auto& f : manifest.files) {
    text += "file " + f.sha256 + " " + std::to_string(f.size) + " " + f.name + "\n";
  }
  return text;
}

std::optional<Manifest> parse_manifest(std::string_view text) {
  std::istringstream lines{std::string(text)};
  std::string line;
  if (!std::getline(lines, line) || line != kHeader) {
    return std::nullopt;
  }
  Manifest manifest;
  std::string status;
  while (std::getline(lines, line)) {
    auto space = line.find(' ');
    if (space == std::string::npos) {
      return std::nullopt;
    }
    auto key = line.substr(0, space);
    auto value = line.substr(space + 1);
    if (key == "run_id") {
      manifest.run_id = value;
    } else if (key == "period") {
      manifest.period = value;
    } else if (key == "status") {
      status = value;
    } else if (auto entry = parse_file_line(value); key == "file" && entry) {
      manifest.files.push_back(std::move(*entry));
    } else {
      return std::nullopt;
    }
  }
  if (manifest.run_id.empty() || manifest.period.empty() ||
      (status != "complete" && status != "partial")) {
    return std::nullopt;
  }
  manifest.complete = status == "complete";
  return manifest;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 sha;
  sha.update(bytes);
  return sha.hex();
}

core::Expected<ManifestEntry> describe_file_at(int folder, const std::string& name,
                                               const std::filesystem::path& shown) {
  FileDescriptor fd(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    return io_failure(shown, "cannot read written file", errno);
  }
  Sha256 sha;
  ManifestEntry entry{name, 0, ""};
  std::array<char, 65536> buffer{};
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return io_failure(shown, "cannot read written file", errno);
    }
    if (n == 0) {
      break;
    }
    sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    entry.size += static_cast<std::uint64_t>(n);
  }
  entry.sha256 = sha.hex();
  return entry;
}

}  // namespace atpipe::transforms
