#include <catch2/catch.hpp>
#include <fstream>

#include "config/default_sink_registry.hpp"
#include "config/loader.hpp"
#include "config/submission_model.hpp"
#include "tests/support/run_binary.hpp"
#include "tests/unit/config/config_fixture.hpp"

using atpipe::testing::TempDir;

namespace {

const std::string kBase = R"(version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
sources:
  la:
    type: csv
    path: la.csv
    mapping: { local_id: ID, nhs_number: NHS }
outputs: { directory: out }
)";

atpipe::config::LoadResult load(const TempDir& dir, const std::string& submission) {
  const auto file = dir.path() / "c.yaml";
  std::ofstream(file) << kBase << submission;
  const auto& sinks = atpipe::config::default_sink_registry();
  REQUIRE(sinks);
  return atpipe::config::load_config(file, atpipe::config::test::test_registry(), *sinks);
}

std::string messages(const atpipe::config::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) {
    out += d.describe() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the sink types built in are exactly these", "[unit][config]") {
  const auto& sinks = atpipe::config::default_sink_registry();
  REQUIRE(sinks);
  std::string names;
  for (const auto& type : sinks->types()) {
    names += (names.empty() ? "" : ",") + type;
  }
  CHECK(names == "folder,https_upload,mesh");
}

TEST_CASE("a submission section is read with its sink and profile", "[unit][config]") {
  TempDir dir("submission-ok");
  auto r = load(dir, R"(submission:
  approval: auto
  hold_if_drop_percent: 20
  profile:
    columns: [local_id, nhs_number, admission_date]
    headers: { nhs_number: NHS_NO }
    line_ending: lf
    separator: ";"
    value_separator: "|"
  sink: { type: folder, path: outbox }
)");
  INFO(messages(r));
  REQUIRE(r.ok());
  const auto& s = *r.config->submission;
  CHECK(s.approval == atpipe::config::SubmissionSpec::Approval::Auto);
  CHECK(s.hold_if_drop_percent == Approx(20.0));
  REQUIRE(s.profile.columns.size() == 3);
  CHECK(s.profile.columns[1].header == "NHS_NO");
  CHECK(s.profile.columns[2].header == "HospitalAdmissionDate");
  CHECK(s.profile.line_ending == "\n");
  CHECK(s.profile.separator == ';');
  CHECK(s.sink.type == "folder");
  CHECK(s.sink.name == "submission");
  CHECK(s.sink.connector != nullptr);
}

TEST_CASE("submission errors give file:line:col and what was expected", "[unit][config]") {
  TempDir dir("submission-bad");
  const std::string file = (dir.path() / "c.yaml").string();
  SECTION("unknown sink type lists the known ones") {
    auto r = load(dir, "submission:\n  sink: { type: ftp, path: x }\n");
    CHECK(messages(r) == file +
                             ":11:17: error: unknown sink type 'ftp' (known types: folder, "
                             "https_upload, mesh)\n");
  }
  SECTION("no sink") {
    auto r = load(dir, "submission:\n  approval: auto\n");
    CHECK(messages(r).find(file + ":11:3: error: missing required key 'sink'") !=
          std::string::npos);
  }
  SECTION("bad approval and percent") {
    auto r = load(dir,
                  "submission:\n  approval: sometimes\n  hold_if_drop_percent: 150\n"
                  "  sink: { type: folder, path: o }\n");
    const auto text = messages(r);
    CHECK(text.find(file + ":11:13: error:") != std::string::npos);
    CHECK(text.find(file +
                    ":12:25: error: 'hold_if_drop_percent' in submission must be a number from "
                    "0 to 100, got '150'") != std::string::npos);
  }
  SECTION("unknown profile column") {
    auto r = load(dir,
                  "submission:\n  profile: { columns: [local_id, nhs_numbr] }\n"
                  "  sink: { type: folder, path: o }\n");
    CHECK(messages(r).find("unknown field 'nhs_numbr'") != std::string::npos);
  }
  SECTION("https_upload needs a way to ask") {
    auto r = load(dir, "submission:\n  sink: { type: https_upload, url: \"https://h/u\" }\n");
    CHECK(messages(r).find("put {local_id} in 'url'") != std::string::npos);
  }
  SECTION("https_upload refuses plain http") {
    auto r =
        load(dir, "submission:\n  sink: { type: https_upload, url: \"http://h/{local_id}\" }\n");
    CHECK(messages(r).find("must be an https:// URL") != std::string::npos);
  }
}

TEST_CASE("each sink's example.yaml is a valid submission section", "[unit][config]") {
  ::setenv("AT_UPLOAD_TOKEN", "example-token", 1);
  for (const std::string sink : {"folder", "https_upload"}) {
    INFO(sink);
    TempDir dir("submission-example");
    auto r = load(dir, atpipe::testing::read_file(std::filesystem::path(ATPIPE_SOURCE_DIR) /
                                                  "connectors" / sink / "example.yaml"));
    INFO(messages(r));
    CHECK(r.ok());
    if (r.ok()) {
      CHECK(r.config->submission->sink.type == sink);
    }
  }
}
