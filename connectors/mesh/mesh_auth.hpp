#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace atpipe::connectors::mesh {

// The parts of one `NHSMESH` Authorization header (shared/mesh.md 1.2).
struct MeshTokenParts {
  std::string mailbox;  // upper-case mailbox id, as in the URL
  std::string password;
  std::string shared_secret;
  std::string nonce;
  std::uint64_t nonce_count = 0;
  std::string timestamp;  // UTC yyyyMMddHHmm
};

// Lower-case hex HMAC-SHA256 of `message` under `key`.
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// "NHSMESH MAILBOX:NONCE:COUNT:TIMESTAMP:HASH", the hash taken over
// MAILBOX:NONCE:COUNT:PASSWORD:TIMESTAMP (the order differs from the header's on purpose).
[[nodiscard]] std::string mesh_authorization(const MeshTokenParts& parts);

// "yyyyMMddHHmm" in UTC.
[[nodiscard]] std::string mesh_timestamp(std::chrono::system_clock::time_point when);

// A random version-4 UUID, from OpenSSL's generator.
[[nodiscard]] std::string random_uuid();

// Makes a fresh Authorization header for every request, as mesh-client does: one nonce per
// object, its count going up after each token (a token is single-use on the live service).
// Holds the secrets in memory only; owned by one MeshClient; one thread.
class MeshTokens {
 public:
  MeshTokens(std::string mailbox, std::string password, std::string shared_secret);
  [[nodiscard]] std::string next(std::chrono::system_clock::time_point now);

 private:
  MeshTokenParts parts_;
};

}  // namespace atpipe::connectors::mesh
