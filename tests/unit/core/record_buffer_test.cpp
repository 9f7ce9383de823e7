#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.hpp"

using namespace atpipe::core;

namespace {

// A value of `size` bytes that tells its field and round apart from any other.
std::string value_of(std::size_t size, char tag) {
  std::string out(size, tag);
  for (std::size_t i = 0; i < size; i += 7) {
    out[i] = static_cast<char>('a' + i % 26);
  }
  return out;
}

}  // namespace

TEST_CASE("a record overwrites a value with a longer or a shorter one", "[unit][core][record]") {
  Record r;
  r.set(Field::Surname, "Eyre");
  r.set(Field::Forename, "Jane");
  r.set(Field::Surname, "Rochester-Eyre");  // longer: moves to the end of the buffer
  CHECK(r.get(Field::Surname) == "Rochester-Eyre");
  r.set(Field::Surname, "Ey");  // shorter: in place
  CHECK(r.get(Field::Surname) == "Ey");
  CHECK(r.get(Field::Forename) == "Jane");
  r.set(Field::Surname, "Eyre");
  CHECK(r.get(Field::Surname) == "Eyre");
  CHECK(r.get(Field::Surname).size() == 4);
}

TEST_CASE("an empty value unsets a field and leaves the others", "[unit][core][record]") {
  Record r;
  r.set(Field::WardType, "");
  CHECK_FALSE(r.has(Field::WardType));
  r.set(Field::WardType, "1");
  r.set(Field::BedType, "116");
  r.set(Field::WardType, "");
  CHECK_FALSE(r.has(Field::WardType));
  CHECK(r.get(Field::WardType).empty());
  CHECK(r.get(Field::BedType) == "116");
  r.set(Field::WardType, "2");
  CHECK(r.get(Field::WardType) == "2");
}

TEST_CASE("values of every length are held whole, across the length prefix and spill limits",
          "[unit][core][record]") {
  // 254/255 is where the 1-byte length ends; kInlineMax where a value is held on its own.
  const std::vector<std::size_t> sizes = {
      1, 15, 16, 254, 255, 256, Record::kInlineMax, Record::kInlineMax + 1, 4096, 70000};
  for (std::size_t size : sizes) {
    Record r;
    r.set(Field::LocalId, "L1");
    r.set(Field::OutOfAreaReasons, value_of(size, 'x'));
    r.set(Field::LastUpdated, "2026-01-01");
    CHECK(r.get(Field::OutOfAreaReasons) == value_of(size, 'x'));
    CHECK(r.get(Field::LocalId) == "L1");
    CHECK(r.get(Field::LastUpdated) == "2026-01-01");
    // Overwritten both ways across the limits: shorter, longer, spilled and back.
    for (std::size_t next : sizes) {
      r.set(Field::OutOfAreaReasons, value_of(next, 'y'));
      REQUIRE(r.get(Field::OutOfAreaReasons) == value_of(next, 'y'));
    }
    r.set(Field::OutOfAreaReasons, "");
    CHECK_FALSE(r.has(Field::OutOfAreaReasons));
    CHECK(r.get(Field::LocalId) == "L1");
  }
}

TEST_CASE("every field may hold a long value at once", "[unit][core][record]") {
  Record r;
  for (std::size_t round = 0; round < 3; ++round) {
    for (const auto& info : all_fields()) {
      const auto i = static_cast<std::size_t>(info.id);
      // Inline at the limit, just over it and short, in turn, so the buffer fills to its most.
      const std::size_t size = (i + round) % 3 == 0   ? Record::kInlineMax
                               : (i + round) % 3 == 1 ? Record::kInlineMax + 1
                                                      : i + 1;
      r.set(info.id, value_of(size, static_cast<char>('A' + round)));
    }
    for (const auto& info : all_fields()) {
      const auto i = static_cast<std::size_t>(info.id);
      const std::size_t size = (i + round) % 3 == 0   ? Record::kInlineMax
                               : (i + round) % 3 == 1 ? Record::kInlineMax + 1
                                                      : i + 1;
      REQUIRE(r.get(info.id) == value_of(size, static_cast<char>('A' + round)));
    }
  }
}

