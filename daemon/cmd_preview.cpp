#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <iostream>

#include "config/loader.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/source_step.hpp"
#include "transforms/period/period.hpp"

namespace atpipe::daemon {
namespace {

const char* severity_name(core::Severity s) {
  return s == core::Severity::Error ? "error" : "warning";
}

void print_table(const config::SourceSpec& spec, const std::vector<core::Record>& records,
                 std::size_t limit) {
  // Names line up in one column, however long the mapped field names are.
  std::size_t width = 0;
  for (const auto& m : spec.mapping) {
    width = std::max(width, core::field_info(m.field).name.size());
  }
  std::size_t shown = 0;
  for (const auto& rec : records) {
    if (shown++ == limit) {
      break;
    }
    std::cout << fmt::format("row {} of {}: {}\n", rec.where.row, rec.where.file,
                             rec.rejected() ? "REJECTED" : "accepted");
    for (const auto& m : spec.mapping) {
      auto name = core::field_info(m.field).name;
      std::cout << fmt::format("  {:<{}} {}\n", name, width, rec.get(m.field));
    }
    for (const auto& f : rec.findings) {
      std::cout << fmt::format("  ! {} {:<7} {}\n", f.rule, severity_name(f.severity), f.message);
    }
  }
}

void print_json(const config::SourceSpec& spec, const std::vector<core::Record>& records,
                std::size_t limit) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  std::size_t shown = 0;
  for (const auto& rec : records) {
    if (shown++ == limit) {
      break;
    }
    w.StartObject();
    w.Key("file");
    w.String(rec.where.file.c_str());
    w.Key("row");
    w.Uint64(rec.where.row);
    w.Key("status");
    w.String(rec.rejected() ? "rejected" : "accepted");
    w.Key("fields");
    w.StartObject();
    for (const auto& m : spec.mapping) {
      auto name = core::field_info(m.field).name;
      w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      const std::string_view value = rec.get(m.field);
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    }
    w.EndObject();
    w.Key("findings");
    w.StartArray();
    for (const auto& f : rec.findings) {
      w.StartObject();
      w.Key("rule");
      w.String(f.rule.c_str());
      w.Key("severity");
      w.String(severity_name(f.severity));
      w.Key("field");
      w.String(f.field.c_str());
      w.Key("message");
      w.String(f.message.c_str());
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  std::cout << buffer.GetString() << "\n";
}

}  // namespace

int preview_command(const PreviewCommand& cmd, const config::SourceRegistry& registry) {
  auto loaded = load_config_or_report(cmd.config, registry);
  if (!loaded) {
    return kExitConfig;
  }
  const auto& cfg = *loaded;
  const auto* spec = cfg.find_source(cmd.source);
  if (spec == nullptr) {
    std::string known;
    for (const auto& s : cfg.sources) {
      known += (known.empty() ? "" : ", ") + s.name;
    }
    std::cerr << "atpipe preview: no source '" << cmd.source << "' in " << cmd.config
              << " (sources: " << known << ")\n";
    return kExitUsage;
  }
  auto today = resolve_today(cmd.today, cfg.organisation.timezone);
  if (!today) {
    std::cerr << "atpipe preview: --today must be a date written YYYY-MM-DD\n";
    return kExitUsage;
  }
  auto period = transforms::last_complete_period(*today);
  auto yield =
      run_source(cfg, *spec, registry, {*today, period.cut, spec->role, cfg.code_lists.get()});
  if (yield.counts.failed) {
    std::cerr << "atpipe preview: source '" << spec->name << "' failed: " << yield.counts.error
              << "\n";
    return kExitPartial;
  }
  if (cmd.format == "json") {
    print_json(*spec, yield.records, cmd.limit);
  } else {
    print_table(*spec, yield.records, cmd.limit);
    std::cerr << fmt::format("{} row(s): {} accepted, {} rejected, {} warning(s)\n",
                             yield.counts.pulled, yield.counts.accepted, yield.counts.rejected,
                             yield.counts.warnings);
  }
  return kExitOk;
}

}  // namespace atpipe::daemon
