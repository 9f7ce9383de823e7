#include <date/date.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>

#include "core/nhs_number.hpp"
#include "daemon/status/status_render.hpp"

namespace atpipe::daemon::status {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void text(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// An empty value is written as null: "not known", never an empty string that looks like data.
void text_or_null(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

void number(Writer& w, const char* key, std::size_t value) {
  w.Key(key);
  w.Uint64(value);
}

void counts(Writer& w, const char* key, const std::map<std::string, std::size_t>& values) {
  w.Key(key);
  w.StartObject();
  for (const auto& [name, count] : values) {
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.Uint64(count);
  }
  w.EndObject();
}

void write_daemon(Writer& w, const StatusSnapshot& s) {
  const auto& d = s.daemon;
  w.Key("daemon");
  w.StartObject();
  w.Key("running");
  w.Bool(d.running);
  text(w, "state", d.running ? "running" : "not running");
  text_or_null(w, "config_version", d.config_version);
  text_or_null(w, "config_loaded_at", d.config_loaded_at);
  text_or_null(w, "next_cut", d.next_cut);
  text_or_null(w, "next_submission", d.next_submission);
  w.EndObject();
}

void write_run(Writer& w, const store::RunRecord& r) {
  w.StartObject();
  text(w, "run_id", r.run_id);
  text(w, "period", r.period);
  text(w, "status", r.status);
  text(w, "started_at", r.started_at);
  text(w, "finished_at", r.finished_at);
  const auto start = epoch_seconds(r.started_at);
  const auto end = epoch_seconds(r.finished_at);
  w.Key("duration_seconds");
  start&& end ? w.Int64(*end - *start) : w.Null();
  w.Key("counts");
  w.StartObject();
  number(w, "in_return", r.in_return);
  number(w, "inpatients_at_cut", r.inpatients_at_cut);
  number(w, "discharged_in_period", r.discharged_in_period);
  number(w, "patients_rejected", r.patients_rejected);
  number(w, "census", r.census);
  number(w, "matched", r.matched);
  number(w, "matched_with_discrepancies", r.matched_with_discrepancies);
  number(w, "at_only", r.at_only);
  number(w, "census_only", r.census_only);
  number(w, "queries_open", r.queries);
  number(w, "queries_opened", r.queries_opened);
  number(w, "queries_resolved", r.queries_resolved);
  w.EndObject();
  w.Key("census_missing");
  w.Bool(r.census_missing);
  w.Key("sources");
  w.StartArray();
  for (const auto& c : r.sources) {
    w.StartObject();
    text(w, "source", c.source);
    text(w, "type", c.type);
    text(w, "role", c.role);
    number(w, "pulled", c.pulled);
    number(w, "accepted", c.accepted);
    number(w, "rejected", c.rejected);
    number(w, "warnings", c.warnings);
    w.Key("failed");
    w.Bool(c.failed);
    text_or_null(w, "error", c.error);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void write_submission(Writer& w, const SubmissionFacts& f) {
  w.StartObject();
  text(w, "period", f.period);
  text(w, "state", f.state);
  text_or_null(w, "at", f.at);
  text_or_null(w, "receipt", f.receipt);
  text_or_null(w, "signed_off_by", f.signed_off_by);
  w.EndObject();
}

void write_last_submission(Writer& w, const StatusSnapshot& s) {
  w.Key("last_submission");
  if (const auto* last = s.last_submission()) {
    write_submission(w, *last);
  } else {
    w.Null();
  }
  text(w, "submissions_note",
       s.store.submissions_known ? ""
                                 : "the submission ledger is not wired to the status server yet");
}

void write_open_queries(Writer& w, const OpenQueryCounts& q) {
  w.Key("open_queries");
  w.StartObject();
  number(w, "total", q.total);
  counts(w, "by_owner", q.by_owner);
  counts(w, "by_age", q.by_age_band);
  counts(w, "by_reason", q.by_reason);
  w.EndObject();
}

void write_sources(Writer& w, const StatusSnapshot& s) {
  w.Key("sources");
  w.StartArray();
  for (const auto& p : last_pulls(s)) {
    w.StartObject();
    text(w, "source", p.source);
    text_or_null(w, "last_successful_pull", p.last_success);
    text_or_null(w, "last_error", p.last_error);
    w.EndObject();
  }
  w.EndArray();
}

void write_head(Writer& w, const StatusSnapshot& s) {
  text(w, "generated_at", s.generated_at);
  text_or_null(w, "commissioner", s.commissioner);
  w.Key("state_store");
  w.StartObject();
  w.Key("reachable");
  w.Bool(s.store.reachable);
  text_or_null(w, "error", s.store.error);
  w.EndObject();
}

std::string done(const rapidjson::StringBuffer& buffer) {
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace

std::optional<long long> epoch_seconds(const std::string& iso) {
  // "2026-11-23T10:15:00Z" or "...+01:00": parsed by hand (date::parse trips GCC 12's
  // maybe-uninitialized warning).
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
                  &consumed) != 6) {
    return std::nullopt;
  }
  const std::string zone = iso.substr(static_cast<std::size_t>(consumed));
  int offset = 0;
  if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    offset = (std::stoi(zone.substr(1, 2)) * 60 + std::stoi(zone.substr(4, 2))) * 60;
    offset = zone[0] == '-' ? -offset : offset;
  } else if (zone != "Z") {
    return std::nullopt;
  }
  const date::year_month_day day{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!day.ok() || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  const auto days = date::sys_days(day).time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(days).count() + h * 3600LL + mi * 60LL +
         sec - offset;
}

std::vector<SourcePull> last_pulls(const StatusSnapshot& s) {
  if (s.daemon.running && !s.daemon.source_pulls.empty()) {
    return s.daemon.source_pulls;
  }
  std::vector<SourcePull> out;
  for (auto run = s.store.runs.rbegin(); run != s.store.runs.rend(); ++run) {
    for (const auto& c : run->sources) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const SourcePull& p) { return p.source == c.source; });
      if (it == out.end()) {
        it = out.insert(out.end(), SourcePull{c.source, "", ""});
      }
      if (c.failed) {
        it->last_error = c.error;
      } else {
        it->last_success = run->finished_at;
        it->last_error.clear();
      }
    }
  }
  return out;
}

Health render_health(const StatusSnapshot& s) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("up");
  w.Bool(true);
  w.Key("config_loaded");
  w.Bool(s.config_loaded);
  w.Key("state_store");
  w.Bool(s.store.reachable);
  w.EndObject();
  return {done(buffer), s.config_loaded && s.store.reachable};
}

