#include "connectors/mesh/mesh_auth.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <ctime>
#include <stdexcept>

namespace atpipe::connectors::mesh {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 0x0f]);
  }
  return out;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(),
           &size) == nullptr) {
    // OpenSSL fails here only when it is broken; no header could be made at all.
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  }
  return to_hex(out.data(), size);
}

std::string mesh_authorization(const MeshTokenParts& parts) {
  const std::string count = std::to_string(parts.nonce_count);
  const std::string message = parts.mailbox + ":" + parts.nonce + ":" + count + ":" +
                              parts.password + ":" + parts.timestamp;
  return "NHSMESH " + parts.mailbox + ":" + parts.nonce + ":" + count + ":" + parts.timestamp +
         ":" + hmac_sha256_hex(parts.shared_secret, message);
}

std::string mesh_timestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 16> text{};
  const auto size = std::strftime(text.data(), text.size(), "%Y%m%d%H%M", &utc);
  return std::string(text.data(), size);
}

std::string random_uuid() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL could not produce random bytes");
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  const std::string hex = to_hex(bytes.data(), bytes.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

MeshTokens::MeshTokens(std::string mailbox, std::string password, std::string shared_secret) {
  parts_.mailbox = std::move(mailbox);
  parts_.password = std::move(password);
  parts_.shared_secret = std::move(shared_secret);
  parts_.nonce = random_uuid();
}

std::string MeshTokens::next(std::chrono::system_clock::time_point now) {
  parts_.timestamp = mesh_timestamp(now);
  std::string header = mesh_authorization(parts_);
  ++parts_.nonce_count;
  return header;
}

}  // namespace atpipe::connectors::mesh
