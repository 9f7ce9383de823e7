#include "transforms/outputs/finding_log.hpp"

namespace atpipe::transforms {
namespace {

// Everything the log shows of a finding, as one key ('\0' cannot occur in rule ids or
// field names).
std::string key_of(const core::Finding& f) {
  std::string key;
  key.reserve(f.rule.size() + f.field.size() + f.message.size() + 3);
  key.append(f.rule).push_back('\0');
  key.append(f.field).push_back('\0');
  key.push_back(f.severity == core::Severity::Error ? 'E' : 'W');
  key.append(f.message);
  return key;
}

bool same_text(const core::Finding& a, const core::Finding& b) {
  return a.severity == b.severity && a.rule == b.rule && a.field == b.field &&
         a.message == b.message;
}

}  // namespace

void FindingLog::add(const core::Record& rec, core::Severity severity) {
  const std::string_view local_id = rec.get(core::Field::LocalId);
  for (const auto& f : rec.findings) {
    if (f.severity != severity) {
      continue;
    }
    entries_.push_back({place_of(rec.where), finding_of(f), rec.where.row, std::string(local_id)});
  }
}

void FindingLog::add(const core::Provenance& where, std::string local_id,
                     const core::Finding& finding) {
  entries_.push_back({place_of(where), finding_of(finding), where.row, std::move(local_id)});
}

FindingLog::Line FindingLog::line(std::size_t i) const {
  const auto& e = entries_[i];
  return {places_[e.place], e.row, e.local_id, findings_[e.finding]};
}

std::uint32_t FindingLog::place_of(const core::Provenance& where) {
  // Rows come file by file: the last place is nearly always the one.
  for (std::size_t i = places_.size(); i-- > 0;) {
    if (places_[i].source == where.source && places_[i].file == where.file) {
      return static_cast<std::uint32_t>(i);
    }
  }
  places_.push_back(core::Provenance{where.source, where.file, 0, ""});
  return static_cast<std::uint32_t>(places_.size() - 1);
}

std::uint32_t FindingLog::finding_of(const core::Finding& f) {
  // Most rows repeat the finding before them (one rule firing on a whole extract).
  if (!entries_.empty() && same_text(findings_[entries_.back().finding], f)) {
    return entries_.back().finding;
  }
  auto [it, added] =
      finding_index_.try_emplace(key_of(f), static_cast<std::uint32_t>(findings_.size()));
  if (added) {
    findings_.push_back(core::Finding{f.rule, f.severity, f.field, f.message, {}});
  }
  return it->second;
}

}  // namespace atpipe::transforms
