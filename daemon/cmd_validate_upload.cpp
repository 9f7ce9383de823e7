#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "config/submission_model.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/upload_file.hpp"

namespace atpipe::daemon {

int validate_upload_command(const std::string& file, const config::Config* cfg) {
  const config::UploadProfile profile = cfg != nullptr && cfg->submission
                                            ? cfg->submission->profile
                                            : config::default_upload_profile();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    std::cerr << "atpipe validate-return: " << file << " is a folder; give the file itself\n";
    return kExitUsage;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "atpipe validate-return: cannot read " << file << "\n";
    return kExitIo;
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto problems = validate_upload(text.str(), profile);
  for (const auto& p : problems) {
    std::cout << file << ": " << describe(p, profile) << "\n";
  }
  if (!problems.empty()) {
    std::cout << problems.size() << " problem(s): not an upload file of this profile\n";
    return kExitInvalidReturn;
  }
  std::cout << file << ": matches the upload profile\n";
  return kExitOk;
}

}  // namespace atpipe::daemon
