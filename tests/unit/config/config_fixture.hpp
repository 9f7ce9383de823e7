#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "config/loader.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"

namespace atpipe::config::test {

// The typed settings of the test connector below.
struct TestConnectorConfig : ConnectorConfig {
  std::filesystem::path path;
  std::string encoding;
};

// A minimal source type for loader tests, registered into a local SourceRegistry (never
// through ATPIPE_REGISTER_SOURCE, so the real registry is unaffected). Stateless; any thread.
class TestSourceFactory final : public SourceFactory {
 public:
  explicit TestSourceFactory(std::string type) : type_(std::move(type)) {}

  // SourceFactory
  [[nodiscard]] std::string_view type() const override { return type_; }
  [[nodiscard]] std::string_view summary() const override { return "test source"; }
  [[nodiscard]] const KeyTable& keys() const override {
    static const KeyTable table = {
        {"path", KeyType::Path, true, "", {}, "file to read"},
        {"encoding", KeyType::Enum, false, "utf-8", {"utf-8", "windows-1252"}, "text encoding"},
    };
    return table;
  }
  [[nodiscard]] ConnectorConfigPtr parse(const NodeReader& reader) const override {
    auto path = reader.path("path");
    if (!path) {
      return nullptr;
    }
    auto config = std::make_shared<TestConnectorConfig>();
    config->path = *path;
    config->encoding = reader.string("encoding").value_or("");
    return config;
  }
  [[nodiscard]] core::Expected<core::SourcePtr> create(const SourceSpec&) const override {
    return core::fail(core::ErrorCode::Internal, "test factory makes no sources");
  }

 private:
  std::string type_;
};

// A registry holding the test factory as "csv" and "http_json".
inline SourceRegistry test_registry() {
  SourceRegistry registry;
  (void)registry.add(std::make_shared<const TestSourceFactory>("csv"));
  (void)registry.add(std::make_shared<const TestSourceFactory>("http_json"));
  return registry;
}

// A fresh folder under the system temp directory, removed with everything in it at the end
// of the test. Owned by one test case.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("atpipe_config_test_" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return dir_; }

  // Writes `text` to `name` in the folder; a leading newline is dropped so that raw string
  // literals can start on their own line and still put the first YAML line on line 1.
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    if (!text.empty() && text.front() == '\n') {
      text.remove_prefix(1);
    }
    const auto file = dir_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    return file;
  }

 private:
  std::filesystem::path dir_;
};

// Loads `yaml` written to atpipe.yaml in a fresh folder; keeps the folder for the test.
struct Loaded {
  TempDir dir;
  std::filesystem::path file;
  LoadResult result;

  explicit Loaded(std::string_view yaml, const SourceRegistry& registry = test_registry())
      : file(dir.write("atpipe.yaml", yaml)), result(load_config(file, registry)) {}

  // The diagnostics as printed.
  [[nodiscard]] std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) {
      out.push_back(d.describe());
    }
    return out;
  }

  // "<file>:line:col: error: message", as describe() prints it.
  [[nodiscard]] std::string at(int line, int column, const std::string& message) const {
    return file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
           ": error: " + message;
  }
};

// Sets an environment variable for the life of the object, then unsets it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

}  // namespace atpipe::config::test
