#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>

#include "connectors/common/http/http_client.hpp"
#include "connectors/https_upload/https_upload_config.hpp"
#include "core/sink.hpp"

namespace atpipe::connectors::https_upload {

// Uploads the file over HTTPS (TLS always verified): PUT with the file as the body, or a
// multipart/form-data POST; every request carries X-Atpipe-Local-Id and X-Atpipe-Sha256. The
// upload itself is sent once, never retried (a 5xx or a cut connection may still have landed:
// the error says a retry may help and the ledger asks find() first). find() asks status_url
// (or HEAD on url) for the local id: 2xx = arrived, 404 = not. A 2xx upload is delivered.
// Owned by the submission; one thread.
class HttpsUploadSink final : public core::Sink {
 public:
  HttpsUploadSink(std::string name, HttpsUploadConfigPtr config);

  // core::Sink
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::string_view type() const override { return "https_upload"; }
  [[nodiscard]] core::Expected<core::Receipt> send(const core::Artefact& artefact) override;
  [[nodiscard]] core::Expected<std::optional<core::Receipt>> find(
      const core::Artefact& artefact) override;
  [[nodiscard]] core::Expected<core::DeliveryStatus> track(const core::Receipt& receipt) override;

 private:
  [[nodiscard]] http::HttpRequest upload_request(const core::Artefact& artefact) const;
  [[nodiscard]] core::Error refused(const http::HttpRequest& request,
                                    const http::HttpResponse& response) const;

  std::string name_;
  HttpsUploadConfigPtr config_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace atpipe::connectors::https_upload
