#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/integration/support/http_test_server.hpp"
#include "tests/integration/support/postgres_server.hpp"
#include "tests/integration/support/sshd_server.hpp"
#include "tests/support/run_binary.hpp"

using atpipe::testing::read_file;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;
const std::filesystem::path kFixtures = kRoot / "fixtures/icb_example";

// The LA placements as a paged reporting API: `per_page` records a page, a next link until
// the last page.
std::string la_page(const rapidjson::Document& all, std::size_t page, std::size_t per_page,
                    const std::string& next_url) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("data");
  w.StartArray();
  for (std::size_t i = page * per_page; i < all.Size() && i < (page + 1) * per_page; ++i) {
    all[static_cast<rapidjson::SizeType>(i)].Accept(w);
  }
  w.EndArray();
  w.Key("links");
  w.StartObject();
  w.Key("next");
  if (next_url.empty()) {
    w.Null();
  } else {
    w.String(next_url.c_str());
  }
  w.EndObject();
  w.EndObject();
  return out.GetString();
}

}  // namespace

TEST_CASE("sftp, http_json and postgres give the same return as the CSV files",
          "[integration][e2e]") {
  TempDir dir("connectors");
  // The trust drops its extract on an SFTP server.
  atpipe::testing::SshdServer sshd;
  auto drop = dir.path() / "outbound";
  std::filesystem::create_directories(drop);
  std::filesystem::copy_file(kFixtures / "nhft_inpatients.csv",
                             drop / "nhft_inpatients_2026-10-31.csv");

  // The local authority's reporting API, three pages.
  rapidjson::Document placements;
  placements.Parse(read_file(kFixtures / "connectors/la_placements.json").c_str());
  REQUIRE(placements.IsArray());
  const std::size_t per_page = 10;
  const std::size_t pages = (placements.Size() + per_page - 1) / per_page;
  std::unique_ptr<atpipe::test::HttpTestServer> api;
  api = std::make_unique<atpipe::test::HttpTestServer>([&](const atpipe::test::TestRequest& req) {
    std::size_t page = req.query("page").empty() ? 0 : std::stoul(req.query("page"));
    std::string next =
        page + 1 < pages ? api->url("/api/placements?page=" + std::to_string(page + 1)) : "";
    return atpipe::test::respond(200, la_page(placements, page, per_page, next));
  });

  // The register lives in PostgreSQL.
  auto& pg = atpipe::testing::PostgresServer::shared();
  pg.exec("DROP TABLE IF EXISTS ccg_register");
  pg.exec(read_file(kFixtures / "connectors/ccg_register.sql"));

  auto out = dir.path() / "out";
  auto r = run_atpipe(
      {"run", "--once", "--config",
       (kRoot / "config/examples/icb_example_connectors.yaml").string(), "--period", "2026-10",
       "--today", "2026-11-23"},
      {"ATPIPE_OUT_DIR=" + out.string(), "ATPIPE_STATE_DIR=" + (dir.path() / "state").string(),
       "ATPIPE_SFTP_URL=sftp://127.0.0.1:" + std::to_string(sshd.port()) + drop.string() +
           "/nhft_inpatients*.csv",
       "ATPIPE_SFTP_USER=" + sshd.user(), "ATPIPE_SFTP_KEY=" + sshd.user_key().string(),
       "ATPIPE_KNOWN_HOSTS=" + sshd.known_hosts().string(),
       "ATPIPE_LA_URL=" + api->url("/api/placements?page=0"), "ATPIPE_REGISTER_DSN=" + pg.dsn()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("nhft_inpatients      (sftp, at): 88 pulled") != std::string::npos);
  CHECK(r.out.find("la_placements        (http_json, at): 76 pulled") != std::string::npos);
  CHECK(r.out.find("ccg_register         (postgres, at): 76 pulled") != std::string::npos);
  CHECK(api->requests().size() == pages);
  // The same return, query list, links and summary as the CSV variant, byte for byte.
  for (const char* name : {"AT_QPM_2026-10.csv", "queries_QPM_2026-10.csv", "links_QPM_2026-10.csv",
                           "summary_QPM_2026-10.csv"}) {
    INFO(name);
    CHECK(read_file(out / name) == read_file(kFixtures / "expected" / name));
  }
}
