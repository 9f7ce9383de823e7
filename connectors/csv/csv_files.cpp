#include "connectors/csv/csv_files.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
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

// Files directly in `dir` whose names match `pattern`, sorted by name. `prefix` is what the
// caller wrote for the directory ("" for the current one), so the paths read as configured.
core::Expected<FileList> match_in(const fs::path& dir, const fs::path& prefix,
                                  const std::string& pattern, std::string nothing_found,
                                  const core::Provenance& where) {
  FileList out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code type_ec;
    if (fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD) == 0 && it->is_regular_file(type_ec)) {
      out.files.push_back(prefix / name);
    }
  }
  if (ec) {
    return core::fail(core::ErrorCode::Io,
                      "cannot list directory " + quoted(dir) + ": " + ec.message(), where);
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
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

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

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
      return FileList{{}, std::move(nothing_found)};
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
      return FileList{{}, "directory " + quoted(path) + " does not exist"};
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
    return FileList{{}, "file " + quoted(path) + " does not exist"};
  }
  return FileList{{path}, ""};
}

core::Expected<std::string> read_file_bytes(const fs::path& file, const core::Provenance& where) {
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> in(std::fopen(file.c_str(), "rb"));
  if (!in) {
    return core::fail(core::ErrorCode::Io,
                      "cannot open the file: " + std::generic_category().message(errno), where);
  }
  std::string out;
  std::error_code ec;
  if (const auto size = fs::file_size(file, ec); !ec) {
    out.reserve(static_cast<std::size_t>(size));
  }
  // Read to the end rather than trusting the size: a file still being written may grow.
  std::array<char, 1 << 16> buffer{};
  std::size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), in.get())) > 0) {
    out.append(buffer.data(), got);
  }
  if (std::ferror(in.get()) != 0) {
    return core::fail(core::ErrorCode::Io,
                      "cannot read the file: " + std::generic_category().message(errno), where);
  }
  return out;
}

}  // namespace atpipe::connectors::csv
