#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atpipe::connectors::mesh {

// `data` as one gzip member (RFC 1952), as MESH expects with Content-Encoding: gzip.
[[nodiscard]] std::string gzip_compress(std::string_view data);

// The bytes of a gzip stream, or nullopt when it is not valid gzip or would expand beyond
// `limit` bytes.
[[nodiscard]] std::optional<std::string> gzip_decompress(std::string_view data, std::size_t limit);

}  // namespace atpipe::connectors::mesh
