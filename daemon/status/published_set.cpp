#include "daemon/status/published_set.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/regular_file.hpp"
#include "transforms/outputs/set_manifest.hpp"

namespace atpipe::daemon::status {
namespace {

constexpr std::uint64_t kMaxManifest = 1U << 20;
constexpr std::uint64_t kMaxRejectLog = 256U << 20;

std::string expand(std::string text, const std::string& commissioner, const std::string& period,
                   const std::string& run_id) {
  const std::pair<std::string, std::string> values[] = {
      {"{commissioner}", commissioner}, {"{period}", period}, {"{run_id}", run_id}};
  for (const auto& [placeholder, value] : values) {
    for (std::size_t at = 0; (at = text.find(placeholder, at)) != std::string::npos;) {
      text.replace(at, placeholder.size(), value);
      at += value.size();
    }
  }
  return text;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// RFC 4180 records as atpipe's own writers produce them (quotes doubled, line breaks quoted).
std::vector<std::vector<std::string>> parse_records(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back().front().empty()) {
    rows.pop_back();
  }
  return rows;
}

std::optional<transforms::Manifest> read_manifest(const std::filesystem::path& folder) {
  auto text = core::read_regular_file(folder / transforms::kManifestName, {}, kMaxManifest);
  if (!text) {
    return std::nullopt;
  }
  return transforms::parse_manifest(*text);
}

}  // namespace

bool is_period(const std::string& text) {
  return text.size() == 7 && text[4] == '-' &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return c == '-' || (c >= '0' && c <= '9'); }) &&
         std::count(text.begin(), text.end(), '-') == 1;
}

std::optional<DownloadSet> published_downloads(const config::Config& cfg,
                                               const std::string& period) {
  if (!is_period(period)) {
    return std::nullopt;
  }
  const auto folder = cfg.outputs.directory / period;
  auto manifest = read_manifest(folder);
  if (!manifest) {
    return std::nullopt;
  }
  const std::string base =
      expand(cfg.outputs.queries_name, cfg.organisation.commissioner, period, manifest->run_id);
  DownloadSet out{period, folder, {}};
  for (const auto& file : manifest->files) {
    const bool ours = file.name.rfind(base, 0) == 0 && file.name.find('/') == std::string::npos;
    if (ours && (ends_with(file.name, ".csv") || ends_with(file.name, ".xlsx"))) {
      out.files.push_back(file.name);
    }
  }
  std::sort(out.files.begin(), out.files.end());
  return out;
}

core::Expected<std::vector<RejectGroup>> published_rejects(const config::Config& cfg,
                                                           const std::string& period) {
  const auto folder = cfg.outputs.directory / period;
  auto manifest = is_period(period) ? read_manifest(folder) : std::nullopt;
  if (!manifest) {
    return std::vector<RejectGroup>{};
  }
  const std::string name =
      expand(cfg.outputs.rejects_name, cfg.organisation.commissioner, period, manifest->run_id);
  const bool listed = std::any_of(manifest->files.begin(), manifest->files.end(),
                                  [&](const auto& f) { return f.name == name; });
  if (!listed || name.find('/') != std::string::npos) {
    return std::vector<RejectGroup>{};
  }
  const core::Provenance where{"", (folder / name).string(), 0, ""};
  auto text = core::read_regular_file(folder / name, where, kMaxRejectLog);
  if (!text) {
    return core::fail(text.error());
  }
  const auto records = parse_records(*text);
  if (records.empty()) {
    return std::vector<RejectGroup>{};
  }
  auto column = [&](const char* header) {
    const auto& h = records.front();
    return static_cast<std::size_t>(std::find(h.begin(), h.end(), header) - h.begin());
  };
  const std::size_t source = column("Source");
  const std::size_t field = column("Field");
  const std::size_t rule = column("Rule");
  const std::size_t severity = column("Severity");
  // Only these four columns: the log's values and reasons may quote patient data.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::size_t> counts;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& row = records[r];
    auto at = [&](std::size_t i) { return i < row.size() ? row[i] : std::string(); };
    ++counts[{at(source), at(rule), at(field), at(severity)}];
  }
  std::vector<RejectGroup> out;
  for (const auto& [key, count] : counts) {
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), count});
  }
  return out;
}

}  // namespace atpipe::daemon::status
