#include "transforms/outputs/set_publish.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include "transforms/outputs/secure_file.hpp"
#include "transforms/outputs/set_manifest.hpp"

namespace atpipe::transforms {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix.data(), suffix.size()) == 0;
}

// "<name>.tmp" followed by 1 to 6 digits: write_file_atomic's, switch_link's and the
// temporaries of versions before output sets.
bool is_temp_file_name(const std::string& name) {
  auto at = name.rfind(".tmp");
  if (at == std::string::npos || at == 0) {
    return false;
  }
  auto digits = name.size() - at - 4;
  return digits >= 1 && digits <= 6 &&
         name.find_first_not_of("0123456789", at + 4) == std::string::npos;
}

std::string link_target(const fs::path& link) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(link, ec))) {
    return "";
  }
  auto target = fs::read_symlink(link, ec);
  return ec ? "" : target.string();
}

std::vector<std::string> entries(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  return names;
}

}  // namespace

std::vector<std::string> remove_stale_temporaries(const fs::path& directory) {
  std::vector<std::string> removed;
  std::error_code ec;
  auto runs = directory / kRunsFolder;
  for (const auto& name : entries(runs)) {
    if (ends_with(name, kSetTempSuffix) && fs::remove_all(runs / name, ec) > 0 && !ec) {
      removed.push_back(std::string(kRunsFolder) + "/" + name);
    }
  }
  for (const auto& name : entries(directory)) {
    auto status = fs::symlink_status(directory / name, ec);
    bool file_or_link = fs::is_regular_file(status) || fs::is_symlink(status);
    if (file_or_link && is_temp_file_name(name) && ::unlink((directory / name).c_str()) == 0) {
      removed.push_back(name);
    }
  }
  return removed;
}

std::string published_set(const fs::path& directory, const std::string& period) {
  auto target = link_target(directory / period);
  std::string prefix = std::string(kRunsFolder) + "/";
  return target.rfind(prefix, 0) == 0 ? target.substr(prefix.size()) : "";
}

PublishedStatus published_status(const fs::path& directory, const std::string& period) {
  std::error_code ec;
  auto status = fs::symlink_status(directory / period, ec);
  if (!fs::exists(status)) {
    return PublishedStatus::None;
  }
  if (published_set(directory, period).empty()) {
    return PublishedStatus::Unknown;
  }
  std::ifstream in(directory / period / kManifestName, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto manifest = parse_manifest(text.str());
  if (!manifest) {
    return PublishedStatus::Unknown;
  }
  return manifest->complete ? PublishedStatus::Complete : PublishedStatus::Partial;
}

bool has_plain_outputs(const fs::path& directory, const std::vector<std::string>& names) {
  std::error_code ec;
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    return fs::is_regular_file(fs::symlink_status(directory / name, ec));
  });
}

core::Expected<void> switch_link(const fs::path& link, const std::string& target) {
  std::random_device rd;
  fs::path tmp;
  int err = EEXIST;
  for (int attempt = 0; attempt < 8 && err == EEXIST; ++attempt) {
    tmp = link;
    tmp += ".tmp" + std::to_string(rd() % 1000000);
    err = ::symlink(target.c_str(), tmp.c_str()) == 0 ? 0 : errno;
  }
  if (err != 0) {
    return io_failure(link, "cannot create link", err);
  }
  if (::rename(tmp.c_str(), link.c_str()) != 0) {
    err = errno;
    ::unlink(tmp.c_str());
    return io_failure(link, "cannot switch link", err);
  }
  return sync_folder(link.parent_path());
}

core::Expected<void> link_stable_names(const fs::path& directory, const std::string& period,
                                       const std::vector<std::string>& names) {
  for (const auto& name : names) {
    auto target = period + "/" + name;
    if (link_target(directory / name) == target) {
      continue;
    }
    if (auto switched = switch_link(directory / name, target); !switched) {
      return switched;
    }
  }
  auto prefix = period + "/";
  for (const auto& name : entries(directory)) {
    auto target = link_target(directory / name);
    if (target.rfind(prefix, 0) == 0 &&
        std::find(names.begin(), names.end(), target.substr(prefix.size())) == names.end()) {
      ::unlink((directory / name).c_str());
    }
  }
  return {};
}

std::vector<std::string> prune_sets(const fs::path& directory, const std::string& period,
                                    std::size_t keep) {
  auto runs = directory / kRunsFolder;
  auto published = published_set(directory, period);
  std::vector<std::string> others;
  for (const auto& name : entries(runs)) {
    if (name.rfind(period + "_", 0) == 0 && !ends_with(name, kSetTempSuffix) && name != published) {
      others.push_back(name);
    }
  }
  // Run ids begin with the UTC time, so names sort oldest first. The published set is one
  // of the `keep`, whatever its age.
  std::sort(others.rbegin(), others.rend());
  std::size_t keep_others = published.empty() || keep == 0 ? keep : keep - 1;
  std::vector<std::string> removed;
  std::error_code ec;
  for (std::size_t i = keep_others; i < others.size(); ++i) {
    if (fs::remove_all(runs / others[i], ec) > 0 && !ec) {
      removed.push_back(others[i]);
    }
  }
  return removed;
}

}  // namespace atpipe::transforms
