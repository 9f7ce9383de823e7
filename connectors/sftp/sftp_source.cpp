#include "connectors/sftp/sftp_source.hpp"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <utility>

#include "config/basic_factory.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"
#include "connectors/csv/csv_read.hpp"

namespace atpipe::connectors::sftp {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string key_of(const std::string& name, const RemoteStat& stat) {
  return name + "|" + std::to_string(stat.size) + "|" + std::to_string(stat.mtime);
}

}  // namespace

SftpSource::SftpSource(std::string name, SftpConfigPtr config, std::size_t max_field_length)
    : SourceBase(std::move(name), "sftp"),
      config_(std::move(config)),
      max_field_length_(max_field_length) {}

core::Expected<std::vector<SftpSource::Candidate>> SftpSource::candidates(
    SftpClient& client, const core::PullContext& ctx) {
  auto names = client.list();
  if (!names) {
    return core::fail(std::move(names).error());
  }
  const std::set<std::string> present(names->begin(), names->end());
  const std::string& suffix = config_->marker_suffix;
  std::vector<Candidate> out;
  std::size_t waiting = 0;
  std::size_t seen = 0;
  for (const auto& name : present) {  // a std::set: sorted by name, so runs are repeatable
    // Hidden names never match: uploads are often written as .name and renamed when done.
    if (fnmatch(config_->url.pattern.c_str(), name.c_str(), FNM_PERIOD) != 0 ||
        (!suffix.empty() && ends_with(name, suffix))) {
      continue;
    }
    if (!suffix.empty() && present.count(name + suffix) == 0) {
      ++waiting;
      continue;
    }
    auto stat = client.stat(name);
    if (!stat) {
      return core::fail(std::move(stat).error());
    }
    Candidate candidate{name, *stat, key_of(name, *stat)};
    if (ctx.state != nullptr && ctx.state->seen(this->name(), candidate.key)) {
      ++seen;
      continue;
    }
    out.push_back(std::move(candidate));
  }
  log().info("{} file(s) match '{}': {} new, {} taken before, {} waiting for their marker",
             out.size() + seen + waiting, config_->url.pattern, out.size(), seen, waiting);
  return out;
}

core::Expected<std::vector<SftpSource::Candidate>> SftpSource::keep_stable(
    SftpClient& client, std::vector<Candidate> found) {
  if (config_->stable_seconds <= 0 || found.empty()) {
    return found;
  }
  std::this_thread::sleep_for(std::chrono::seconds(config_->stable_seconds));
  std::vector<Candidate> out;
  for (auto& candidate : found) {
    auto again = client.stat(candidate.name);
    if (!again) {
      return core::fail(std::move(again).error());
    }
    if (again->size == candidate.stat.size && again->mtime == candidate.stat.mtime) {
      out.push_back(std::move(candidate));
    } else {
      // Still being written: the next pull will look again.
      log().info("'{}' is still changing; left for a later pull", candidate.name);
    }
  }
  return out;
}

core::Expected<core::PullResult> SftpSource::do_pull(const core::PullContext& ctx) {
  const core::Provenance where{name(), config_->url.display(config_->url.pattern), 0, ""};
  if (config_->private_key && ::access(config_->private_key->c_str(), R_OK) != 0) {
    return core::fail(core::ErrorCode::Config,
                      "cannot read 'private_key' '" + config_->private_key->string() + "'", where);
  }
  if (config_->known_hosts && ::access(config_->known_hosts->c_str(), R_OK) != 0) {
    return core::fail(core::ErrorCode::Config,
                      "cannot read 'known_hosts' '" + config_->known_hosts->string() + "'", where);
  }
  SftpClient client(*config_, where);
  auto found = candidates(client, ctx);
  if (!found) {
    return core::fail(std::move(found).error());
  }
  auto ready = keep_stable(client, std::move(*found));
  if (!ready) {
    return core::fail(std::move(ready).error());
  }
  core::PullResult result;
  result.batches.reserve(ready->size());
  for (const auto& candidate : *ready) {
    // One bad file fails the source: a partial set of files would look like a complete one.
    auto bytes = client.download(candidate.name);
    if (!bytes) {
      return core::fail(std::move(bytes).error());
    }
    // The csv connector's rules, so a file reads the same whether it arrived by SFTP or not.
    auto batch = csv::decode_and_parse(
        std::move(*bytes), config_->encoding,
        csv::CsvOptions{config_->delimiter, config_->header_row, true, max_field_length_},
        core::Provenance{name(), config_->url.display(candidate.name), 0, ""}, log());
    if (!batch) {
      return core::fail(std::move(batch).error());
    }
    result.batches.push_back(std::move(*batch));
  }
  // Marked only once every file is in hand, so a failed pull takes them all again next time.
  if (ctx.state != nullptr) {
    for (const auto& candidate : *ready) {
      ctx.state->mark(name(), candidate.key, config_->url.display(candidate.name));
    }
  }
  return result;
}

namespace {

// Makes sftp sources (style.md "Plugins"): stateless; the keys and their checks live in
// sftp_config.cpp, so this only connects them to the registry.
struct SftpTraits {
  using Config = SftpConfig;
  static constexpr std::string_view kType = "sftp";
  static constexpr std::string_view kSummary =
      "downloads new CSV files from an SFTP folder (host key always checked)";
  static const config::KeyTable& keys() { return sftp_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_sftp_config(reader);
  }
  static core::Expected<core::SourcePtr> make(const config::SourceSpec& spec,
                                              std::shared_ptr<const SftpConfig> typed) {
    return core::SourcePtr(
        std::make_unique<SftpSource>(spec.name, std::move(typed), spec.max_field_length));
  }
};

using SftpFactory = config::BasicSourceFactory<SftpTraits>;

}  // namespace

ATPIPE_REGISTER_SOURCE("sftp", SftpFactory)

}  // namespace atpipe::connectors::sftp
