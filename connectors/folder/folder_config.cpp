#include "connectors/folder/folder_config.hpp"

namespace atpipe::connectors::folder {

const config::KeyTable& folder_keys() {
  static const config::KeyTable table = {
      {"path",
       config::KeyType::Path,
       true,
       "",
       {},
       "existing folder the upload is written to (temporary name, fsync, rename, fsync)"},
      {"naming",
       config::KeyType::Enum,
       false,
       "local_id",
       {"local_id", "sidecar"},
       "local_id: the ledger id is added to the file name; sidecar: the name is kept and a "
       "hidden .<name>.atpipe file holds the id"},
  };
  return table;
}

std::shared_ptr<const FolderConfig> parse_folder_config(const config::NodeReader& reader) {
  auto out = std::make_shared<FolderConfig>();
  out->path = reader.path("path").value_or("");
  out->naming =
      reader.string("naming").value_or("local_id") == "sidecar" ? Naming::Sidecar : Naming::LocalId;
  if (out->path.empty()) {
    return nullptr;  // the reader has reported the missing key
  }
  // Not checked for existence here: check-config may run on another machine than the daemon.
  return out;
}

}  // namespace atpipe::connectors::folder
