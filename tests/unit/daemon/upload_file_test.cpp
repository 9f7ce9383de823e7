#include <catch2/catch.hpp>
#include <string>

#include "config/submission_model.hpp"
#include "daemon/upload_file.hpp"

using atpipe::config::default_upload_profile;
using atpipe::config::UploadProfile;
using atpipe::daemon::render_upload;
using atpipe::daemon::validate_upload;

namespace {

// A small return as atpipe writes one: its own two columns first, dates DD/MM/YYYY, CRLF.
std::string small_return() {
  return "ReportingPeriodEnd,InpatientAtPeriodEnd,LocalPatientID,NHSNumber,DateOfBirth,"
         "ReasonForAdmission,CtrHistory,AdmissionType,Distance(km)\r\n"
         "31/10/2026,Y,P1,9990001015,01/01/1970,A;B,18/12/2018|CTR|4;21/01/2019|CTR|1,FIRST,"
         "12.5\r\n"
         "31/10/2026,N,P2,9990001023,02/02/1980,,,READMIT_12M,\r\n";
}

UploadProfile small_profile() {
  UploadProfile p;
  p.columns = {{"local_id", "LocalPatientID"},
               {"nhs_number", "NHSNumber"},
               {"date_of_birth", "DateOfBirth"},
               {"admission_reason", "ReasonForAdmission"},
               {"cetr_history", "CtrHistory"}};
  return p;
}

}  // namespace

TEST_CASE("the default profile leaves out the return's own and the derived columns",
          "[unit][submit]") {
  const auto profile = default_upload_profile();
  for (const auto& c : profile.columns) {
    CHECK(c.header != "ReportingPeriodEnd");
    CHECK(c.header != "InpatientAtPeriodEnd");
    CHECK(c.header != "AdmissionType");
    CHECK(c.header != "Distance(km)");
    CHECK(c.header != "DelayedDischarge");
  }
  CHECK(profile.columns.front().header == "LocalPatientID");
  CHECK(profile.line_ending == "\r\n");
  CHECK(profile.date_format == "%d/%m/%Y");
  CHECK(profile.value_separator == ';');
}

TEST_CASE("the upload file takes the profile's columns, order, headers and formats",
          "[unit][submit]") {
  auto profile = small_profile();
  profile.columns[1].header = "NHS_NO";
  profile.date_format = "%Y-%m-%d";
  profile.value_separator = '+';
  profile.line_ending = "\n";
  auto upload = render_upload(small_return(), profile, "%d/%m/%Y");
  REQUIRE(upload);
  CHECK(upload->records == 2);
  CHECK(upload->content ==
        "LocalPatientID,NHS_NO,DateOfBirth,ReasonForAdmission,CtrHistory\n"
        "P1,9990001015,1970-01-01,A+B,2018-12-18|CTR|4+2019-01-21|CTR|1\n"
        "P2,9990001023,1980-02-02,,\n");
  CHECK(validate_upload(upload->content, profile).empty());
}

TEST_CASE("the file atpipe makes always passes its own profile", "[unit][submit]") {
  for (const std::string ending : {"\r\n", "\n"}) {
    auto profile = small_profile();
    profile.line_ending = ending;
    profile.separator = ';';
    profile.value_separator = ',';
    auto upload = render_upload(small_return(), profile, "%d/%m/%Y");
    REQUIRE(upload);
    CHECK(validate_upload(upload->content, profile).empty());
  }
}

TEST_CASE("a profile column the return lacks is an error naming it", "[unit][submit]") {
  auto profile = small_profile();
  profile.columns.push_back({"ward_security", "WardSecurityLevel"});
  auto upload = render_upload(small_return(), profile, "%d/%m/%Y");
  REQUIRE_FALSE(upload);
  CHECK(upload.error().message().find("WardSecurityLevel") != std::string::npos);
}

TEST_CASE("the strict check refuses ISO dates, spaced NHS numbers and other line endings",
          "[unit][submit]") {
  const auto profile = small_profile();
  const std::string header =
      "LocalPatientID,NHSNumber,DateOfBirth,ReasonForAdmission,CtrHistory\r\n";
  SECTION("ISO date") {
    auto problems = validate_upload(header + "P1,9990001015,1970-01-01,A,\r\n", profile);
    REQUIRE(problems.size() == 1);
    CHECK(describe(problems[0], profile) ==
          "row 2, column C (DateOfBirth): not a date in the profile's form %d/%m/%Y");
  }
  SECTION("spaced NHS number") {
    auto problems = validate_upload(header + "P1,999 000 1015,01/01/1970,A,\r\n", profile);
    REQUIRE(problems.size() == 1);
    CHECK(describe(problems[0], profile) ==
          "row 2, column B (NHSNumber): NHS number is not 10 digits without spaces");
    // The value itself is never in the message.
    CHECK(problems[0].message.find("999") == std::string::npos);
  }
  SECTION("LF in a CRLF profile") {
    auto problems = validate_upload(header + "P1,9990001015,01/01/1970,A,\n", profile);
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0].message == "line ending is not CRLF as the profile requires");
  }
  SECTION("C(E)TR history dates") {
    auto problems =
        validate_upload(header + "P1,9990001015,01/01/1970,A,2018-12-18|CTR|4\r\n", profile);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].column == 5);
  }
  SECTION("a header in another order") {
    auto problems = validate_upload(
        "NHSNumber,LocalPatientID,DateOfBirth,ReasonForAdmission,CtrHistory\r\n", profile);
    REQUIRE(problems.size() == 2);
    CHECK(describe(problems[0], profile) ==
          "row 1, column A (LocalPatientID): header should be LocalPatientID");
  }
  SECTION("a row with a missing field") {
    auto problems = validate_upload(header + "P1,9990001015,01/01/1970,A\r\n", profile);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "row has 4 fields but the header has 5");
  }
  SECTION("a whole return is not an upload file") {
    CHECK_FALSE(validate_upload(small_return(), default_upload_profile()).empty());
  }
}
