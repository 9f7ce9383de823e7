#include "tests/support/run_binary.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string_view>

namespace atpipe::testing {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

}  // namespace

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> read_lines(const std::filesystem::path& p) {
  std::vector<std::string> lines;
  std::istringstream in(read_file(p));
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

TempDir::TempDir(const std::string& tag) {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("atpipe-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

BinaryResult run_atpipe(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  TempDir capture("capture");
  auto out_file = capture.path() / "stdout";
  auto err_file = capture.path() / "stderr";
  // Appended piecewise: `" " + std::string` inlined at -O3 trips GCC 12's -Wrestrict.
  std::string cmd = "env";
  auto add = [&cmd](std::string_view sep, const std::string& word) {
    cmd += sep;
    cmd += shell_quote(word);
  };
  for (const auto& e : env) {
    add(" ", e);
  }
  add(" ", ATPIPE_BINARY);
  for (const auto& a : args) {
    add(" ", a);
  }
  add(" >", out_file.string());
  add(" 2>", err_file.string());
  int status = std::system(cmd.c_str());
  BinaryResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_file);
  r.err = read_file(err_file);
  return r;
}

}  // namespace atpipe::testing
