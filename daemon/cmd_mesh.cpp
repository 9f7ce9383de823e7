#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <iostream>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/sink_registry.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"

#ifdef ATPIPE_HAVE_MESH
#include "connectors/mesh/mesh_check.hpp"
#include "connectors/mesh/mesh_config.hpp"
#endif

namespace atpipe::daemon {
namespace {

// Certificates this close to expiry are flagged: renewing one through the ITOC desk takes days.
constexpr long kRenewWithinDays = 30;

void print(const config::Diagnostics& diag) {
  for (const auto& item : diag.items()) {
    std::cerr << item.describe() << "\n";
  }
}

// The node at `submission.sink` of the config file, read directly so that `mesh check` works
// whatever else the file holds; null after reporting why there is none.
YAML::Node sink_node(const std::string& file, config::Diagnostics& diag) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    diag.error(config::Mark{file, 0, 0}, "cannot read the config file");
    return {};
  } catch (const YAML::Exception& e) {
    diag.error(config::Mark{file, e.mark.is_null() ? 0 : e.mark.line + 1,
                            e.mark.is_null() ? 0 : e.mark.column + 1},
               "invalid YAML: " + e.msg);
    return {};
  }
  const YAML::Node submission = root.IsMap() ? root["submission"] : YAML::Node();
  const YAML::Node sink = submission.IsMap() ? submission["sink"] : YAML::Node();
  if (!sink.IsMap()) {
    diag.error(config::Mark{file, 0, 0},
               "no 'submission: sink:' mapping in the config file; mesh check reads the MESH "
               "settings from there");
    return {};
  }
  return sink;
}

}  // namespace

int mesh_command(const MeshCommand& cmd) {
  auto registry = config::SinkRegistry::build();
  const config::SinkFactory* factory = registry ? registry->find("mesh") : nullptr;
  if (factory == nullptr) {
    std::cerr << "atpipe: this build has no mesh sink (ATPIPE_WITH_MESH=OFF)\n";
    return kExitUsage;
  }
  config::Diagnostics diag;
  const YAML::Node node = sink_node(cmd.config, diag);
  if (!node) {
    print(diag);
    return kExitConfig;
  }
  config::KeyTable table = factory->keys();
  table.push_back({"type", config::KeyType::String, true, "", {}, "the sink type"});
  table.push_back({"name", config::KeyType::String, false, "", {}, "the sink's name"});
  const config::NodeReader reader(node, table, "submission sink", diag,
                                  std::filesystem::absolute(cmd.config));
  if (reader.string("type").value_or("") != "mesh") {
    diag.error(reader.mark_of("type"), "'type' in submission sink is not 'mesh'");
  }
  auto parsed = factory->parse(reader);
  if (!diag.empty() || !parsed) {
    print(diag);
    return kExitConfig;
  }
#ifdef ATPIPE_HAVE_MESH
  auto mesh = std::dynamic_pointer_cast<const connectors::mesh::MeshConfig>(parsed);
  std::cout << "mailbox " << mesh->mailbox << " at " << mesh->url << "\n";
  auto report = connectors::mesh::check_mailbox("submission", mesh);
  if (!report) {
    std::cerr << "atpipe: mesh check failed: " << report.error().describe() << "\n";
    return report.error().code() == core::ErrorCode::Config ? kExitConfig : kExitIo;
  }
  std::cout << "handshake: ok\n"
            << "inbox: " << report->inbox_count << " message(s) waiting\n"
            << "client certificate: ";
  if (report->certificate_days_left < 0) {
    std::cout << "EXPIRED " << -report->certificate_days_left << " day(s) ago";
  } else {
    std::cout << "expires in " << report->certificate_days_left << " day(s)";
  }
  std::cout << " (" << report->certificate_not_after << ")";
  if (report->certificate_days_left < kRenewWithinDays) {
    std::cout << "; renew it now";
  }
  std::cout << "\n";
  return kExitOk;
#else
  return kExitUsage;
#endif
}

}  // namespace atpipe::daemon
