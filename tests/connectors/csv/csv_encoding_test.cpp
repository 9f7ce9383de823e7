#include <catch2/catch.hpp>

#include <string>

#include "connectors/csv/csv_encoding.hpp"

namespace atpipe::connectors::csv {
namespace {

std::string decode(const std::string& bytes) {
  auto text = windows1252_to_utf8(bytes, core::Provenance{"census", "in.csv", 0, ""});
  REQUIRE(text.has_value());
  return *text;
}

constexpr auto kValid = std::string::npos;

}  // namespace

TEST_CASE("csv encoding: windows-1252 becomes UTF-8", "[unit][csv]") {
  CHECK(decode("\xE9") == "\xC3\xA9");      // é U+00E9
  CHECK(decode("\x80") == "\xE2\x82\xAC");  // € U+20AC
  CHECK(decode("\x93quoted\x94") == "\xE2\x80\x9Cquoted\xE2\x80\x9D");
  CHECK(decode("Ren\xE9\x65, 5\x80") == "Ren\xC3\xA9\x65, 5\xE2\x82\xAC");
  CHECK(decode("plain ASCII,\r\n") == "plain ASCII,\r\n");
  CHECK(decode("").empty());
}

TEST_CASE("csv encoding: every windows-1252 byte decodes to valid UTF-8", "[unit][csv]") {
  std::string all;
  for (int byte = 1; byte < 256; ++byte) {
    all.push_back(static_cast<char>(byte));
  }
  const std::string text = decode(all);
  CHECK(find_invalid_utf8(text) == kValid);
}

TEST_CASE("csv encoding: well-formed UTF-8 is accepted", "[unit][csv]") {
  CHECK(find_invalid_utf8("") == kValid);
  CHECK(find_invalid_utf8("plain ASCII, longer than eight bytes") == kValid);
  CHECK(find_invalid_utf8("Ren\xC3\xA9\x65 \xE2\x82\xAC \xF0\x9F\x98\x80") == kValid);
  CHECK(find_invalid_utf8("\xEF\xBB\xBFid") == kValid);
  CHECK(find_invalid_utf8("\xF4\x8F\xBF\xBF") == kValid);  // U+10FFFF, the last code point
}

TEST_CASE("csv encoding: malformed UTF-8 is found at its first byte", "[unit][csv]") {
  CHECK(find_invalid_utf8("\xFF") == 0);
  CHECK(find_invalid_utf8("Ren\xE9\x65") == 3);           // windows-1252 é
  CHECK(find_invalid_utf8("abcdefghijkl\xE9") == 12);     // after the fast path
  CHECK(find_invalid_utf8("ab\xC3") == 2);                // cut short
  CHECK(find_invalid_utf8("\x80") == 0);                  // lone continuation
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);              // overlong '/'
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);          // overlong, 3 bytes
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);         // a UTF-16 surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);      // above U+10FFFF
  CHECK(find_invalid_utf8("\xE2\x82\xAC\xE2\x82") == 3);  // € then half of one
}

TEST_CASE("csv encoding: byte-order mark detection", "[unit][csv]") {
  CHECK(starts_with_bom("\xEF\xBB\xBFid"));
  CHECK(starts_with_bom("\xEF\xBB\xBF"));
  CHECK_FALSE(starts_with_bom("\xEF\xBB"));
  CHECK_FALSE(starts_with_bom("id"));
}

}  // namespace atpipe::connectors::csv
