#include "daemon/status/status_text.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>

namespace atpipe::daemon::status {
namespace {

using Value = rapidjson::Value;

std::string str(const Value& object, const char* key, const std::string& fallback = "") {
  if (!object.IsObject()) {
    return fallback;
  }
  const auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : fallback;
}

std::uint64_t num(const Value& object, const char* key) {
  const auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsUint64() ? it->value.GetUint64() : 0;
}

std::string joined(const Value& counts) {
  std::string out;
  for (auto it = counts.MemberBegin(); it != counts.MemberEnd(); ++it) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", it->name.GetString(),
                       it->value.IsUint64() ? it->value.GetUint64() : 0);
  }
  return out.empty() ? "none" : out;
}

void line(std::ostream& out, const char* label, const std::string& value) {
  out << fmt::format("{:<17} {}\n", label, value);
}

void print_daemon(const Value& d, std::ostream& out) {
  const bool running = d.HasMember("running") && d["running"].IsBool() && d["running"].GetBool();
  if (!running) {
    line(out, "daemon:", "not running (read from the state store)");
    return;
  }
  line(out, "daemon:", "running");
  line(out, "config:",
       "version " + str(d, "config_version", "?") + ", loaded " + str(d, "config_loaded_at", "?"));
  line(out, "next cut:", str(d, "next_cut", "none scheduled"));
  line(out, "next submission:", str(d, "next_submission", "none scheduled"));
}

void print_run(const Value& r, std::ostream& out) {
  if (!r.IsObject()) {
    line(out, "last run:", "none yet");
    return;
  }
  if (!r.HasMember("counts") || !r.HasMember("sources") || !r["sources"].IsArray()) {
    line(out, "last run:", "unreadable");
    return;
  }
  const auto& c = r["counts"];
  std::string duration;
  if (r.HasMember("duration_seconds") && r["duration_seconds"].IsInt64()) {
    duration = fmt::format(", {} s", r["duration_seconds"].GetInt64());
  }
  line(out, "last run:",
       fmt::format("{} for {}: {}, finished {}{}", str(r, "run_id"), str(r, "period"),
                   str(r, "status"), str(r, "finished_at"), duration));
  for (const auto& s : r["sources"].GetArray()) {
    const bool failed = s.HasMember("failed") && s["failed"].IsBool() && s["failed"].GetBool();
    out << (failed ? fmt::format("  source {:<20} FAILED: {}\n", str(s, "source"), str(s, "error"))
                   : fmt::format("  source {:<20} {} pulled = {} accepted + {} rejected\n",
                                 str(s, "source"), num(s, "pulled"), num(s, "accepted"),
                                 num(s, "rejected")));
  }
  out << fmt::format(
      "  in the return {} ({} at the cut); census {}: matched {} ({} with discrepancies), AT "
      "only {}, census only {}\n",
      num(c, "in_return"), num(c, "inpatients_at_cut"), num(c, "census"), num(c, "matched"),
      num(c, "matched_with_discrepancies"), num(c, "at_only"), num(c, "census_only"));
}

}  // namespace

core::Expected<void> print_status_text(const std::string& status_json, std::ostream& out) {
  rapidjson::Document doc;
  doc.Parse(status_json.c_str(), status_json.size());
  auto object = [&](const char* key) { return doc.HasMember(key) && doc[key].IsObject(); };
  const bool shaped =
      !doc.HasParseError() && doc.IsObject() && object("daemon") && object("state_store") &&
      object("open_queries") && object("runs_by_outcome") && doc.HasMember("last_run") &&
      doc.HasMember("last_submission") && doc.HasMember("sources") && doc["sources"].IsArray() &&
      doc["open_queries"].HasMember("by_owner") && doc["open_queries"].HasMember("by_age");
  if (!shaped) {
    return core::fail(core::ErrorCode::Parse, "the status server's answer is not /status JSON");
  }
  line(out, "atpipe status:", str(doc, "commissioner", "?") + " at " + str(doc, "generated_at"));
  print_daemon(doc["daemon"], out);
  const auto& store = doc["state_store"];
  const bool reachable = store["reachable"].IsBool() && store["reachable"].GetBool();
  line(out, "state store:", reachable ? "reachable" : "UNREACHABLE: " + str(store, "error"));
  print_run(doc["last_run"], out);
  line(out, "runs:", joined(doc["runs_by_outcome"]));
  const auto& last = doc["last_submission"];
  line(out, "last submission:",
       last.IsObject()
           ? fmt::format("{} {} at {}", str(last, "period"), str(last, "state"), str(last, "at"))
           : std::string("no submissions yet"));
  const auto& q = doc["open_queries"];
  line(out, "open queries:", fmt::format("{}", num(q, "total")));
  line(out, "  by owner:", joined(q["by_owner"]));
  line(out, "  by age:", joined(q["by_age"]));
  out << "sources (last successful pull):\n";
  for (const auto& s : doc["sources"].GetArray()) {
    const std::string error = str(s, "last_error");
    out << fmt::format("  {:<22} {}{}\n", str(s, "source"), str(s, "last_successful_pull", "never"),
                       error.empty() ? "" : "  (last failure: " + error + ")");
  }
  return {};
}

}  // namespace atpipe::daemon::status
