#pragma once

#include <optional>
#include <string>

#include "connectors/mesh/mesh_client.hpp"
#include "connectors/mesh/mesh_config.hpp"
#include "core/sink.hpp"

namespace atpipe::connectors::mesh {

// A `type: mesh` submission sink: sends the artefact to the configured recipient mailbox
// with the artefact's local id as mex-LocalID, finds it again by that id after a restart, and
// reports delivery from tracking and the delivery REPORTs in its own inbox. Made by
// MeshFactory; owned by the submission step; one thread.
class MeshSink final : public core::Sink {
 public:
  MeshSink(std::string name, MeshConfigPtr config, MeshSleeper sleep = {});

  // core::Sink
  [[nodiscard]] const std::string& name() const override { return name_; }
  [[nodiscard]] std::string_view type() const override { return "mesh"; }
  [[nodiscard]] core::Expected<core::Receipt> send(const core::Artefact& artefact) override;
  [[nodiscard]] core::Expected<std::optional<core::Receipt>> find(
      const core::Artefact& artefact) override;
  [[nodiscard]] core::Expected<core::DeliveryStatus> track(const core::Receipt& receipt) override;

 private:
  // The delivery REPORT for `message_id` in the inbox, acknowledged once read; nullopt when
  // there is none yet.
  [[nodiscard]] core::Expected<std::optional<InboxMessage>> take_report(
      const std::string& message_id);

  std::string name_;
  MeshConfigPtr config_;
  MeshClient client_;
};

}  // namespace atpipe::connectors::mesh