TEST_CASE("a record overwritten many times keeps its values and a bounded buffer",
          "[unit][core][record]") {
  Record r;
  r.set(Field::NhsNumber, "9990000018");
  for (int i = 0; i < 5000; ++i) {
    r.set(Field::Surname, std::string(static_cast<std::size_t>(i % 40 + 1), 'a'));
    r.set(Field::DistanceFromHomeKm, std::to_string(i));
  }
  CHECK(r.get(Field::Surname) == std::string(4999 % 40 + 1, 'a'));
  CHECK(r.get(Field::DistanceFromHomeKm) == "4999");
  CHECK(r.get(Field::NhsNumber) == "9990000018");
}

TEST_CASE("a view from get() survives moving the record and the vector holding it",
          "[unit][core][record]") {
  std::vector<Record> records(1);
  records[0].set(Field::Surname, "Brontë");
  records[0].set(Field::OutOfAreaReasons, value_of(Record::kInlineMax + 10, 'z'));
  const std::string_view surname = records[0].get(Field::Surname);
  const std::string_view reasons = records[0].get(Field::OutOfAreaReasons);
  for (int i = 0; i < 100; ++i) {
    records.emplace_back();  // regrows the vector: records are moved, not copied
  }
  Record moved = std::move(records[0]);
  CHECK(surname.data() == moved.get(Field::Surname).data());
  CHECK(surname == "Brontë");
  CHECK(reasons == value_of(Record::kInlineMax + 10, 'z'));
  // The moved-from record reads as empty rather than pointing at the moved buffer.
  CHECK_FALSE(records[0].has(Field::Surname));  // NOLINT(bugprone-use-after-move)
}

TEST_CASE("a value may be set from a view of the same record", "[unit][core][record]") {
  Record r;
  r.set(Field::Surname, "Shirley");
  r.set(Field::OutOfAreaReasons, value_of(Record::kInlineMax + 3, 'q'));
  // Each set may regrow the buffer the view points into.
  for (const auto& info : all_fields()) {
    r.set(info.id, r.get(Field::Surname));
  }
  CHECK(r.get(Field::LastUpdated) == "Shirley");
  r.set(Field::Forename, r.get(Field::Forename));
  CHECK(r.get(Field::Forename) == "Shirley");
  r.set(Field::Forename, r.get(Field::Forename).substr(2));
  CHECK(r.get(Field::Forename) == "irley");
  r.set(Field::Surname, value_of(Record::kInlineMax + 3, 'q'));
  r.set(Field::Surname, r.get(Field::Surname).substr(1));
  CHECK(r.get(Field::Surname) == value_of(Record::kInlineMax + 3, 'q').substr(1));
}

TEST_CASE("a copied record with spilled values is independent", "[unit][core][record]") {
  Record a;
  a.set(Field::OutOfAreaReasons, value_of(Record::kInlineMax + 1, 'a'));
  a.set(Field::Surname, "Eyre");
  Record b = a;
  b.set(Field::OutOfAreaReasons, value_of(Record::kInlineMax + 2, 'b'));
  Record c;
  c.set(Field::Forename, "Jane");
  c = a;
  a.set(Field::Surname, "");
  CHECK(b.get(Field::OutOfAreaReasons) == value_of(Record::kInlineMax + 2, 'b'));
  CHECK(c.get(Field::OutOfAreaReasons) == value_of(Record::kInlineMax + 1, 'a'));
  CHECK(c.get(Field::Surname) == "Eyre");
  CHECK_FALSE(c.has(Field::Forename));
  CHECK(b.get(Field::Surname) == "Eyre");
}
