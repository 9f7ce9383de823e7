#include "daemon/run_outputs.hpp"

#include <spdlog/spdlog.h>
#include <time.h>

#include <chrono>
#include <functional>

#include <map>

#include "daemon/run_job.hpp"
#include "transforms/outputs/finding_log_text.hpp"
#include "transforms/outputs/output_set.hpp"
#include "transforms/outputs/query_outputs.hpp"
#include "transforms/outputs/writers.hpp"
#include "transforms/summary/shared_summary.hpp"
#include "transforms/summary/summary.hpp"

namespace atpipe::daemon {
namespace {

using transforms::ByteSink;
using transforms::OutputSet;
using transforms::PlannedFile;

// Logs (debug) how long one file of the set took to make, write and hash on its thread: wall
// time, and the thread's CPU time (which other work on the machine does not inflate).
class FileTimer {
 public:
  explicit FileTimer(const std::string& name)
      : name_(name), wall_(std::chrono::steady_clock::now()), cpu_(thread_cpu()) {}
  FileTimer(const FileTimer&) = delete;
  FileTimer& operator=(const FileTimer&) = delete;
  ~FileTimer() {
    auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - wall_)
                    .count();
    spdlog::debug("output file {}: {} ms ({} ms CPU)", name_, wall,
                  (thread_cpu() - cpu_) / 1000000);
  }

 private:
  static long long thread_cpu() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
  }

  const std::string& name_;
  std::chrono::steady_clock::time_point wall_;
  long long cpu_;
};

const std::string kSummaryTables = "(summary tables)";

// When the threads begin each file (PlannedFile::start): the longest first (at 1M rows the
// return, with the summary made in its walk, takes the most; then the warnings log, the query
// lists, the links, the rejects); the summary files last, as they wait for the return's walk.
enum Start : int { kReturn, kWarnings, kQueryLists, kLinks, kRejects, kSummary };

PlannedFile streamed(std::string name, std::function<void(ByteSink&)> stream,
                     Start start = kQueryLists) {
  auto timed = [name, stream = std::move(stream)](ByteSink& sink) {
    FileTimer timer(name);
    stream(sink);
  };
  return {std::move(name), std::move(timed), {}, start};
}

PlannedFile by_name(std::string name,
                    std::function<core::Expected<void>(const std::filesystem::path&)> write,
                    Start start = kQueryLists) {
  auto timed = [name, write = std::move(write)](const std::filesystem::path& path) {
    FileTimer timer(name);
    return write(path);
  };
  return {std::move(name), {}, std::move(timed), start};
}

// One query list per configured format, appended to `files` (the queries must outlive them).
void plan_query_lists(const config::Config& cfg, const transforms::Period& period,
                      const std::vector<core::TrackedQuery>& queries, const std::string& base,
                      const std::string& title, std::vector<PlannedFile>& files) {
  const auto& dates = cfg.outputs.return_date_format;
  for (const auto& format : cfg.outputs.query_formats) {
    auto name = base + "." + format;
    if (format == "csv") {
      files.push_back(streamed(name, [&queries, &period, &dates](ByteSink& out) {
        transforms::write_queries_csv(queries, period, dates, out);
      }));
    } else if (format == "html") {
      files.push_back(streamed(name, [&queries, &period, &dates, title](ByteSink& out) {
        transforms::write_queries_html(queries, period, title, dates, out);
      }));
    } else {
      files.push_back(by_name(name, [&queries, &period, &dates](const std::filesystem::path& path) {
        return transforms::write_queries_xlsx(path, queries, period, dates);
      }));
    }
  }
}

// The whole list, then each owner's when outputs.queries_per_owner asks for it.
void plan_all_query_lists(const config::Config& cfg, const transforms::Period& period,
                          const RunOutputs& outputs, const std::string& base,
                          std::map<std::string, std::vector<core::TrackedQuery>>& by_owner,
                          std::vector<PlannedFile>& files) {
  std::string title = "AT query list, " + cfg.organisation.commissioner + ", " + period.label;
  plan_query_lists(cfg, period, outputs.open_queries, base, title, files);
  if (!cfg.outputs.queries_per_owner) {
    return;
  }
  for (const auto& q : outputs.open_queries) {
    by_owner[transforms::owner_code(q.query.owner)].push_back(q);
  }
  for (const auto& [owner, queries] : by_owner) {
    plan_query_lists(cfg, period, queries, base + "_" + owner, title + ", for " + owner, files);
  }
}

// The return, with the summary tables made in the same walk when no summary file has begun
// making them.
void write_return_and_summary(const config::Config& cfg, const transforms::Period& period,
                              const std::vector<const transforms::MergedPatient*>& in_return,
                              transforms::SharedSummary& tables, ByteSink& sink) {
  const auto& dates = cfg.outputs.return_date_format;
  if (!tables.begin_walk()) {
    transforms::write_return(in_return, period, dates, sink);
    return;
  }
  try {
    transforms::SummaryWalk walk(period, *cfg.code_lists);
    transforms::write_return(
        in_return, period, dates, sink,
        [&walk](const transforms::MergedPatient& p, transforms::Membership m) { walk.add(p, m); });
    tables.offer(walk.tables());
  } catch (...) {
    tables.failed();
    throw;
  }
}

core::Expected<void> add_files(const config::Config& cfg, const transforms::Period& period,
                               const RunOutputs& outputs, const std::string& run_id, OutputSet& set,
                               std::vector<std::string>& query_names) {
  const auto& out = cfg.outputs;
  auto name = [&](const std::string& pattern) {
    return expand_name(pattern, cfg.organisation.commissioner, period.label, run_id);
  };
  // The summary is made in the return's walk over the episodes (each record read once); the
  // summary files wait for it, or make it themselves if that walk never began.
  transforms::SharedSummary tables([&] {
    FileTimer timer(kSummaryTables);
    return transforms::summarise(outputs.in_return, period, *cfg.code_lists);
  });
  const auto& title =
      cfg.organisation.name.empty() ? cfg.organisation.commissioner : cfg.organisation.name;
  auto summary = name(out.summary_name);
  // In the order the MANIFEST lists them; the set writes them on both cores.
  std::vector<PlannedFile> files;
  files.push_back(streamed(
      name(out.return_name),
      [&](ByteSink& sink) {
        write_return_and_summary(cfg, period, outputs.in_return, tables, sink);
      },
      kReturn));
  files.push_back(streamed(
      name(out.rejects_name),
      [&](ByteSink& sink) {
        transforms::write_findings(outputs.rejected, core::Severity::Error, sink);
      },
      kRejects));
  files.push_back(streamed(
      name(out.warnings_name),
      [&](ByteSink& sink) { transforms::write_finding_logs(outputs.warnings, sink); }, kWarnings));
  files.push_back(streamed(
      name(out.links_name), [&](ByteSink& sink) { transforms::write_links(outputs.links, sink); },
      kLinks));
  files.push_back(streamed(
      summary + ".csv",
      [&](ByteSink& sink) { transforms::write_summary_csv(tables.get(), period, sink); },
      kSummary));
  files.push_back(by_name(
      summary + ".xlsx",
      [&](const std::filesystem::path& path) {
        return transforms::write_summary_xlsx(path, tables.get(), period, title);
      },
      kSummary));
  const auto first_query_list = files.size();
  std::map<std::string, std::vector<core::TrackedQuery>> by_owner;
  plan_all_query_lists(cfg, period, outputs, name(out.queries_name), by_owner, files);
  for (auto i = first_query_list; i < files.size(); ++i) {
    query_names.push_back(files[i].name);
  }
  return set.add_files(std::move(files));
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
