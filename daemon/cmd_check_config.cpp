#include <iostream>
#include <string>
#include <vector>

#include "config/coverage.hpp"
#include "config/loader.hpp"
#include "config/source_factory.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "transforms/linkage/link_config_from_spec.hpp"
#include "transforms/mapping/mapper.hpp"

namespace atpipe::daemon {
namespace {

// What --probe found: errors in the config's own "file:line:col: error:" form, and notes and
// warnings that do not fail the check.
struct ProbeReport {
  std::vector<std::string> errors;
  std::vector<std::string> notices;
  std::size_t probed_sources = 0;
  std::size_t files = 0;
};

void probe_source(const config::SourceSpec& spec, const config::SourceFactory& factory,
                  const std::string& config_file, ProbeReport& report) {
  const std::string source = "source '" + spec.name + "'";
  auto probe = factory.probe(spec);
  if (!probe) {
    report.errors.push_back(config::Diagnostic{spec.mark, probe.error().describe()}.describe());
    return;
  }
  for (const auto& skipped : probe->skipped) {
    report.notices.push_back(config_file + ": warning: " + source + ": '" + skipped.file + "' " +
                             skipped.reason + "; a run skips it");
  }
  if (!probe->note.empty()) {
    report.notices.push_back(config_file + ": note: " + source + ": " + probe->note);
    return;
  }
  ++report.probed_sources;
  for (const auto& file : probe->files) {
    ++report.files;
    for (const auto* missing : transforms::Mapper::missing_columns(spec, file.columns)) {
      // At the mapping entry, so an editor jumps to the line to fix.
      report.errors.push_back(config::Diagnostic{
          missing->mark, source + ", file '" + file.file +
                             "': " + transforms::Mapper::missing_column_message(*missing)}
                                  .describe());
    }
  }
}

ProbeReport probe_sources(const config::Config& cfg, const config::SourceRegistry& registry,
                          const std::string& config_file) {
  ProbeReport report;
  for (const auto& spec : cfg.sources) {
    if (const auto* factory = registry.find(spec.type)) {
      probe_source(spec, *factory, config_file, report);
    }
  }
  return report;
}

}  // namespace

int check_config_command(const CheckConfigCommand& cmd, const config::SourceRegistry& registry) {
  const std::string& file = cmd.file;
  auto loaded = config::load_config(file, registry);
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) {
      std::cerr << d.describe() << "\n";
    }
    std::cerr << loaded.diagnostics.size() << " error(s) in " << file << "\n";
    return kExitConfig;
  }
  if (auto linkage = transforms::linkage::from_spec(loaded.config->reconcile); !linkage) {
    std::cerr << linkage.error().message() << "\n1 error(s) in " << file << "\n";
    return kExitConfig;
  }
  // Not an error (a source may be added later), but every record would be rejected.
  auto unmapped = config::unmapped_required_fields(*loaded.config);
  for (auto f : unmapped) {
    const auto& info = core::field_info(f);
    std::cerr << file << ": warning: no AT source maps '" << info.name << "' ("
              << info.national_name
              << "), which every record of the return needs: each will be rejected for it\n";
  }
  std::string probed;
  if (cmd.probe) {
    const auto report = probe_sources(*loaded.config, registry, file);
    for (const auto& notice : report.notices) {
      std::cerr << notice << "\n";
    }
    if (!report.errors.empty()) {
      for (const auto& error : report.errors) {
        std::cerr << error << "\n";
      }
      std::cerr << report.errors.size() << " error(s) in " << file << " (probed)\n";
      return kExitConfig;
    }
    probed = "; probed " + std::to_string(report.probed_sources) + " source(s), " +
             std::to_string(report.files) + " file header(s)";
  }
  std::cout << file << ": OK (" << loaded.config->sources.size() << " source(s)"
            << (unmapped.empty() ? "" : ", " + std::to_string(unmapped.size()) + " warning(s)")
            << probed << ")\n";
  return kExitOk;
}

}  // namespace atpipe::daemon
