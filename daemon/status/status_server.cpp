#include "daemon/status/status_server.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace atpipe::daemon::status {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct StatusServer::State {
  asio::io_context& io;
  config::StatusSpec spec;
  SnapshotFn snapshot;
  tcp::acceptor acceptor;
  std::optional<asio::ssl::context> tls;
  std::uint16_t port = 0;
  std::atomic<int> sessions{0};  // open connections; more than kMaxSessions are turned away

  State(asio::io_context& context, config::StatusSpec s, SnapshotFn fn)
      : io(context), spec(std::move(s)), snapshot(std::move(fn)), acceptor(context) {}
};

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(15);
// A dashboard opens a handful of connections; this only stops a flood from exhausting files.
constexpr int kMaxSessions = 64;

http::response<http::string_body> respond(const http::request<http::string_body>& request,
                                          const StatusServer::State& state) {
  RouteResponse routed;
  try {
    routed = route({std::string(request.method_string()), std::string(request.target()),
                    std::string(request[http::field::authorization])},
                   state.spec, state.snapshot);
  } catch (const std::exception& e) {
    spdlog::error("status: {} failed: {}", std::string(request.target().substr(0, 64)), e.what());
    routed = {500, "text/plain; charset=utf-8", "internal error\n", {}};
  }
  http::response<http::string_body> response{static_cast<http::status>(routed.status),
                                             request.version()};
  response.set(http::field::server, "atpipe");
  response.set(http::field::content_type, routed.content_type);
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy",
               "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  for (const auto& [name, value] : routed.headers) {
    response.set(name, value);
  }
  response.keep_alive(request.keep_alive());
  if (request.method() == http::verb::head) {
    response.content_length(routed.body.size());  // what GET would send, with no body
    return response;
  }
  response.body() = std::move(routed.body);
  response.prepare_payload();
  return response;
}

// One connection: reads requests and answers each until the client closes or goes quiet.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, std::shared_ptr<StatusServer::State> state)
      : stream_(std::move(stream)), state_(std::move(state)) {
    ++state_->sessions;
  }
  ~Session() { --state_->sessions; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) {
                                  self->read();
                                }
                              });
    } else {
      read();
    }
  }

 private:
  void read() {
    request_ = {};
    parser_.emplace();
    parser_->body_limit(8 * 1024);
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (!ec) {
                         self->answer();
                       }
                     });
  }

  void answer() {
    request_ = parser_->release();
    response_ = respond(request_, *state_);
    http::async_write(stream_, response_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (!ec && self->response_.keep_alive()) {
                          self->read();
                        } else {
                          self->close();
                        }
                      });
  }

  void close() {
    beast::error_code ec;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  Stream stream_;
  std::shared_ptr<StatusServer::State> state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(const std::shared_ptr<StatusServer::State>& state) {
  state->acceptor.async_accept([state](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !state->acceptor.is_open()) {
      return;
    }
    if (!ec && state->sessions >= kMaxSessions) {
      beast::error_code ignored;
      socket.close(ignored);
    } else if (!ec) {
      if (state->tls) {
        using Tls = beast::ssl_stream<beast::tcp_stream>;
        std::make_shared<Session<Tls>>(Tls(beast::tcp_stream(std::move(socket)), *state->tls),
                                       state)
            ->start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), state)
            ->start();
      }
    }
    accept(state);
  });
}

core::Expected<void> load_tls(StatusServer::State& state) {
  if (!state.spec.tls()) {
    return {};
  }
  try {
    state.tls.emplace(asio::ssl::context::tls_server);
    state.tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1);
    state.tls->use_certificate_chain_file(state.spec.tls_cert->string());
    state.tls->use_private_key_file(state.spec.tls_key->string(), asio::ssl::context::pem);
  } catch (const boost::system::system_error& e) {
    state.tls.reset();
    return core::fail(core::ErrorCode::Config,
                      "status.tls: cannot load the certificate or key: " + std::string(e.what()),
                      core::Provenance{"", state.spec.tls_cert->string(), 0, ""});
  }
  return {};
}

}  // namespace

StatusServer::StatusServer(asio::io_context& io, config::StatusSpec spec, SnapshotFn snapshot)
    : state_(std::make_shared<State>(io, std::move(spec), std::move(snapshot))) {}

StatusServer::~StatusServer() {
  stop();
}

core::Expected<void> StatusServer::start() {
  if (auto tls = load_tls(*state_); !tls) {
    return tls;
  }
  const std::string where = state_->spec.listen();
  beast::error_code ec;
  const auto address = asio::ip::make_address(
      state_->spec.host == "localhost" ? std::string("127.0.0.1") : state_->spec.host, ec);
  if (ec) {
    return core::fail(core::ErrorCode::Config,
                      "status.listen: '" + state_->spec.host + "' is not an IP address");
  }
  const tcp::endpoint endpoint(address, state_->spec.port);
  auto& acceptor = state_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); !ec) {
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    acceptor.close();
    return core::fail(core::ErrorCode::Network,
                      "the status server cannot listen on " + where + ": " + ec.message());
  }
  state_->port = acceptor.local_endpoint().port();
  accept(state_);
  return {};
}

void StatusServer::stop() {
  beast::error_code ec;
  state_->acceptor.close(ec);
}

std::uint16_t StatusServer::port() const {
  return state_->port;
}

}  // namespace atpipe::daemon::status
