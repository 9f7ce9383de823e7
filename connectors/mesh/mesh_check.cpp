#include "connectors/mesh/mesh_check.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <utility>

#include "connectors/mesh/mesh_client.hpp"

namespace atpipe::connectors::mesh {

core::Expected<std::pair<long, std::string>> certificate_days_left(
    const std::filesystem::path& file, std::chrono::system_clock::time_point now) {
  const core::Provenance where{"", file.string(), 0, ""};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(file.c_str(), "r"), BIO_free);
  if (!bio) {
    return core::fail(core::ErrorCode::Config, "the client certificate cannot be read", where);
  }
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) {
    return core::fail(core::ErrorCode::Config, "the client certificate is not a PEM certificate",
                      where);
  }
  const ASN1_TIME* not_after = X509_get0_notAfter(cert.get());
  std::unique_ptr<ASN1_TIME, decltype(&ASN1_TIME_free)> at(
      ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(now)), ASN1_TIME_free);
  int days = 0;
  int seconds = 0;
  if (!at || ASN1_TIME_diff(&days, &seconds, at.get(), not_after) != 1) {
    return core::fail(core::ErrorCode::Config, "the client certificate's expiry cannot be read",
                      where);
  }
  std::string text;
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  if (out && ASN1_TIME_print(out.get(), not_after) == 1) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    text.assign(data, static_cast<std::size_t>(size));
  }
  // A part-day left over counts as not yet a whole day, either side of the expiry.
  return std::make_pair(static_cast<long>(days), std::move(text));
}

core::Expected<MeshCheckReport> check_mailbox(const std::string& name, MeshConfigPtr config) {
  MeshCheckReport report;
  auto days = certificate_days_left(config->client_cert, std::chrono::system_clock::now());
  if (!days) {
    return core::fail(std::move(days).error());
  }
  report.certificate_days_left = days->first;
  report.certificate_not_after = days->second;
  MeshClient client(name, std::move(config));
  if (auto handshake = client.handshake(); !handshake) {
    return core::fail(handshake.error());
  }
  auto ids = client.inbox();
  if (!ids) {
    return core::fail(std::move(ids).error());
  }
  report.inbox_count = ids->size();
  return report;
}

}  // namespace atpipe::connectors::mesh
