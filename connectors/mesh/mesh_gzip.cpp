#include "connectors/mesh/mesh_gzip.hpp"

#include <zlib.h>

#include <array>
#include <stdexcept>

namespace atpipe::connectors::mesh {
namespace {

constexpr int kGzipWindow = 15 + 16;  // 15-bit window, gzip wrapper (zlib.h, deflateInit2)

}  // namespace

std::string gzip_compress(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib could not start compressing");
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  const auto written = stream.total_out;
  deflateEnd(&stream);
  if (result != Z_STREAM_END) {
    // deflateBound guarantees room, so this means zlib itself failed.
    throw std::runtime_error("zlib could not compress");
  }
  out.resize(written);
  return out;
}

std::optional<std::string> gzip_decompress(std::string_view data, std::size_t limit) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindow) != Z_OK) {
    return std::nullopt;
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::array<char, 64 * 1024> buffer{};
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream.avail_out = static_cast<uInt>(buffer.size());
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK && result != Z_STREAM_END) {
      break;
    }
    out.append(buffer.data(), buffer.size() - stream.avail_out);
    if (out.size() > limit) {
      result = Z_BUF_ERROR;
      break;
    }
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) {
    return std::nullopt;
  }
  return out;
}

}  // namespace atpipe::connectors::mesh
