#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/key_table.hpp"
#include "config_fixture.hpp"

namespace atpipe::config::test {
namespace {

const KeyTable kTable = {
    {"name", KeyType::String, true, "", {}, ""},
    {"count", KeyType::Int, false, "7", {}, ""},
    {"enabled", KeyType::Bool, false, "no", {}, ""},
    {"file", KeyType::Path, false, "default.db", {}, ""},
    {"token", KeyType::Secret, false, "", {}, ""},
    {"mode", KeyType::Enum, false, "fast", {"fast", "slow", "off"}, ""},
    {"tags", KeyType::StringList, false, "a, b", {}, ""},
    {"options", KeyType::Map, false, "", {}, ""},
    {"items", KeyType::Sequence, false, "", {}, ""},
};

// Reads `yaml` (written to reader.yaml in `dir`) through kTable with context "test".
struct Read {
  Diagnostics diag;
  std::filesystem::path file;
  YAML::Node root;
  std::optional<NodeReader> reader;

  Read(const TempDir& dir, std::string_view yaml) : file(dir.write("reader.yaml", yaml)) {
    root = YAML::LoadFile(file.string());
    reader.emplace(root, kTable, "test", diag, file);
  }
  [[nodiscard]] std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& d : diag.items()) {
      out.push_back(d.describe());
    }
    return out;
  }
  [[nodiscard]] std::string at(int line, int column, const std::string& message) const {
    return file.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
           ": error: " + message;
  }
};

}  // namespace

TEST_CASE("Mark and Diagnostic describe positions 1-based", "[unit][config]") {
  CHECK(Mark{"a.yaml", 3, 7}.describe() == "a.yaml:3:7");
  CHECK(Mark{"a.yaml", 0, 0}.describe() == "a.yaml");
  // Filled member by member: GCC 12 at -O3 warns falsely (-Wmaybe-uninitialized) on the
  // nested aggregate initialiser Diagnostic{{file, line, col}, message}.
  Diagnostic at;
  at.mark = Mark{"a.yaml", 3, 7};
  at.message = "bad";
  CHECK(at.describe() == "a.yaml:3:7: error: bad");
  at.mark = Mark{"a.yaml", 0, 0};
  CHECK(at.describe() == "a.yaml: error: bad");
}

TEST_CASE("NodeReader returns typed values and defaults", "[unit][config]") {
  TempDir dir;
  Read r(dir, R"(
name: hello
count: 42
enabled: yes
token: plain
tags: [x, y]
options: { a: 1 }
items: [1]
)");
  REQUIRE(r.errors().empty());
  const NodeReader& reader = *r.reader;
  CHECK(reader.string("name") == "hello");
  CHECK(reader.integer("count") == 42);
  CHECK(reader.boolean("enabled") == true);
  CHECK(reader.secret("token") == "plain");
  CHECK(reader.string_list("tags") == std::vector<std::string>{"x", "y"});
  CHECK(reader.node("options").IsMap());
  CHECK(reader.node("items").IsSequence());
  // Absent keys fall back to their defaults; a relative default path resolves like a value.
  CHECK(reader.string("mode") == "fast");
  CHECK(reader.path("file") == dir.path() / "default.db");
  CHECK_FALSE(reader.has("mode"));
  CHECK(reader.mark_of("count").line == 2);
  CHECK(reader.mark_of("count").column == 8);
  CHECK(reader.mark_of("mode").line == 1);  // absent: the mapping's own mark
}

