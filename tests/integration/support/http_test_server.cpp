#include "http_test_server.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace atpipe::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string reason_of(unsigned status) {
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  return std::string(reason.data(), reason.size());
}

}  // namespace

std::string TestRequest::query(std::string_view name) const {
  const auto question = target.find('?');
  if (question == std::string::npos) {
    return "";
  }
  std::string_view rest = std::string_view(target).substr(question + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const auto pair = rest.substr(0, amp);
    const auto equals = pair.find('=');
    if (pair.substr(0, equals) == name) {
      return equals == std::string_view::npos ? "" : std::string(pair.substr(equals + 1));
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  return "";
}

TestResponse respond(unsigned status, std::string body) {
  TestResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::string TestRequest::path() const {
  return target.substr(0, target.find('?'));
}

// The server's state, shared between the test's thread and the server's thread: everything
// below `mutex` is guarded by it.
struct HttpTestServer::Impl {
  TestHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::optional<asio::ssl::context> tls;
  std::uint16_t port = 0;
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  int active_fd = -1;  // the connection being served, shut down to unblock a read on stop
  std::vector<TestRequest> requests;

  void run();
  void serve(tcp::socket& socket);
  template <class Stream>
  void exchange(Stream& stream);
  bool wait(std::chrono::milliseconds delay);
  void stop();
};

void HttpTestServer::Impl::run() {
  for (;;) {
    tcp::socket socket(io);
    beast::error_code ec;
    acceptor.accept(socket, ec);
    {
      std::lock_guard lock(mutex);
      if (stopping) {
        return;
      }
      if (ec) {
        continue;
      }
      active_fd = socket.native_handle();
    }
    serve(socket);
    // Forget the descriptor before the socket closes it, so stop() never shuts down a reused one.
    std::lock_guard lock(mutex);
    active_fd = -1;
  }
}

void HttpTestServer::Impl::serve(tcp::socket& socket) {
  beast::error_code ec;
  if (!tls) {
    exchange(socket);
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return;
  }
  asio::ssl::stream<tcp::socket&> stream(socket, *tls);
  stream.handshake(asio::ssl::stream_base::server, ec);
  if (ec) {
    return;  // the client refused our certificate, or we refused its
  }
  exchange(stream);
  // Send close_notify without waiting for the client's: the connection is closed right after.
  SSL_shutdown(stream.native_handle());
}

bool HttpTestServer::Impl::wait(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex);
  return !wake.wait_for(lock, delay, [this]() { return stopping; });
}

template <class Stream>
void HttpTestServer::Impl::exchange(Stream& stream) {
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> request;
  beast::error_code ec;
  bhttp::read(stream, buffer, request, ec);
  if (ec) {
    return;
  }
  TestRequest seen;
  seen.method = std::string(request.method_string());
  seen.target = std::string(request.target());
  seen.body = request.body();
  for (const auto& field : request) {
    seen.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  }
  {
    std::lock_guard lock(mutex);
    seen.index = requests.size();
    requests.push_back(seen);
  }
  const TestResponse answer = handler(seen);
  if (answer.delay.count() > 0 && !wait(answer.delay)) {
    return;
  }
  if (answer.truncate) {
    std::string head = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                       reason_of(answer.status) + "\r\nContent-Type: " + answer.content_type +
                       "\r\nContent-Length: " + std::to_string(answer.body.size()) +
                       "\r\nConnection: close\r\n\r\n";
    head += answer.body.substr(0, answer.body.size() / 2);
    asio::write(stream, asio::buffer(head), ec);
    return;
  }
  bhttp::response<bhttp::string_body> response{static_cast<bhttp::status>(answer.status),
                                               request.version()};
  response.set(bhttp::field::content_type, answer.content_type);
  for (const auto& [name, value] : answer.headers) {
    response.set(name, value);
  }
  response.keep_alive(false);
  response.body() = answer.body;
  response.prepare_payload();
  bhttp::write(stream, response, ec);
}

void HttpTestServer::Impl::stop() {
  {
    std::lock_guard lock(mutex);
    stopping = true;
    // shutdown(2) from another thread wakes a blocked accept() or read() at once.
    if (active_fd >= 0) {
      ::shutdown(active_fd, SHUT_RDWR);
    }
    ::shutdown(acceptor.native_handle(), SHUT_RDWR);
  }
  wake.notify_all();
  if (thread.joinable()) {
    thread.join();
  }
}

HttpTestServer::HttpTestServer(TestHandler handler, std::optional<TlsFiles> tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  if (tls) {
    impl_->tls.emplace(asio::ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(tls->cert.string());
    impl_->tls->use_private_key_file(tls->key.string(), asio::ssl::context::pem);
    if (tls->client_ca) {
      impl_->tls->load_verify_file(tls->client_ca->string());
      impl_->tls->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
  }
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->thread = std::thread([impl = impl_.get()]() { impl->run(); });
}

HttpTestServer::~HttpTestServer() {
  impl_->stop();
}

std::uint16_t HttpTestServer::port() const {
  return impl_->port;
}

std::string HttpTestServer::url(std::string_view path) const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port()) +
         std::string(path);
}

std::vector<TestRequest> HttpTestServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

namespace {

// The folder the test certificates live in: one per test process, made on first use and
// removed with its contents when the process exits.
class CertificateDir {
 public:
  CertificateDir() {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("atpipe_http_test_" + std::to_string(::getpid()) + "_" + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  ~CertificateDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  CertificateDir(const CertificateDir&) = delete;
  CertificateDir& operator=(const CertificateDir&) = delete;

  // A P-256 key (fast to make) and a self-signed certificate for `subject`.
  TestCertificate make(const std::string& name, const std::string& subject,
                       const std::string& extension) const {
    TestCertificate out{dir_ / (name + ".pem"), dir_ / (name + ".key")};
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
        " -subj '" +
        subject + "' " + extension + " -keyout '" + out.key.string() + "' -out '" +
        out.cert.string() + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
      throw std::runtime_error("could not make a test certificate with: " + command);
    }
    return out;
  }

 private:
  std::filesystem::path dir_;
};

CertificateDir& certificate_dir() {
  static CertificateDir dir;
  return dir;
}

}  // namespace

const TestCertificate& server_certificate() {
  static const TestCertificate cert =
      certificate_dir().make("server", "/CN=127.0.0.1", "-addext 'subjectAltName=IP:127.0.0.1'");
  return cert;
}

const TestCertificate& client_certificate() {
  static const TestCertificate cert =
      certificate_dir().make("client", "/CN=atpipe test client", "");
  return cert;
}

std::uint16_t unused_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace atpipe::test
