#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace atpipe::transforms::linkage {

// The identifying values of one record as text, before normalisation. Views only: the
// caller keeps the text alive until LinkSide::add returns.
struct LinkInput {
  std::string_view nhs_number;
  std::string_view surname;
  std::string_view forename;
  std::string_view date_of_birth;  // in the LinkSide's date format (ISO by default)
  std::string_view postcode;
  std::string_view sex;  // gender identity code: 1 male, 2 female, 3/4 other; X, Z, 9 unknown
};

// Views into a canonical record (dates are ISO there), for LinkSide::add.
[[nodiscard]] LinkInput link_input_of(const core::Record& record);

enum class NhsState : std::uint8_t {
  Missing,
  Invalid,  // present but unusable: wrong length, bad check digit, placeholder (at-spec §5.1)
  Valid,
};

inline constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();

// One record reduced to fixed-size values: 40 bytes, names held in the side's text arena.
struct CompactRecord {
  std::uint64_t nhs = 0;       // the ten digits, one per 4 bits (BCD), when there were ten
  char postcode[8] = {};       // "NN1 5BD" normalised, zero padded; all zero when unusable
  std::int32_t dob = kNoDate;  // days since 1970-01-01
  std::int32_t dob_ymd = 0;    // the same as yyyymmdd, kept so comparisons need no calendar;
                               // with dob == kNoDate, the digits of a date that is not a date
                               // (unreadable_date_digits), 0 when there is none
  std::uint32_t surname = 0;   // offset into the arena
  std::uint32_t forename = 0;
  std::uint8_t surname_len = 0;
  std::uint8_t forename_len = 0;
  std::uint8_t outward_len = 0;  // 0 when there is no usable postcode
  std::uint8_t sex = 0;          // '1', '2', '3', '4', or 0 when unknown
  NhsState nhs_state = NhsState::Missing;
};
static_assert(sizeof(CompactRecord) == 40, "2M records must stay well under 100 MB");

// One side of a linkage (AT or census), normalised with the project's value types
// (core::check_nhs_number, core::normalise_postcode, core::parse_date) into compact records.
// Built by one thread, then only read; the two sides can be filled on two threads.
class LinkSide {
 public:
  explicit LinkSide(std::string date_format = "%Y-%m-%d");

  void reserve(std::size_t records, std::size_t name_bytes);
  void add(const LinkInput& in);

  [[nodiscard]] std::size_t size() const { return records_.size(); }
  [[nodiscard]] const CompactRecord& operator[](std::size_t i) const { return records_[i]; }
  [[nodiscard]] std::string_view surname(const CompactRecord& r) const {
    return {names_.data() + r.surname, r.surname_len};
  }
  [[nodiscard]] std::string_view forename(const CompactRecord& r) const {
    return {names_.data() + r.forename, r.forename_len};
  }
  [[nodiscard]] std::size_t memory_bytes() const {
    return records_.capacity() * sizeof(CompactRecord) + names_.capacity();
  }

 private:
  std::uint32_t add_name(std::string_view raw, std::uint8_t& len);

  std::string date_format_;
  std::vector<CompactRecord> records_;
  std::string names_;  // upper-case letters of every name, back to back
};

}  // namespace atpipe::transforms::linkage
