#include "connectors/mesh/mesh_sink.hpp"

#include <memory>
#include <utility>

#include "config/basic_factory.hpp"
#include "config/sink_registry.hpp"

namespace atpipe::connectors::mesh {
namespace {

OutgoingMessage message_of(const core::Artefact& artefact) {
  return OutgoingMessage{artefact.content, artefact.file_name, artefact.local_id, artefact.subject};
}

core::Receipt receipt_of(const Tracking& tracking) {
  return core::Receipt{tracking.message_id,
                       "MESH message " + tracking.message_id + ", status " + tracking.status};
}

}  // namespace

MeshSink::MeshSink(std::string name, MeshConfigPtr config, MeshSleeper sleep)
    : name_(std::move(name)),
      config_(config),
      client_(name_, std::move(config), std::move(sleep)) {}

core::Expected<core::Receipt> MeshSink::send(const core::Artefact& artefact) {
  // Sending is idempotent by local id: a message already on the server is finished, not sent
  // a second time.
  auto found = find(artefact);
  if (!found) {
    return core::fail(std::move(found).error());
  }
  if (*found) {
    return std::move(**found);
  }
  auto id = client_.send(message_of(artefact));
  if (!id) {
    return core::fail(std::move(id).error());
  }
  return core::Receipt{*id, "MESH message " + *id + " to " + config_->to};
}

core::Expected<std::optional<core::Receipt>> MeshSink::find(const core::Artefact& artefact) {
  if (artefact.local_id.empty()) {
    // Without it a sent message could never be found again, so nothing is sent at all.
    return core::fail(core::ErrorCode::Internal, "the artefact has no local id",
                      core::Provenance{name_, "", 0, ""});
  }
  auto tracking = client_.track_local(artefact.local_id);
  if (!tracking) {
    return core::fail(std::move(tracking).error());
  }
  if (!*tracking) {
    return std::optional<core::Receipt>();
  }
  if ((*tracking)->status == "uploading") {
    // The first chunk landed before a crash; the rest were never sent or not all of them.
    if (auto resumed = client_.resume((*tracking)->message_id, message_of(artefact)); !resumed) {
      return core::fail(resumed.error());
    }
    (*tracking)->status = "accepted";
  }
  return std::optional<core::Receipt>(receipt_of(**tracking));
}

core::Expected<std::optional<InboxMessage>> MeshSink::take_report(const std::string& message_id) {
  auto ids = client_.inbox();
  if (!ids) {
    return core::fail(std::move(ids).error());
  }
  for (const auto& id : *ids) {
    auto message = client_.download(id);
    if (!message) {
      return core::fail(std::move(message).error());
    }
    // DATA messages (responses from the collection) are someone else's business: left alone.
    if (message->type != "REPORT" || message->linked_id != message_id) {
      continue;
    }
    if (auto acked = client_.acknowledge(id); !acked) {
      return core::fail(acked.error());
    }
    return std::optional<InboxMessage>(std::move(*message));
  }
  return std::optional<InboxMessage>();
}

core::Expected<core::DeliveryStatus> MeshSink::track(const core::Receipt& receipt) {
  auto tracking = client_.track(receipt.id);
  if (!tracking) {
    return core::fail(std::move(tracking).error());
  }
  const std::string& status = tracking->status;
  const std::string said =
      tracking->status_description.empty() ? "" : " (" + tracking->status_description + ")";
  if (status == "acknowledged") {
    return core::DeliveryStatus{core::Delivery::Delivered, "acknowledged by " + config_->to + said};
  }
  // A REPORT is read (and acknowledged, so it does not sit in the inbox) before tracking's
  // own failure states, because it carries the reason.
  auto report = take_report(receipt.id);
  if (!report) {
    return core::fail(std::move(report).error());
  }
  if (*report) {
    const auto& r = **report;
    const bool ok = r.status_success == "SUCCESS";
    return core::DeliveryStatus{
        ok ? core::Delivery::Delivered : core::Delivery::Failed,
        "MESH report " + r.status_event + " code " + r.status_code + ": " + r.status_description};
  }
  if (status == "undeliverable" || status == "error") {
    return core::DeliveryStatus{core::Delivery::Failed, "MESH status " + status + said};
  }
  return core::DeliveryStatus{core::Delivery::Pending,
                              "MESH status " + status + ", not yet collected by " + config_->to};
}

namespace {

// Makes mesh sinks (style.md "Plugins"): the keys and their checks live in mesh_config.cpp,
// so this only connects them to the registry through the one factory template.
struct MeshTraits {
  using Config = MeshConfig;
  static constexpr std::string_view kType = "mesh";
  static constexpr std::string_view kSummary =
      "sends the return through an NHS MESH mailbox (MESH API v2)";
  static const config::KeyTable& keys() { return mesh_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_mesh_config(reader);
  }
  static core::Expected<core::SinkPtr> make(const config::SinkSpec& spec,
                                            std::shared_ptr<const MeshConfig> typed) {
    return core::SinkPtr(std::make_unique<MeshSink>(spec.name, std::move(typed)));
  }
};

using MeshFactory = config::BasicSinkFactory<MeshTraits>;

}  // namespace

ATPIPE_REGISTER_SINK("mesh", MeshFactory)

}  // namespace atpipe::connectors::mesh
