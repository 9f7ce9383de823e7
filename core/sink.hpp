#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/expected.hpp"

namespace atpipe::core {

// A finished file to deliver (design.md "Interfaces": a sink takes an artefact, bytes plus
// metadata, and returns a receipt or an error that says whether a retry may help).
struct Artefact {
  std::string period;        // reporting period, "2026-10"
  std::string commissioner;  // ODS code of the organisation that owns the return
  std::string file_name;     // the name the receiver sees
  std::string content;       // the bytes to deliver
  std::string sha256;        // lower-case hex SHA-256 of content
  // Unique per ledger row: the receiver-side key that lets a restarted atpipe ask "did this
  // arrive?" before sending again (MESH mex-localid, a file name suffix, an upload header).
  std::string local_id;
  std::string subject;  // a line a person reading the receiver's inbox understands
};

// What the receiver gave back for a delivered artefact.
struct Receipt {
  std::string id;      // MESH message id, the server's upload id, the delivered path
  std::string detail;  // one line for `atpipe submissions`
};

enum class Delivery { Pending, Delivered, Failed };

struct DeliveryStatus {
  Delivery state = Delivery::Pending;
  std::string detail;  // MESH REPORT text, HTTP status, ...
};

// A configured sink instance, built by its factory from an immutable config. Used from one
// thread at a time.
class Sink {
 public:
  virtual ~Sink() = default;
  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual std::string_view type() const = 0;
  // Delivers the artefact once; never retries a first send blindly.
  [[nodiscard]] virtual Expected<Receipt> send(const Artefact& artefact) = 0;
  // Whether an artefact with this local id has already reached the receiver (asked after a
  // crash between sending and the ledger noting it): its receipt, or nullopt when it has not.
  [[nodiscard]] virtual Expected<std::optional<Receipt>> find(const Artefact& artefact) = 0;
  // Whether a sent artefact has been delivered (MESH: tracking and the delivery REPORT). A
  // sink with no later confirmation reports Delivered.
  [[nodiscard]] virtual Expected<DeliveryStatus> track(const Receipt& receipt) = 0;
};

using SinkPtr = std::unique_ptr<Sink>;

// Whether trying the same step again later may succeed: a network fault or a busy receiver,
// not a refused credential, a bad config or a refused file.
[[nodiscard]] inline bool retry_may_help(const Error& error) {
  return error.code() == ErrorCode::Network || error.code() == ErrorCode::Busy;
}

}  // namespace atpipe::core
