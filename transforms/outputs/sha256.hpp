#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

namespace atpipe::transforms {

// A running SHA-256 (OpenSSL EVP): bytes are added as they go out, the lower-case hex digest
// is taken once at the end. Owned by one writer; not shared between threads.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The digest of everything added; the object is spent afterwards.
  [[nodiscard]] std::string hex();

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace atpipe::transforms
