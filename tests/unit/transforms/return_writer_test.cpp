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

TEST_CASE("the return's observer sees each episode in order with the membership it wrote",
          "[unit][outputs]") {
  auto period = *transforms::period_from_label("2026-10");
  std::vector<transforms::MergedPatient> ps(3);
  ps[0].record.set(Field::AdmissionDate, "2026-10-06");
  ps[1].record.set(Field::AdmissionDate, "2026-01-06");
  ps[1].record.set(Field::DischargeDate, "2026-10-20");
  ps[2].record.set(Field::AdmissionDate, "2025-05-05");
  std::vector<const transforms::MergedPatient*> in = {&ps[2], &ps[0], &ps[1]};
  std::vector<std::pair<const transforms::MergedPatient*, transforms::Membership>> seen;
  transforms::StringSink text;
  transforms::write_return(in, period, "%d/%m/%Y", text,
                           [&](const transforms::MergedPatient& p, transforms::Membership m) {
                             seen.emplace_back(&p, m);
                           });
  REQUIRE(seen.size() == 3);
  for (std::size_t i = 0; i < in.size(); ++i) {
    CHECK(seen[i].first == in[i]);
    CHECK(seen[i].second == transforms::membership(in[i]->record, period));
  }
  CHECK(seen[2].second == transforms::Membership::DischargedInPeriod);
  CHECK(text.take() == transforms::render_return(in, period));
}
