// atpipe_mesh_server: a MESH API v2 server for tests and scripts (shared/mesh.md). Real HTTPS
// on 127.0.0.1 with client certificates required; mailboxes kept on disk under --dir so that a
// script can count what arrived (ls DIR/inbox/<MAILBOX>); faults planned in DIR/faults.
//
//   atpipe_mesh_server --dir DIR --port 0 --cert server.pem --key server.key
//       --client-ca ca.pem --shared-secret KEY --mailbox X26ABC1:password [--mailbox ...]
//       [--page-size N] [--expire-after SECONDS]
//
// The port it listens on is written to DIR/port once it accepts connections.
#include <openssl/ssl.h>
#include <signal.h>

#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>
#include <memory>
#include <thread>

#include "mesh_service.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace atpipe::mesh_server {
namespace {

struct Options {
  std::string dir;
  unsigned short port = 0;
  std::string cert;
  std::string key;
  std::string client_ca;
  ServiceOptions service;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "atpipe_mesh_server: " << problem
            << "\nusage: atpipe_mesh_server --dir DIR --port N --cert PEM --key PEM "
               "--client-ca PEM --shared-secret KEY --mailbox ID:PASSWORD [--mailbox ...] "
               "[--page-size N] [--expire-after SECONDS]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options out;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      usage("missing value after " + flag);
    }
    const std::string value = argv[++i];
    if (flag == "--dir") {
      out.dir = value;
    } else if (flag == "--port") {
      out.port = static_cast<unsigned short>(std::stoul(value));
    } else if (flag == "--cert") {
      out.cert = value;
    } else if (flag == "--key") {
      out.key = value;
    } else if (flag == "--client-ca") {
      out.client_ca = value;
    } else if (flag == "--shared-secret") {
      out.service.shared_secret = value;
    } else if (flag == "--mailbox") {
      const auto colon = value.find(':');
      if (colon == std::string::npos) {
        usage("--mailbox wants ID:PASSWORD");
      }
      out.service.mailboxes[value.substr(0, colon)] = value.substr(colon + 1);
    } else if (flag == "--page-size") {
      out.service.page_size = std::stoul(value);
    } else if (flag == "--expire-after") {
      out.service.expire_after = std::chrono::seconds(std::stol(value));
    } else {
      usage("unknown option " + flag);
    }
  }
  if (out.dir.empty() || out.cert.empty() || out.key.empty() || out.client_ca.empty() ||
      out.service.shared_secret.empty() || out.service.mailboxes.empty()) {
    usage("--dir, --cert, --key, --client-ca, --shared-secret and --mailbox are required");
  }
  return out;
}

using Stream = asio::ssl::stream<tcp::socket>;

void cut(Stream& stream) {
  beast::error_code ignored;
  stream.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream.next_layer().close(ignored);
}

// Serves one connection (keep-alive) until the client closes it or a fault cuts it.
void serve(tcp::socket socket, asio::ssl::context& tls, MeshService& service) {
  Stream stream(std::move(socket), tls);
  beast::error_code ec;
  stream.handshake(asio::ssl::stream_base::server, ec);
  if (ec) {
    return;  // no client certificate, or not TLS: nothing reached the service
  }
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(std::uint64_t{256} * 1024 * 1024);
    http::read_header(stream, buffer, parser, ec);
    if (ec) {
      return;
    }
    Request request;
    request.method = std::string(parser.get().method_string());
    request.target = std::string(parser.get().target());
    const auto [fault, status] = service.take_fault(request.method, request.target);
    if (fault == Fault::CutBefore) {
      service.log(request, "cut-before");
      cut(stream);
      return;
    }
    http::read(stream, buffer, parser, ec);
    if (ec) {
      return;
    }
    auto raw = parser.release();
    for (const auto& field : raw) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      request.headers[name] = std::string(field.value());
    }
    request.body = std::move(raw.body());
    Response response;
    try {
      response = fault == Fault::Status ? mesh_error(status, "FAULT", "", "injected failure")
                                        : service.handle(request);
    } catch (const std::exception& e) {
      response = mesh_error(500, "SERVER", "", e.what());
    }
    if (fault == Fault::CutAfter) {
      service.log(request, std::to_string(response.status) + " cut-after");
      cut(stream);
      return;
    }
    service.log(request, std::to_string(response.status));
    http::response<http::string_body> out{static_cast<http::status>(response.status),
                                          raw.version()};
    for (const auto& [name, value] : response.headers) {
      out.set(name, value);
    }
    out.keep_alive(raw.keep_alive());
    out.body() = std::move(response.body);
    out.prepare_payload();
    http::write(stream, out, ec);
    if (ec || !out.keep_alive()) {
      break;
    }
  }
  stream.shutdown(ec);
}

}  // namespace
}  // namespace atpipe::mesh_server

int main(int argc, char** argv) {
  using namespace atpipe::mesh_server;
  ::signal(SIGPIPE, SIG_IGN);
  const Options options = parse(argc, argv);
  try {
    asio::ssl::context tls(asio::ssl::context::tls_server);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
    tls.use_certificate_chain_file(options.cert);
    tls.use_private_key_file(options.key, asio::ssl::context::pem);
    tls.load_verify_file(options.client_ca);
    tls.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    // Without a session id context OpenSSL refuses to resume a session of a verified client
    // ("internal error" alert), which a client that reconnects does.
    static const unsigned char kContext[] = "atpipe_mesh_server";
    SSL_CTX_set_session_id_context(tls.native_handle(), kContext, sizeof kContext - 1);

    MeshService service(MeshStore(options.dir), options.service);
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), options.port));
    const auto port = acceptor.local_endpoint().port();
    write_file(std::filesystem::path(options.dir) / "port", std::to_string(port) + "\n");
    std::cout << "atpipe_mesh_server listening on 127.0.0.1:" << port << std::endl;
    for (;;) {
      tcp::socket socket(io);
      acceptor.accept(socket);
      std::thread([s = std::move(socket), &tls, &service]() mutable {
        try {
          serve(std::move(s), tls, service);
        } catch (const std::exception& e) {
          std::cerr << "connection: " << e.what() << "\n";
        }
      }).detach();
    }
  } catch (const std::exception& e) {
    std::cerr << "atpipe_mesh_server: " << e.what() << "\n";
    return 1;
  }
}