TEST_CASE("NodeReader defaults for integer, boolean and string list", "[unit][config]") {
  TempDir dir;
  Read r(dir, "name: x\ntags: single\n");
  REQUIRE(r.errors().empty());
  CHECK(r.reader->integer("count") == 7);
  CHECK(r.reader->boolean("enabled") == false);
  CHECK(r.reader->string_list("tags") == std::vector<std::string>{"single"});
  CHECK(r.reader->node("options").IsNull());

  Read no_tags(dir, "name: x\n");
  CHECK(no_tags.reader->string_list("tags") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("NodeReader reports wrong types at the value", "[unit][config]") {
  TempDir dir;
  Read r(dir, R"(
name: [a]
count: 4.5
enabled: maybe
mode: medium
tags: { a: 1 }
options: text
items: text
file:
)");
  CHECK(r.errors() ==
        std::vector<std::string>{
            r.at(1, 7, "'name' in test must be a string, got a list"),
            r.at(2, 8, "'count' in test must be an integer, got '4.5'"),
            r.at(3, 10, "'enabled' in test must be true or false, got 'maybe'"),
            r.at(4, 7, "'mode' in test must be 'fast', 'slow' or 'off', got 'medium'"),
            r.at(5, 7, "'tags' in test must be a string or a list of strings, got a mapping"),
            r.at(6, 10, "'options' in test must be a mapping, got 'text'"),
            r.at(7, 8, "'items' in test must be a list, got 'text'"),
            r.at(8, 1, "'file' in test must be a path, got nothing"),
        });
  CHECK_FALSE(r.reader->integer("count").has_value());
  CHECK_FALSE(r.reader->string("name").has_value());
}

TEST_CASE("NodeReader reports unknown, repeated and missing keys", "[unit][config]") {
  TempDir dir;
  Read r(dir, R"(
count: 1
cuont: 2
count: 3
zzz: 4
)");
  CHECK(r.errors() ==
        std::vector<std::string>{
            r.at(2, 1,
                 "unknown key 'cuont' in test, did you mean 'count'? (allowed: count, enabled, "
                 "file, items, mode, name, options, tags, token)"),
            r.at(3, 1, "key 'count' given twice in test (first at line 1)"),
            r.at(4, 1,
                 "unknown key 'zzz' in test (allowed: count, enabled, file, items, mode, name, "
                 "options, tags, token)"),
            r.at(1, 1, "missing required key 'name' in test"),
        });
  CHECK(r.reader->integer("count") == 1);
}

TEST_CASE("NodeReader refuses a node that is not a mapping", "[unit][config]") {
  TempDir dir;
  Read r(dir, "- a\n- b\n");
  CHECK(r.errors() == std::vector<std::string>{r.at(1, 1, "test must be a mapping, got a list")});
  CHECK_FALSE(r.reader->string("name").has_value());
}

TEST_CASE("interpolate_env substitutes, defaults and escapes", "[unit][config]") {
  ScopedEnv set("ATPIPE_TEST_SET", "value");
  ScopedEnv empty("ATPIPE_TEST_EMPTY", "");
  ::unsetenv("ATPIPE_TEST_UNSET");
  Diagnostics diag;
  const Mark mark{"f.yaml", 2, 3};
  CHECK(interpolate_env("a ${ATPIPE_TEST_SET} b", mark, diag) == "a value b");
  CHECK(interpolate_env("${ATPIPE_TEST_UNSET:-fallback}", mark, diag) == "fallback");
  CHECK(interpolate_env("${ATPIPE_TEST_SET:-fallback}", mark, diag) == "value");
  CHECK(interpolate_env("${ATPIPE_TEST_EMPTY:-fallback}", mark, diag) == "fallback");
  CHECK(interpolate_env("${ATPIPE_TEST_EMPTY}", mark, diag) == "");
  CHECK(interpolate_env("cost $$5 and $${X} and $ alone", mark, diag) ==
        "cost $5 and ${X} and $ alone");
  REQUIRE(diag.empty());

  CHECK_FALSE(interpolate_env("x${ATPIPE_TEST_UNSET}y", mark, diag).has_value());
  CHECK_FALSE(interpolate_env("${bad-name}", mark, diag).has_value());
  CHECK_FALSE(interpolate_env("${ATPIPE_TEST_SET", mark, diag).has_value());
  REQUIRE(diag.items().size() == 3);
  CHECK(diag.items()[0].describe() ==
        "f.yaml:2:3: error: environment variable 'ATPIPE_TEST_UNSET' is not set");
  CHECK(diag.items()[1].describe() ==
        "f.yaml:2:3: error: invalid environment variable name 'bad-name'");
  CHECK(diag.items()[2].describe() ==
        "f.yaml:2:3: error: unclosed '${' (write '$$' for a literal '$')");
}

TEST_CASE("NodeReader interpolates strings, paths and lists", "[unit][config]") {
  ScopedEnv set("ATPIPE_TEST_DIR", "data");
  TempDir dir;
  Read r(dir, R"(
name: "${ATPIPE_TEST_DIR}-name"
file: ${ATPIPE_TEST_DIR}/state.db
tags: ["${ATPIPE_TEST_DIR}", "${ATPIPE_TEST_NOPE:-z}"]
token: ${ATPIPE_TEST_NOPE}
)");
  CHECK(r.errors() ==
        std::vector<std::string>{r.at(4, 8, "environment variable 'ATPIPE_TEST_NOPE' is not set")});
  CHECK(r.reader->string("name") == "data-name");
  CHECK(r.reader->path("file") == dir.path() / "data" / "state.db");
  CHECK(r.reader->string_list("tags") == std::vector<std::string>{"data", "z"});
  CHECK_FALSE(r.reader->secret("token").has_value());
}

TEST_CASE("NodeReader keeps absolute paths", "[unit][config]") {
  TempDir dir;
  Read r(dir, "name: x\nfile: /var/lib/atpipe/../atpipe/state.db\n");
  REQUIRE(r.errors().empty());
  CHECK(r.reader->path("file") == std::filesystem::path("/var/lib/atpipe/state.db"));
}

TEST_CASE("file: secrets are read, trimmed and never echoed", "[unit][config]") {
  TempDir dir;
  dir.write("keys/token.txt", "s3cret-value\r\n");
  ScopedEnv keys("ATPIPE_TEST_KEYS", "keys");

  Read ok(dir, "name: x\ntoken: file:${ATPIPE_TEST_KEYS}/token.txt\n");
  REQUIRE(ok.errors().empty());
  CHECK(ok.reader->secret("token") == "s3cret-value");

  Read missing(dir, "name: x\ntoken: file:keys/missing.txt\n");
  const auto secret_path = (dir.path() / "keys" / "missing.txt").string();
  CHECK(missing.errors() ==
        std::vector<std::string>{missing.at(2, 8,
                                            "cannot read secret file '" + secret_path +
                                                "' for 'token' in test: No such file or "
                                                "directory")});
  CHECK_FALSE(missing.reader->secret("token").has_value());

  Read directory(dir, "name: x\ntoken: file:keys\n");
  CHECK(directory.errors() ==
        std::vector<std::string>{
            directory.at(2, 8,
                         "cannot read secret file '" + (dir.path() / "keys").string() +
                             "' for 'token' in test: it is a folder, not a regular file; atpipe "
                             "reads only regular files")});
}

}  // namespace atpipe::config::test
