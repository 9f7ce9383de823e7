#include "daemon/run_outputs.hpp"

#include <map>

#include "daemon/run_job.hpp"
#include "transforms/outputs/query_outputs.hpp"
#include "transforms/outputs/secure_file.hpp"
#include "transforms/outputs/writers.hpp"
#include "transforms/summary/summary.hpp"

namespace atpipe::daemon {
namespace {

core::Expected<void> write_query_set(const config::Config& cfg, const transforms::Period& period,
                                     const std::vector<core::TrackedQuery>& queries,
                                     const std::string& base, const std::string& title,
                                     store::RunRecord& run) {
  const auto& dates = cfg.outputs.return_date_format;
  for (const auto& format : cfg.outputs.query_formats) {
    auto path = cfg.outputs.directory / (base + "." + format);
    core::Expected<void> written;
    if (format == "csv") {
      written = transforms::write_file_atomic(
          path, transforms::render_queries_csv(queries, period, dates));
    } else if (format == "html") {
      written = transforms::write_file_atomic(
          path, transforms::render_queries_html(queries, period, title, dates));
    } else {
      written = transforms::write_queries_xlsx(path, queries, period, dates);
    }
    if (!written) {
      return written;
    }
    run.query_files.push_back(path.string());
  }
  return {};
}

}  // namespace

core::Expected<void> write_run_outputs(const config::Config& cfg, const transforms::Period& period,
                                       const RunOutputs& outputs, store::RunRecord& run) {
  const auto& org = cfg.organisation.commissioner;
  auto name = [&](const std::string& pattern) {
    return expand_name(pattern, org, period.label, run.run_id);
  };
  auto out_path = [&](const std::string& pattern) {
    return (cfg.outputs.directory / name(pattern)).string();
  };
  run.return_path = out_path(cfg.outputs.return_name);
  run.rejects_path = out_path(cfg.outputs.rejects_name);
  run.warnings_path = out_path(cfg.outputs.warnings_name);
  run.links_path = out_path(cfg.outputs.links_name);

  const std::pair<std::string, std::string> files[] = {
      {run.return_path,
       transforms::render_return(outputs.in_return, period, cfg.outputs.return_date_format)},
      {run.rejects_path, transforms::render_findings(outputs.rejected, core::Severity::Error)},
      {run.warnings_path, transforms::render_findings(outputs.accepted, core::Severity::Warning)},
      {run.links_path, transforms::render_links(outputs.links)},
  };
  for (const auto& [path, content] : files) {
    if (auto written = transforms::write_file_atomic(path, content); !written) {
      return written;
    }
  }

  auto tables = transforms::summarise(outputs.in_return, period, *cfg.code_lists);
  auto summary_base = cfg.outputs.directory / name(cfg.outputs.summary_name);
  run.summary_path = summary_base.string() + ".csv";
  if (auto written = transforms::write_file_atomic(run.summary_path,
                                                   transforms::render_summary_csv(tables, period));
      !written) {
    return written;
  }
  if (auto written = transforms::write_summary_xlsx(
          summary_base.string() + ".xlsx", tables, period,
          cfg.organisation.name.empty() ? cfg.organisation.commissioner : cfg.organisation.name);
      !written) {
    return written;
  }

  std::string base = name(cfg.outputs.queries_name);
  std::string title = "AT query list, " + cfg.organisation.commissioner + ", " + period.label;
  if (auto all = write_query_set(cfg, period, outputs.open_queries, base, title, run); !all) {
    return all;
  }
  run.queries_path = run.query_files.empty() ? "" : run.query_files.front();
  if (cfg.outputs.queries_per_owner) {
    std::map<std::string, std::vector<core::TrackedQuery>> by_owner;
    for (const auto& q : outputs.open_queries) {
      by_owner[transforms::owner_code(q.query.owner)].push_back(q);
    }
    for (const auto& [owner, queries] : by_owner) {
      auto written =
          write_query_set(cfg, period, queries, base + "_" + owner, title + ", for " + owner, run);
      if (!written) {
        return written;
      }
    }
  }
  return {};
}

}  // namespace atpipe::daemon
