#pragma once

#include <optional>
#include <string_view>

namespace atpipe::daemon::status {

// One file of daemon/status/web/, built into the binary (cmake/EmbedFiles.cmake).
struct WebAsset {
  std::string_view name;  // "index.html", "dashboard.js", ...
  std::string_view bytes;
};

// The asset called `name`, or nullopt; names are plain file names, never paths.
[[nodiscard]] std::optional<WebAsset> find_web_asset(std::string_view name);

}  // namespace atpipe::daemon::status
