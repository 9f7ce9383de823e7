#include "daemon/status/status_client.hpp"

#include <openssl/x509_vfy.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace atpipe::daemon::status {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

// One request on `stream`, driven on `io` for at most `timeout`.
template <class Stream>
core::Expected<http::response<http::string_body>> exchange(asio::io_context& io, Stream& stream,
                                                           const tcp::endpoint& endpoint,
                                                           http::request<http::string_body>& req,
                                                           std::chrono::milliseconds timeout) {
  beast::error_code failure;
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  auto& lowest = beast::get_lowest_layer(stream);
  lowest.expires_after(timeout);
  auto on_read = [&](beast::error_code ec, std::size_t) { failure = ec; };
  auto on_write = [&](beast::error_code ec, std::size_t) {
    failure = ec;
    if (!ec) {
      http::async_read(stream, buffer, response, on_read);
    }
  };
  auto send = [&] { http::async_write(stream, req, on_write); };
  lowest.async_connect(endpoint, [&](beast::error_code ec) {
    failure = ec;
    if (ec) {
      return;
    }
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code hs) {
        failure = hs;
        if (!hs) {
          send();
        }
      });
    } else {
      send();
    }
  });
  io.run();
  if (failure) {
    return core::fail(core::ErrorCode::Network,
                      "no status server answered at " + endpoint.address().to_string() + ":" +
                          std::to_string(endpoint.port()) + " (" + failure.message() + ")");
  }
  return response;
}

}  // namespace

core::Expected<std::string> fetch_from_server(const config::StatusSpec& spec,
                                              const std::string& path,
                                              std::chrono::milliseconds timeout) {
  beast::error_code ec;
  const auto address =
      asio::ip::make_address(spec.host == "localhost" ? std::string("127.0.0.1") : spec.host, ec);
  if (ec) {
    return core::fail(core::ErrorCode::Config, "status.listen is not an IP address");
  }
  const tcp::endpoint endpoint(address, spec.port);
  http::request<http::string_body> req{http::verb::get, path, 11};
  req.set(http::field::host, spec.listen());
  req.set(http::field::user_agent, "atpipe status");
  if (spec.token) {
    req.set(http::field::authorization, "Bearer " + *spec.token);
  }
  asio::io_context io;
  core::Expected<http::response<http::string_body>> got = core::fail(core::ErrorCode::Internal, "");
  if (spec.tls()) {
    asio::ssl::context tls(asio::ssl::context::tls_client);
    try {
      // Trust exactly the configured certificate, even when it is not a CA.
      tls.load_verify_file(spec.tls_cert->string());
      X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(tls.native_handle()),
                                  X509_V_FLAG_PARTIAL_CHAIN);
      tls.set_verify_mode(asio::ssl::verify_peer);
    } catch (const boost::system::system_error& e) {
      return core::fail(
          core::ErrorCode::Config,
          "cannot load status.tls.cert to check the server: " + std::string(e.what()));
    }
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    got = exchange(io, stream, endpoint, req, timeout);
  } else {
    beast::tcp_stream stream(io);
    got = exchange(io, stream, endpoint, req, timeout);
  }
  if (!got) {
    return core::fail(got.error());
  }
  if (got->result() == http::status::unauthorized) {
    return core::fail(core::ErrorCode::Auth,
                      "the status server refused the token (status.token differs from the "
                      "daemon's)");
  }
  if (got->result() != http::status::ok) {
    return core::fail(
        core::ErrorCode::Parse,
        "the status server answered " + std::to_string(got->result_int()) + " for " + path);
  }
  return std::move(got->body());
}

}  // namespace atpipe::daemon::status
