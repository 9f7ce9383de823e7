#pragma once

#include <string>

namespace atpipe::core {

// What a source has already taken in earlier runs, so that a feed which leaves old files in
// place (an SFTP outbound folder) is not read twice. The daemon owns the implementation (the
// state store) and hands it to sources through PullContext; used from the run's thread only.
class SourceState {
 public:
  virtual ~SourceState() = default;

  // True when `key` (for example "name|size|mtime") was marked for `source` before.
  [[nodiscard]] virtual bool seen(const std::string& source, const std::string& key) = 0;
  // Records `key` as taken; `detail` is free text for people reading the store (a file name,
  // never patient data). Marking twice is harmless.
  virtual void mark(const std::string& source, const std::string& key,
                    const std::string& detail) = 0;
};

}  // namespace atpipe::core
