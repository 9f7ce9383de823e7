#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace atpipe::mesh_server {

// One message's metadata, as key=value lines in DIR/messages/<id>/meta: from, to,
// workflow_id, local_id, file_name, subject, content_type, encoding (gzip or ""), compressed,
// type (DATA/REPORT), status, chunks, linked_id, status_code, status_event,
// status_description, status_success, created (unix seconds).
using Meta = std::map<std::string, std::string>;

// The test server's mailboxes on disk, so that scripts can count what arrived:
//   DIR/messages/<id>/meta, DIR/messages/<id>/chunk_<k>  (bytes as uploaded)
//   DIR/inbox/<MAILBOX>/<id>                            (present while in that inbox)
// Files are replaced by rename, so a reader never sees half of one. Used under the server's
// one lock; not thread-safe by itself.
class MeshStore {
 public:
  explicit MeshStore(std::filesystem::path dir);

  [[nodiscard]] std::string new_id();
  [[nodiscard]] std::optional<Meta> meta(const std::string& id) const;
  void save(const std::string& id, const Meta& meta);
  void save_chunk(const std::string& id, std::size_t k, const std::string& bytes);
  [[nodiscard]] std::optional<std::string> chunk(const std::string& id, std::size_t k) const;
  [[nodiscard]] bool has_chunk(const std::string& id, std::size_t k) const;
  // Sorted oldest first (ids sort by time).
  [[nodiscard]] std::vector<std::string> inbox(const std::string& mailbox) const;
  void put_in_inbox(const std::string& mailbox, const std::string& id);
  void take_from_inbox(const std::string& mailbox, const std::string& id);
  [[nodiscard]] std::vector<std::string> all_ids() const;
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  unsigned long counter_ = 0;
};

// Writes `text` to `file` through a temporary name and rename.
void write_file(const std::filesystem::path& file, const std::string& text);
[[nodiscard]] std::optional<std::string> read_file(const std::filesystem::path& file);

}  // namespace atpipe::mesh_server
