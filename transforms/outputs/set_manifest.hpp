#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace atpipe::transforms {

// One file of an output set as its MANIFEST lists it.
struct ManifestEntry {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex
};

// The MANIFEST written last into every output set: which run wrote it, for which period,
// whether every source was read (complete) or not (partial), and each file's size and SHA-256,
// so that anyone (or the kill test) can tell a whole set from a damaged one. Plain text:
//   atpipe output set 1
//   run_id <id>
//   period <YYYY-MM>
//   status complete|partial
//   file <sha256> <size> <name>      (one line per file, in the order written)
struct Manifest {
  std::string run_id;
  std::string period;
  bool complete = true;
  std::vector<ManifestEntry> files;
};

inline constexpr const char* kManifestName = "MANIFEST";

[[nodiscard]] std::string render_manifest(const Manifest& manifest);
// nullopt when the text is not a manifest this version wrote.
[[nodiscard]] std::optional<Manifest> parse_manifest(std::string_view text);

// SHA-256 (OpenSSL EVP) of bytes, as lower-case hex.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// Size and SHA-256 of `name` in the open folder, read without following a symlink.
[[nodiscard]] core::Expected<ManifestEntry> describe_file_at(int folder, const std::string& name,
                                                             const std::filesystem::path& shown);

}  // namespace atpipe::transforms
