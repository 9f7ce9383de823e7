#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace atpipe::testing {

// The result of running the atpipe binary as a user would.
struct BinaryResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built atpipe with `args` and extra environment assignments ("NAME=value"),
// capturing stdout and stderr. Used by the end-to-end tier only.
BinaryResult run_atpipe(const std::vector<std::string>& args,
                        const std::vector<std::string>& env = {});

// A fresh folder under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

[[nodiscard]] std::string read_file(const std::filesystem::path& p);
[[nodiscard]] std::vector<std::string> read_lines(const std::filesystem::path& p);

}  // namespace atpipe::testing
