#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>

#include "connectors/folder/folder_config.hpp"
#include "core/sink.hpp"

namespace atpipe::connectors::folder {

// Delivers the upload file into a folder another tool collects from: a hidden temporary name,
// fsync, rename to the final name, fsync of the folder, so the collector sees the whole file
// or nothing and the file survives a power cut once send() returns. find() recognises a
// delivered artefact by its local id in the name (naming: local_id) or in a hidden sidecar
// (naming: sidecar). Files are 0600. Owned by the submission; one thread.
class FolderSink final : public core::Sink {
 public:
  FolderSink(std::string name, FolderConfigPtr config);

  // core::Sink
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::string_view type() const override { return "folder"; }
  [[nodiscard]] core::Expected<core::Receipt> send(const core::Artefact& artefact) override;
  [[nodiscard]] core::Expected<std::optional<core::Receipt>> find(
      const core::Artefact& artefact) override;
  [[nodiscard]] core::Expected<core::DeliveryStatus> track(const core::Receipt& receipt) override;

  // The name the artefact is delivered under in this sink's naming.
  [[nodiscard]] std::string delivered_name(const core::Artefact& artefact) const;

 private:
  [[nodiscard]] core::Expected<void> write_sidecar(int folder, const core::Artefact& artefact);

  std::string name_;
  FolderConfigPtr config_;
  std::shared_ptr<spdlog::logger> log_;
};

}  // namespace atpipe::connectors::folder
