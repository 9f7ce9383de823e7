#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/source_registry.hpp"
#include "connectors/sftp/sftp_config.hpp"

namespace atpipe::connectors::sftp {
namespace {

const std::filesystem::path kConfigFile = "/etc/atpipe/atpipe.yaml";
const std::string kPin = "SHA256:19ta7U46Qr3C/OTOUO9uwAe6bDlAEueDQxaUk/rhJRI";

const config::SourceFactory& sftp_factory() {
  static const auto registry = config::SourceRegistry::build();
  REQUIRE(registry.has_value());
  const auto* factory = registry->find("sftp");
  REQUIRE(factory != nullptr);
  return *factory;
}

struct Parsed {
  std::shared_ptr<const SftpConfig> config;
  std::vector<std::string> errors;
};

// Runs the factory's parse() the way the loader does: a reader over the source's mapping.
Parsed parse_yaml(const std::string& yaml) {
  config::Diagnostics diag;
  const auto& factory = sftp_factory();
  config::NodeReader reader(YAML::Load(yaml), factory.keys(), "source 'nhft'", diag, kConfigFile);
  Parsed out;
  out.config = std::dynamic_pointer_cast<const SftpConfig>(factory.parse(reader));
  for (const auto& item : diag.items()) {
    out.errors.push_back(item.describe());
  }
  return out;
}

std::string only_error(const std::string& yaml) {
  const auto parsed = parse_yaml(yaml);
  CHECK(parsed.config == nullptr);
  REQUIRE(parsed.errors.size() == 1);
  return parsed.errors[0];
}

const std::string kBase = "url: sftp://sftp.trust.example/outbound/ld_*.csv\nusername: atpipe\n";

}  // namespace

TEST_CASE("sftp config: the factory is registered with its key tables", "[unit][sftp]") {
  const auto& factory = sftp_factory();
  CHECK(factory.type() == "sftp");
  std::vector<std::string> names;
  for (const auto& key : factory.keys()) {
    names.push_back(key.name);
    CHECK_FALSE(key.doc.empty());
  }
  CHECK(names == std::vector<std::string>{"url", "username", "password", "private_key",
                                          "private_key_passphrase", "known_hosts",
                                          "host_key_sha256", "csv", "stable_seconds",
                                          "marker_suffix", "timeout_seconds"});
  names.clear();
  for (const auto& key : sftp_csv_keys()) {
    names.push_back(key.name);
  }
  CHECK(names == std::vector<std::string>{"delimiter", "encoding", "header_row"});
}

TEST_CASE("sftp config: a full config", "[unit][sftp]") {
  const auto parsed =
      parse_yaml(kBase +
                 "private_key: file:keys/trust_ed25519\n"
                 "known_hosts: known_hosts\n"
                 "host_key_sha256: " +
                 kPin +
                 "\ncsv: { delimiter: ';', encoding: windows-1252, header_row: 2 }\n"
                 "marker_suffix: .done\nstable_seconds: 5\n");
  REQUIRE(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  const auto& config = *parsed.config;
  CHECK(config.url.host == "sftp.trust.example");
  CHECK(config.url.port == 22);
  CHECK(config.url.dir == "/outbound/");
  CHECK(config.url.pattern == "ld_*.csv");
  CHECK(config.username == "atpipe");
  CHECK(config.private_key == std::filesystem::path("/etc/atpipe/keys/trust_ed25519"));
  CHECK(config.known_hosts == std::filesystem::path("/etc/atpipe/known_hosts"));
  CHECK(config.host_key_sha256 == "19ta7U46Qr3C/OTOUO9uwAe6bDlAEueDQxaUk/rhJRI");
  CHECK_FALSE(config.password.has_value());
  CHECK(config.delimiter == ';');
  CHECK(config.encoding == csv::Encoding::Windows1252);
  CHECK(config.header_row == 2);
  CHECK(config.marker_suffix == ".done");
  CHECK(config.stable_seconds == 5);
  CHECK(config.timeout_seconds == 60);
}

TEST_CASE("sftp config: url parsing", "[unit][sftp]") {
  auto url = std::get<SftpUrl>(parse_sftp_url("sftp://[::1]:2222/~/out/x.csv"));
  CHECK(url.host == "[::1]");
  CHECK(url.port == 2222);
  CHECK(url.dir == "/~/out/");
  CHECK(url.pattern == "x.csv");
  CHECK(url.file_url("a b#1.csv") == "sftp://[::1]:2222/~/out/a%20b%231.csv");
  CHECK(url.display("a b#1.csv") == "sftp://[::1]:2222/~/out/a b#1.csv");

  const auto problem = [](const std::string& text) {
    return std::get<std::string>(parse_sftp_url(text));
  };
  CHECK(problem("https://x/a.csv") == "must start with sftp://, got 'https://x/a.csv'");
  CHECK(problem("sftp://u:secret@x/a.csv") ==
        "cannot hold a user name or password; give them as 'username' and 'password' or "
        "'private_key'");
  CHECK(problem("sftp://x:0/a.csv") ==
        "has a port that is not a number from 1 to 65535, got 'sftp://x:0/a.csv'");
  CHECK(problem("sftp://x:/a.csv") ==
        "has a port that is not a number from 1 to 65535, got 'sftp://x:/a.csv'");
  CHECK(problem("sftp:///a.csv") == "has no host, got 'sftp:///a.csv'");
  CHECK(problem("sftp://x/out/") ==
        "must end with a file name or pattern such as /outbound/extract_*.csv, got "
        "'sftp://x/out/'");
  CHECK(problem("sftp://x") ==
        "must end with a file name or pattern such as /outbound/extract_*.csv, got 'sftp://x'");
  CHECK(problem("sftp://x/out_*/a.csv") ==
        "may have wildcards only in its last part, not in its folders, got "
        "'sftp://x/out_*/a.csv'");
}

TEST_CASE("sftp config: cross-key checks", "[unit][sftp]") {
  CHECK(only_error(kBase + "known_hosts: /etc/kh\n") ==
        "/etc/atpipe/atpipe.yaml:1:1: error: missing 'private_key' or 'password' in source "
        "'nhft': the SFTP login needs one of them");
  CHECK(only_error(kBase + "password: pw\n") ==
        "/etc/atpipe/atpipe.yaml:1:1: error: missing 'known_hosts' or 'host_key_sha256' in "
        "source 'nhft': the server's host key is always checked");
  CHECK(only_error(kBase + "password: pw\nprivate_key_passphrase: x\nknown_hosts: /kh\n") ==
        "/etc/atpipe/atpipe.yaml:4:25: error: 'private_key_passphrase' in source 'nhft' needs "
        "'private_key'");
  CHECK(only_error(kBase + "password: pw\nhost_key_sha256: SHA256:abc\n") ==
        "/etc/atpipe/atpipe.yaml:4:18: error: 'host_key_sha256' in source 'nhft' must be the "
        "SHA256 fingerprint 'ssh-keygen -lf' prints (SHA256: and 43 base64 characters), got "
        "'SHA256:abc'");
  CHECK(only_error("url: sftp://a:b@x/a.csv\nusername: u\npassword: pw\nknown_hosts: /kh\n") ==
        "/etc/atpipe/atpipe.yaml:1:6: error: 'url' in source 'nhft' cannot hold a user name or "
        "password; give them as 'username' and 'password' or 'private_key'");
  CHECK(only_error(kBase + "password: pw\nknown_hosts: /kh\nmarker_suffix: ''\n") ==
        "/etc/atpipe/atpipe.yaml:5:16: error: 'marker_suffix' in source 'nhft' must be a "
        "non-empty file-name ending such as .done");
  CHECK(only_error(kBase + "password: pw\nknown_hosts: /kh\nstable_seconds: -1\n") ==
        "/etc/atpipe/atpipe.yaml:5:17: error: 'stable_seconds' in source 'nhft' must be 0 or "
        "more, got -1");
}

TEST_CASE("sftp config: the csv map has its own key table", "[unit][sftp]") {
  CHECK(only_error(kBase + "password: pw\nknown_hosts: /kh\ncsv: { header_row: 0 }\n") ==
        "/etc/atpipe/atpipe.yaml:5:20: error: 'header_row' in 'csv' in source 'nhft' must be 1 "
        "or more, got 0");
  CHECK(only_error(kBase + "password: pw\nknown_hosts: /kh\ncsv: { delimiter: ';;' }\n") ==
        "/etc/atpipe/atpipe.yaml:5:19: error: 'delimiter' in 'csv' in source 'nhft' must be one "
        "ASCII character other than a quote or a line break, got ';;'");
  const auto parsed = parse_yaml(kBase + "password: pw\nknown_hosts: /kh\ncsv: { header: true }\n");
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].find("unknown key 'header' in 'csv' in source 'nhft'") !=
        std::string::npos);
}

}  // namespace atpipe::connectors::sftp
