#include <catch2/catch.hpp>

#include "transforms/episodes/patient_findings.hpp"
#include "transforms/outputs/finding_log.hpp"
#include "transforms/outputs/finding_log_text.hpp"
#include "transforms/outputs/writers.hpp"

using namespace atpipe;
using core::Field;
using core::Severity;

namespace {

core::Record row(std::string source, std::string file, std::size_t at, std::string id,
                 std::vector<core::Finding> findings) {
  core::Record r;
  r.where = core::Provenance{std::move(source), std::move(file), at, ""};
  r.set(Field::LocalId, std::move(id));
  r.findings = std::move(findings);
  return r;
}

core::Finding warning(std::string rule, std::string field, std::string text) {
  return {std::move(rule), Severity::Warning, std::move(field), std::move(text)};
}

}  // namespace

TEST_CASE("the light finding log writes the warnings log render_findings writes",
          "[unit][outputs]") {
  const auto r14 = warning("AT-R014", "nhs_number", "NHS number is in a test range");
  std::vector<core::Record> pulled = {
      row("la", "a.csv", 2, "A1", {r14}),
      row("la", "a.csv", 3, "A2", {r14, warning("ATP-V002", "family_involved", "=cmd, \"x\"")}),
      // Errors are not the warnings log's (an accepted row has none; patient rows may).
      row("la", "b.csv", 2, "", {{"AT-R013", Severity::Error, "nhs_number", "bad"}, r14}),
      row("nhft", "a.csv", 9, "N1", {}),
      row("la", "a.csv", 4, "A3", {r14}),
  };
  std::vector<core::Record> patients = {row("nhft", "n.csv", 5, "N2", {r14})};

  std::vector<const core::Record*> all;
  transforms::FindingLog log;
  for (const auto& r : pulled) {
    all.push_back(&r);
    log.add(r, Severity::Warning);
  }
  transforms::FindingLog patient_log;
  for (const auto& r : patients) {
    all.push_back(&r);
    patient_log.add(r, Severity::Warning);
  }
  CHECK(log.size() == 5);
  const auto line = log.line(4);
  CHECK(line.place.source == "la");
  CHECK(line.place.file == "a.csv");
  CHECK(line.row == 4);
  CHECK(line.local_id == "A3");
  CHECK(line.finding.rule == "AT-R014");
  CHECK(transforms::render_finding_logs({&log, &patient_log}) ==
        transforms::render_findings(all, Severity::Warning));
}

TEST_CASE("the finding log keeps its rows when the records are gone", "[unit][outputs]") {
  transforms::FindingLog log;
  {
    auto r = row("la", "a.csv", 7, "A7", {warning("AT-R003", "discharge_date", "no date")});
    log.add(r, Severity::Warning);
  }
  REQUIRE(log.size() == 1);
  CHECK(log.line(0).local_id == "A7");
  CHECK(log.line(0).finding.message == "no date");
  CHECK(transforms::render_finding_logs({&log}) ==
        "Source,File,Row,LocalId,Field,Rule,Severity,Reason\n"
        "la,a.csv,7,A7,discharge_date,AT-R003,warning,no date\n");
}

TEST_CASE("a returned patient's warnings go to the light log at the rows that caused them",
          "[unit][outputs]") {
  transforms::MergedPatient p;
  p.origins = {core::Provenance{"nhft", "n.csv", 4, ""}, core::Provenance{"la", "l.csv", 9, ""}};
  p.local_refs = {"nhft:N4", "la:L:9"};
  p.field_origin.fill(transforms::MergedPatient::kNone);
  p.field_origin[static_cast<std::size_t>(Field::NhsNumber)] = 1;
  p.record.findings = {warning("AT-R014", "nhs_number", "test range"),
                       warning("AT-R003", "discharge_date", "no date"),
                       warning("ATP-X", "", "whole record")};
  std::vector<core::Record> records;
  transforms::append_patient_findings(p, records);
  std::vector<const core::Record*> all;
  for (const auto& r : records) {
    all.push_back(&r);
  }
  transforms::FindingLog log;
  transforms::append_patient_findings(p, log);
  REQUIRE(log.size() == 3);
  CHECK(log.line(0).local_id == "L:9");
  CHECK(log.line(0).row == 9);
  CHECK(log.line(1).place.source == "nhft");
  CHECK(transforms::render_finding_logs({&log}) ==
        transforms::render_findings(all, Severity::Warning));
}

TEST_CASE("the reject log streamed from the records equals the light log's text",
          "[unit][outputs]") {
  // Cells a spreadsheet would misread, cells that need quotes, and rows without errors.
  std::vector<core::Record> rejected = {
      row("la", "a,b.csv", 2, "=HYPERLINK(\"x\")",
          {{"AT-R013", Severity::Error, "nhs_number", "bad, \"quoted\"\nnext line"},
           warning("AT-R014", "nhs_number", "warning, not an error")}),
      row("la", "a,b.csv", 3, "", {{"AT-R010", Severity::Error, "nhs_number", "+cmd"}}),
      row("nhft", "n.csv", 4, "N4", {}),
      row("nhft", "n.csv", 5, "-5", {{"AT-R021", Severity::Error, "", "@x"}}),
  };
  std::vector<const core::Record*> all;
  transforms::FindingLog log;
  for (const auto& r : rejected) {
    all.push_back(&r);
    log.add(r, Severity::Error);
  }
  const auto text = transforms::render_findings(all, Severity::Error);
  CHECK(text == transforms::render_finding_logs({&log}));
  CHECK(text.find("la,\"a,b.csv\",2,\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
  CHECK(text.find(",-5,,AT-R021,error,'@x\n") != std::string::npos);
  CHECK(text.find("warning, not an error") == std::string::npos);

  transforms::StringSink none;
  transforms::write_findings({}, Severity::Error, none);
  CHECK(none.take() == "Source,File,Row,LocalId,Field,Rule,Severity,Reason\n");
}
