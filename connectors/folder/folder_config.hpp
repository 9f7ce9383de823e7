#pragma once

#include <filesystem>
#include <memory>

#include "config/key_table.hpp"
#include "config/model.hpp"

namespace atpipe::connectors::folder {

// How a delivered file shows its ledger local id, so that a restarted atpipe can ask "did it
// arrive?" (core::Sink::find).
enum class Naming {
  LocalId,  // "<stem>_<local id><ext>": the id is in the name itself
  Sidecar,  // the name as the profile gives it, plus ".<name>.atpipe" holding the local id
};

// The settings of `submission.sink` with `type: folder`, checked once and shared read-only.
struct FolderConfig : config::ConnectorConfig {
  std::filesystem::path path;  // the folder another tool collects from; must exist
  Naming naming = Naming::LocalId;
};

using FolderConfigPtr = std::shared_ptr<const FolderConfig>;

[[nodiscard]] const config::KeyTable& folder_keys();
[[nodiscard]] std::shared_ptr<const FolderConfig> parse_folder_config(
    const config::NodeReader& reader);

}  // namespace atpipe::connectors::folder