std::string render_status_json(const StatusSnapshot& s) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  write_head(w, s);
  write_daemon(w, s);
  w.Key("last_run");
  s.store.runs.empty() ? (void)w.Null() : write_run(w, s.store.runs.front());
  counts(w, "runs_by_outcome", s.store.runs_by_outcome);
  write_last_submission(w, s);
  write_open_queries(w, s.store.open_queries);
  write_sources(w, s);
  w.EndObject();
  return done(buffer);
}

namespace {

void write_query(Writer& w, const core::TrackedQuery& t) {
  const auto& q = t.query;
  w.StartObject();
  text(w, "id", q.id);
  text(w, "reason", std::string(core::reason_code(q.reason)));
  text(w, "reason_text", std::string(core::reason_text(q.reason)));
  text(w, "owner", q.owner);
  text(w, "opened", t.opened_period);
  w.Key("age_months");
  w.Int(t.age_months);
  text(w, "age_band", age_band(t.age_months));
  text(w, "nhs_number", core::mask_nhs_number(q.nhs_number));  // as `queries list` shows it
  text(w, "field", q.field);
  text(w, "action", q.action);
  w.EndObject();
}

void write_dashboard_lists(Writer& w, const StatusSnapshot& s) {
  w.Key("queries");
  w.StartArray();
  for (const auto& q : s.store.open_query_list) {
    write_query(w, q);
  }
  w.EndArray();
  text_or_null(w, "rejects_period", s.store.rejects_period);
  w.Key("rejects");
  w.StartArray();
  for (const auto& g : s.store.rejects) {
    w.StartObject();
    text(w, "source", g.source);
    text(w, "rule", g.rule);
    text(w, "field", g.field);
    text(w, "severity", g.severity);
    number(w, "count", g.count);
    w.EndObject();
  }
  w.EndArray();
  w.Key("open_history");
  w.StartArray();
  for (const auto& p : s.store.open_history) {
    w.StartObject();
    text(w, "period", p.period);
    number(w, "open", p.open);
    w.EndObject();
  }
  w.EndArray();
  w.Key("downloads");
  w.StartObject();
  text_or_null(w, "period", s.store.downloads ? s.store.downloads->period : "");
  w.Key("files");
  w.StartArray();
  if (s.store.downloads) {
    for (const auto& f : s.store.downloads->files) {
      w.String(f.c_str(), static_cast<rapidjson::SizeType>(f.size()));
    }
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace

std::string render_dashboard_json(const StatusSnapshot& s) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  write_head(w, s);
  write_daemon(w, s);
  w.Key("runs");
  w.StartArray();
  for (const auto& r : s.store.runs) {
    write_run(w, r);
  }
  w.EndArray();
  w.Key("submissions");
  w.StartArray();
  for (const auto& f : s.store.submissions) {
    write_submission(w, f);
  }
  w.EndArray();
  write_last_submission(w, s);
  write_open_queries(w, s.store.open_queries);
  write_dashboard_lists(w, s);
  w.EndObject();
  return done(buffer);
}

}  // namespace atpipe::daemon::status
