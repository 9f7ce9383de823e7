#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include "connectors/mesh/mesh_auth.hpp"
#include "connectors/mesh/mesh_client.hpp"
#include "connectors/mesh/mesh_sink.hpp"
#include "mesh_test_server.hpp"

namespace atpipe::connectors::mesh {
namespace {

using testing::MeshTestServer;

MeshConfigPtr shared(MeshConfig config) {
  return std::make_shared<const MeshConfig>(std::move(config));
}

void no_wait(std::chrono::milliseconds /*wait*/) {}

core::Artefact artefact(std::string content, std::string local_id = "2026-10-X26-aaaa") {
  core::Artefact out;
  out.period = "2026-10";
  out.commissioner = "X26";
  out.file_name = "AT_2026-10_X26.csv";
  out.content = std::move(content);
  out.local_id = std::move(local_id);
  out.subject = "AT return 2026-10";
  return out;
}

// Rows that do not compress to nothing, so that chunking is real.
std::string sample(std::size_t rows) {
  std::string text = "NHSNumber;Period\r\n";
  unsigned seed = 12345;
  for (std::size_t i = 0; i < rows; ++i) {
    seed = seed * 1103515245u + 12345u;
    text += "999" + std::to_string(1000000 + seed % 8999999) + ";2026-10\r\n";
  }
  return text;
}

std::size_t count_of(const std::vector<std::string>& lines, const std::string& part) {
  return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [&](const auto& l) {
    return l.find(part) != std::string::npos;
  }));
}

}  // namespace

TEST_CASE("mesh: handshake, send, download and acknowledge", "[integration][mesh]") {
  MeshTestServer server;
  MeshSink sink("submission", shared(server.config()), no_wait);
  MeshClient receiver("receiver", shared(server.config(MeshTestServer::kReceiver)), no_wait);
  REQUIRE(MeshClient("check", shared(server.config()), no_wait).handshake().has_value());

  const std::string content = sample(40);
  auto receipt = sink.send(artefact(content));
  REQUIRE(receipt.has_value());
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 1);

  MeshClient sender("sender", shared(server.config()), no_wait);
  auto tracked = sender.track(receipt->id);
  REQUIRE(tracked.has_value());
  CHECK(tracked->message_id == receipt->id);
  CHECK(tracked->local_id == "2026-10-X26-aaaa");
  CHECK(tracked->recipient == MeshTestServer::kReceiver);
  CHECK(tracked->status == "accepted");
  auto by_local = sender.track_local("2026-10-X26-aaaa");
  REQUIRE(by_local.has_value());
  REQUIRE(by_local->has_value());
  CHECK((*by_local)->message_id == receipt->id);
  auto unknown = sender.track_local("never-sent");
  REQUIRE(unknown.has_value());
  CHECK_FALSE(unknown->has_value());

  auto pending = sink.track(*receipt);
  REQUIRE(pending.has_value());
  CHECK(pending->state == core::Delivery::Pending);

  auto ids = receiver.inbox();
  REQUIRE(ids.has_value());
  REQUIRE(*ids == std::vector<std::string>{receipt->id});
  auto message = receiver.download(receipt->id);
  REQUIRE(message.has_value());
  CHECK(message->content == content);
  CHECK(message->type == "DATA");
  CHECK(message->from == MeshTestServer::kSender);
  CHECK(message->file_name == "AT_2026-10_X26.csv");
  CHECK(message->local_id == "2026-10-X26-aaaa");
  CHECK(message->workflow_id == "AT_RETURN");
  REQUIRE(receiver.acknowledge(receipt->id).has_value());
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 0);

  tracked = sender.track(receipt->id);
  REQUIRE(tracked.has_value());
  CHECK(tracked->status == "acknowledged");
  auto delivered = sink.track(*receipt);
  REQUIRE(delivered.has_value());
  CHECK(delivered->state == core::Delivery::Delivered);

  // Sending the same artefact again finds it by local id instead of sending a copy.
  auto again = sink.send(artefact(content));
  REQUIRE(again.has_value());
  CHECK(again->id == receipt->id);
  CHECK(count_of(server.requests(), "POST /messageexchange/X26ABC1/outbox ") == 1);
}

