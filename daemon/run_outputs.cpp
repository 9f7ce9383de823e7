#include "daemon/run_outputs.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <map>

#include "daemon/run_job.hpp"
#include "transforms/outputs/finding_log_text.hpp"
#include "transforms/outputs/output_set.hpp"
#include "transforms/outputs/query_outputs.hpp"
#include "transforms/outputs/writers.hpp"
#include "transforms/summary/summary.hpp"

namespace atpipe::daemon {
namespace {

using transforms::OutputSet;

// A file libxlsxwriter writes by name, inside the set's private folder.
template <class Write>
core::Expected<void> add_by_name(OutputSet& set, const std::string& name, Write write) {
  auto path = set.path_for(name);
  if (!path) {
    return core::fail(path.error());
  }
  if (auto written = write(*path); !written) {
    return written;
  }
  return set.adopt(name);
}

core::Expected<void> add_query_lists(const config::Config& cfg, const transforms::Period& period,
                                     const std::vector<core::TrackedQuery>& queries,
                                     const std::string& base, const std::string& title,
                                     OutputSet& set, std::vector<std::string>& names) {
  const auto& dates = cfg.outputs.return_date_format;
  for (const auto& format : cfg.outputs.query_formats) {
    auto name = base + "." + format;
    core::Expected<void> written;
    if (format == "csv") {
      written = set.add(name, transforms::render_queries_csv(queries, period, dates));
    } else if (format == "html") {
      written = set.add(name, transforms::render_queries_html(queries, period, title, dates));
    } else {
      written = add_by_name(set, name, [&](const std::filesystem::path& path) {
        return transforms::write_queries_xlsx(path, queries, period, dates);
      });
    }
    if (!written) {
      return written;
    }
    names.push_back(name);
  }
  return {};
}

core::Expected<void> add_all_query_lists(const config::Config& cfg,
                                         const transforms::Period& period,
                                         const RunOutputs& outputs, const std::string& base,
                                         OutputSet& set, std::vector<std::string>& names) {
  std::string title = "AT query list, " + cfg.organisation.commissioner + ", " + period.label;
  if (auto all = add_query_lists(cfg, period, outputs.open_queries, base, title, set, names);
      !all || !cfg.outputs.queries_per_owner) {
    return all;
  }
  std::map<std::string, std::vector<core::TrackedQuery>> by_owner;
  for (const auto& q : outputs.open_queries) {
    by_owner[transforms::owner_code(q.query.owner)].push_back(q);
  }
  for (const auto& [owner, queries] : by_owner) {
    auto written = add_query_lists(cfg, period, queries, base + "_" + owner,
                                   title + ", for " + owner, set, names);
    if (!written) {
      return written;
    }
  }
  return {};
}

core::Expected<void> add_files(const config::Config& cfg, const transforms::Period& period,
                               const RunOutputs& outputs, const std::string& run_id, OutputSet& set,
                               std::vector<std::string>& query_names) {
  const auto& out = cfg.outputs;
  auto name = [&](const std::string& pattern) {
    return expand_name(pattern, cfg.organisation.commissioner, period.label, run_id);
  };
  // The files only read the run's results: they are rendered side by side and added to the
  // set in this order.
  auto render = [](auto job) { return std::async(std::launch::async, std::move(job)); };
  auto summarised =
      render([&] { return transforms::summarise(outputs.in_return, period, *cfg.code_lists); });
  std::pair<std::string, std::future<std::string>> files[] = {
      {name(out.return_name), render([&] {
         return transforms::render_return(outputs.in_return, period, out.return_date_format);
       })},
      {name(out.rejects_name), render([&] {
         return transforms::render_findings(outputs.rejected, core::Severity::Error);
       })},
      {name(out.warnings_name),
       render([&] { return transforms::render_finding_logs(outputs.warnings); })},
      {name(out.links_name), render([&] { return transforms::render_links(outputs.links); })},
  };
  for (auto& [file, content] : files) {
    if (auto written = set.add(file, content.get()); !written) {
      return written;
    }
  }
  auto tables = summarised.get();
  auto summary = name(out.summary_name);
  if (auto written = set.add(summary + ".csv", transforms::render_summary_csv(tables, period));
      !written) {
    return written;
  }
  const auto& title =
      cfg.organisation.name.empty() ? cfg.organisation.commissioner : cfg.organisation.name;
  auto workbook = add_by_name(set, summary + ".xlsx", [&](const std::filesystem::path& path) {
    return transforms::write_summary_xlsx(path, tables, period, title);
  });
  if (!workbook) {
    return workbook;
  }
  return add_all_query_lists(cfg, period, outputs, name(out.queries_name), set, query_names);
}

void record_paths(const config::Config& cfg, const transforms::Period& period,
                  const std::filesystem::path& base, const std::vector<std::string>& query_names,
                  store::RunRecord& run) {
  auto path = [&](const std::string& pattern) {
    return (base / expand_name(pattern, cfg.organisation.commissioner, period.label, run.run_id))
        .string();
  };
  run.return_path = path(cfg.outputs.return_name);
  run.rejects_path = path(cfg.outputs.rejects_name);
  run.warnings_path = path(cfg.outputs.warnings_name);
  run.links_path = path(cfg.outputs.links_name);
  run.summary_path = path(cfg.outputs.summary_name) + ".csv";
  for (const auto& name : query_names) {
    run.query_files.push_back((base / name).string());
  }
  run.queries_path = run.query_files.empty() ? "" : run.query_files.front();
}

}  // namespace

core::Expected<void> write_run_outputs(const config::Config& cfg, const transforms::Period& period,
                                       const RunOutputs& outputs, store::RunRecord& run) {
  const auto& dir = cfg.outputs.directory;
  auto set = OutputSet::begin({dir, period.label, run.run_id, cfg.outputs.keep_sets});
  if (!set) {
    return core::fail(set.error());
  }
  for (const auto& name : set->removed_stale()) {
    spdlog::info("removed '{}' from the output folder, left by an interrupted run", name);
  }
  std::vector<std::string> query_names;
  if (auto added = add_files(cfg, period, outputs, run.run_id, *set, query_names); !added) {
    return added;
  }
  auto finished = set->finish(outputs.complete);
  if (!finished) {
    return core::fail(finished.error());
  }
  for (const auto& name : finished->pruned) {
    spdlog::info("removed the old output set '{}' (outputs.keep_sets: {})", name,
                 cfg.outputs.keep_sets);
  }
  if (finished->published) {
    if (!outputs.complete) {
      spdlog::warn(
          "partial run: published as {} because no complete set exists yet; its "
          "MANIFEST says partial",
          (dir / period.label).string());
    }
    record_paths(cfg, period, dir, query_names, run);
    return {};
  }
  spdlog::warn(
      "partial run: its outputs are in {} for inspection and were not published; {} is left "
      "as it was",
      finished->folder.string(), (dir / period.label).string());
  record_paths(cfg, period, finished->folder, query_names, run);
  return {};
}

}  // namespace atpipe::daemon
