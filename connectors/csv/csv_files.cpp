#include "connectors/csv/csv_files.hpp"

#include "core/regular_file.hpp"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>
#include <utility>

namespace atpipe::connectors::csv {
namespace fs = std::filesystem;
namespace {

std::string quoted(const fs::path& path) {
  // Appended piecewise: `"'" + std::string` inlined at -O3 trips GCC 12's -Wrestrict.
  std::string out = "'";
  out += path.string();
  out += '\'';
  return out;
}

// Why a matching folder entry is not read, or "" when it is a regular file (or a link to one)
// this process may read. Links are followed: a drop folder may hold links to the extracts.
std::string why_skipped(const fs::directory_entry& entry) {
  std::error_code ec;
  const fs::file_status status = entry.status(ec);
  if (ec) {
    if (ec == std::errc::too_many_symbolic_link_levels) {
      return "is a symbolic link loop";
    }
    if (ec == std::errc::no_such_file_or_directory) {
      return "is a symbolic link to nothing (dangling)";
    }
    return "cannot be examined: " + ec.message();
  }
  if (status.type() != fs::file_type::regular) {
    return core::why_not_regular(status.type());
  }
  if (::access(entry.path().c_str(), R_OK) != 0) {
    return "cannot be read: " + std::generic_category().message(errno);
  }
  return "";
}

// Files directly in `dir` whose names match `pattern`, sorted by name. `prefix` is what the
// caller wrote for the directory ("" for the current one), so the paths read as configured.
core::Expected<FileList> match_in(const fs::path& dir, const fs::path& prefix,
                                  const std::string& pattern, std::string nothing_found,
                                  const core::Provenance& where) {
  FileList out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD) != 0) {
      continue;
    }
    if (std::string reason = why_skipped(*it); !reason.empty()) {
      out.skipped.push_back({(prefix / name).string(), std::move(reason)});
      continue;
    }
    out.files.push_back(prefix / name);
  }
  if (ec) {
    return core::fail(core::ErrorCode::Io,
                      "cannot list directory " + quoted(dir) + ": " + ec.message(), where);
  }
  const auto by_name = [](const auto& a, const auto& b) { return a < b; };
  std::sort(out.files.begin(), out.files.end(),
            [&](const fs::path& a, const fs::path& b) { return by_name(a.native(), b.native()); });
  std::sort(out.skipped.begin(), out.skipped.end(),
            [&](const auto& a, const auto& b) { return by_name(a.file, b.file); });
  if (out.files.empty()) {
    out.nothing_found = std::move(nothing_found);
  }
  return out;
}

// Like fs::status, but only "not found" is a normal answer; anything else (a parent directory
// we may not enter) is an error, so it is not mistaken for a missing file.
core::Expected<fs::file_status> status_of(const fs::path& path, const core::Provenance& where) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec && status.type() != fs::file_type::not_found) {
    return core::fail(core::ErrorCode::Io, "cannot access " + quoted(path) + ": " + ec.message(),
                      where);
  }
  return status;
}

}  // namespace

core::Expected<FileList> list_csv_files(const CsvConfig& config, const core::Provenance& where) {
  const fs::path& path = config.path;
  if (has_wildcard(path.filename().string())) {
    const fs::path parent = path.parent_path();
    const fs::path dir = parent.empty() ? fs::path(".") : parent;
    std::string nothing_found = "no file matches " + quoted(path);
    auto status = status_of(dir, where);
    if (!status) {
      return core::fail(std::move(status).error());
    }
    if (!fs::is_directory(*status)) {
      return FileList{{}, std::move(nothing_found), {}};
    }
    return match_in(dir, parent, path.filename().string(), std::move(nothing_found), where);
  }

  auto status = status_of(path, where);
  if (!status) {
    return core::fail(std::move(status).error());
  }
  const bool exists = fs::exists(*status);
  const bool is_dir = fs::is_directory(*status);
  if (config.glob || is_dir || !path.has_filename()) {
    if (!exists) {
      return FileList{{}, "directory " + quoted(path) + " does not exist", {}};
    }
    if (!is_dir) {
      return core::fail(core::ErrorCode::Config,
                        "'glob' is set but " + quoted(path) + " is a file, not a directory", where);
    }
    const std::string pattern = config.glob.value_or(kDefaultGlob);
    return match_in(path, path, pattern,
                    "no file in " + quoted(path) + " matches '" + pattern + "'", where);
  }
  if (!exists) {
    return FileList{{}, "file " + quoted(path) + " does not exist", {}};
  }
  return FileList{{path}, "", {}};
}

}  // namespace atpipe::connectors::csv