TEST_CASE("mesh: a file above chunk_size goes in gzip chunks and arrives whole",
          "[integration][mesh]") {
  MeshTestServer server;
  auto config = server.config();
  config.chunk_size = 4096;
  MeshSink sink("submission", shared(config), no_wait);
  const std::string content = sample(1000);  // about 18 kB: 5 chunks
  auto receipt = sink.send(artefact(content));
  REQUIRE(receipt.has_value());

  const auto log = server.requests();
  CHECK(count_of(log, "POST /messageexchange/X26ABC1/outbox 202") == 1);
  for (int k = 2; k <= 5; ++k) {
    CHECK(count_of(log, "/outbox/" + receipt->id + "/" + std::to_string(k) + " 202") == 1);
  }
  MeshClient receiver("receiver", shared(server.config(MeshTestServer::kReceiver)), no_wait);
  auto message = receiver.download(receipt->id);
  REQUIRE(message.has_value());
  CHECK(message->content == content);
}

TEST_CASE("mesh: an upload that failed after its first chunk is finished by find, not sent again",
          "[integration][mesh]") {
  MeshTestServer server;
  auto config = server.config();
  config.chunk_size = 4096;
  config.retries = 0;
  MeshSink sink("submission", shared(config), no_wait);
  const auto file = artefact(sample(1000));
  // A 503 rather than a cut: libcurl itself re-sends a request whose reused connection died
  // unanswered (harmless for a chunk; the first POST always goes on a fresh connection).
  server.plan({"status:503 /3"});
  auto cut = sink.send(file);
  REQUIRE_FALSE(cut.has_value());
  CHECK(cut.error().code() == core::ErrorCode::Network);
  CHECK(core::retry_may_help(cut.error()));
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 0);  // still `uploading`

  // What a restarted atpipe does: ask first, then finish what is on the server.
  auto found = sink.find(file);
  INFO((found ? "" : found.error().describe()));
  for (const auto& line : server.requests()) {
    UNSCOPED_INFO(line);
  }
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 1);
  CHECK(count_of(server.requests(), "POST /messageexchange/X26ABC1/outbox ") == 1);
  MeshClient receiver("receiver", shared(server.config(MeshTestServer::kReceiver)), no_wait);
  auto message = receiver.download((*found)->id);
  REQUIRE(message.has_value());
  CHECK(message->content == file.content);
}

TEST_CASE("mesh: an uncollected message comes back as a delivery REPORT", "[integration][mesh]") {
  MeshTestServer server;
  MeshSink sink("submission", shared(server.config()), no_wait);
  auto receipt = sink.send(artefact(sample(10)));
  REQUIRE(receipt.has_value());
  server.plan({"expire"});  // the recipient's five days pass

  MeshClient sender("sender", shared(server.config()), no_wait);
  auto ids = sender.inbox();
  REQUIRE(ids.has_value());
  REQUIRE(ids->size() == 1);
  auto report = sender.download(ids->front());
  REQUIRE(report.has_value());
  CHECK(report->type == "REPORT");
  CHECK(report->linked_id == receipt->id);
  CHECK(report->status_code == "14");
  CHECK(report->content.empty());

  auto status = sink.track(*receipt);
  REQUIRE(status.has_value());
  CHECK(status->state == core::Delivery::Failed);
  CHECK(status->detail ==
        "MESH report TRANSFER code 14: Message not collected by recipient after 5 days");
  CHECK(server.inbox_count(MeshTestServer::kSender) == 0);  // the REPORT was acknowledged
}

TEST_CASE("mesh: the inbox is read page by page", "[integration][mesh]") {
  MeshTestServer server(2);
  MeshSink sink("submission", shared(server.config()), no_wait);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(sink.send(artefact(sample(5), "local-" + std::to_string(i))).has_value());
  }
  MeshClient receiver("receiver", shared(server.config(MeshTestServer::kReceiver)), no_wait);
  auto ids = receiver.inbox();
  REQUIRE(ids.has_value());
  CHECK(ids->size() == 5);
  CHECK(std::is_sorted(ids->begin(), ids->end()));
  CHECK(count_of(server.requests(), "GET /messageexchange/X26ABC2/inbox") == 3);
  CHECK(count_of(server.requests(), "continue_from=") == 2);
}

}  // namespace atpipe::connectors::mesh
