#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atpipe::test {

// One request as the test server received it; header names are lower-case.
struct TestRequest {
  std::size_t index = 0;  // 0 for the first request the server saw, then 1, 2, ...
  std::string method;
  std::string target;  // path and query, as sent
  std::map<std::string, std::string> headers;
  std::string body;

  // The value of query parameter `name` (not decoded), or "" when absent.
  [[nodiscard]] std::string query(std::string_view name) const;
  // The path without the query.
  [[nodiscard]] std::string path() const;
};

// What the server sends back.
struct TestResponse {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Waits this long before answering; cut short when the server stops, so a test that expects
  // a client timeout does not wait for it.
  std::chrono::milliseconds delay{0};
  // Declares the whole body's Content-Length, sends only its first half, then closes.
  bool truncate = false;
};

// A response with `status` and `body` (JSON) and every other member at its default.
[[nodiscard]] TestResponse respond(unsigned status, std::string body);

using TestHandler = std::function<TestResponse(const TestRequest&)>;

// PEM files for the server's TLS; with `client_ca`, the server requires a client certificate
// signed by it.
struct TlsFiles {
  std::filesystem::path cert;
  std::filesystem::path key;
  std::optional<std::filesystem::path> client_ca;
};

// A real HTTP/1.1 server (Boost.Beast) on 127.0.0.1, port 0, for integration tests: answers
// each request with `handler` on its own thread, one connection at a time, and closes every
// connection after one response. Owned by one test; stops and joins in its destructor.
class HttpTestServer {
 public:
  explicit HttpTestServer(TestHandler handler, std::optional<TlsFiles> tls = std::nullopt);
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;
  // "http://127.0.0.1:<port><path>" (https when TLS is on).
  [[nodiscard]] std::string url(std::string_view path) const;
  // Every request so far, in order; safe to call while the server runs.
  [[nodiscard]] std::vector<TestRequest> requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A throwaway self-signed certificate and key, made once per test process with the openssl
// command into a temporary folder that is removed at exit.
struct TestCertificate {
  std::filesystem::path cert;
  std::filesystem::path key;
};
// Valid for IP 127.0.0.1.
[[nodiscard]] const TestCertificate& server_certificate();
// For mutual TLS: the server trusts exactly this certificate.
[[nodiscard]] const TestCertificate& client_certificate();

// A port on 127.0.0.1 with nothing listening on it (bound, then released).
[[nodiscard]] std::uint16_t unused_port();

}  // namespace atpipe::test
