#include <catch2/catch.hpp>

#include "transforms/outputs/writers.hpp"

using namespace atpipe;
using core::Field;

TEST_CASE("the return writes dates in the chosen coding, C(E)TR history included",
          "[unit][outputs]") {
  transforms::MergedPatient p;
  p.record.set(Field::LocalId, "NHFT1");
  p.record.set(Field::NhsNumber, "9434765919");
  p.record.set(Field::AdmissionDate, "2026-10-06");
  p.record.set(Field::AdmissionReason, "HARM_TO_SELF;MENTAL_DISORDER");
  p.record.set(Field::CetrHistory, "2026-03-02|CTR|4;2026-10-20|CTR|1");
  auto period = *transforms::period_from_label("2026-10");

  auto cap = transforms::render_return({&p}, period);
  auto header_end = cap.find("\r\n");
  REQUIRE(header_end != std::string::npos);
  CHECK(cap.rfind("ReportingPeriodEnd,InpatientAtPeriodEnd,LocalPatientID,", 0) == 0);
  auto row = cap.substr(header_end + 2);
  CHECK(row.rfind("31/10/2026,Y,NHFT1,", 0) == 0);
  CHECK(row.find(",06/10/2026,") != std::string::npos);
  CHECK(row.find(",HARM_TO_SELF;MENTAL_DISORDER,") != std::string::npos);
  CHECK(row.find(",02/03/2026|CTR|4;20/10/2026|CTR|1,") != std::string::npos);
  CHECK(row.find("2026-10-06") == std::string::npos);
  CHECK(row.size() >= 2);
  CHECK(row.substr(row.size() - 2) == "\r\n");

  auto iso = transforms::render_return({&p}, period, "%Y-%m-%d");
  CHECK(iso.find("\r\n2026-10-31,Y,NHFT1,") != std::string::npos);
  CHECK(iso.find(",2026-03-02|CTR|4;2026-10-20|CTR|1,") != std::string::npos);
}
