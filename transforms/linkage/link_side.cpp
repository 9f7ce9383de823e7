#include "transforms/linkage/link_side.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include <date/date.h>

#include "core/date_value.hpp"
#include "core/nhs_number.hpp"
#include "core/postcode.hpp"
#include "transforms/linkage/date_compare.hpp"

namespace atpipe::transforms::linkage {

LinkInput link_input_of(const core::Record& record) {
  using core::Field;
  return LinkInput{record.get(Field::NhsNumber),    record.get(Field::Surname),
                   record.get(Field::Forename),     record.get(Field::DateOfBirth),
                   record.get(Field::PostcodeHome), record.get(Field::GenderIdentity)};
}

LinkSide::LinkSide(std::string date_format) : date_format_(std::move(date_format)) {}

void LinkSide::reserve(std::size_t records, std::size_t name_bytes) {
  records_.reserve(records);
  names_.reserve(name_bytes);
}

std::uint32_t LinkSide::add_name(std::string_view raw, std::uint8_t& len) {
  // Letters only, upper case: "O'Brien", "OBRIEN" and "o brien" are the same name to a
  // comparator. Bytes of UTF-8 sequences are kept as they are.
  const auto offset = static_cast<std::uint32_t>(names_.size());
  std::size_t n = 0;
  for (char c : raw) {
    if (n == 255) {
      break;
    }
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) {
      names_.push_back(c);
      ++n;
    }
  }
  len = static_cast<std::uint8_t>(n);
  return offset;
}

void LinkSide::add(const LinkInput& in) {
  CompactRecord r;
  if (!in.nhs_number.empty()) {
    const auto check = core::check_nhs_number(in.nhs_number);
    if (check.status == core::NhsNumberStatus::Missing) {
      r.nhs_state = NhsState::Missing;
    } else {
      r.nhs_state = check.valid() && !check.placeholder ? NhsState::Valid : NhsState::Invalid;
      for (char c : check.digits) {
        r.nhs = (r.nhs << 4) | static_cast<std::uint64_t>(c - '0');
      }
    }
  }
  r.surname = add_name(in.surname, r.surname_len);
  r.forename = add_name(in.forename, r.forename_len);
  if (!in.date_of_birth.empty() && !core::is_missing_date_marker(in.date_of_birth)) {
    if (auto d = core::parse_date(in.date_of_birth, date_format_)) {
      r.dob = static_cast<std::int32_t>(date::sys_days(*d).time_since_epoch().count());
      r.dob_ymd = static_cast<std::int32_t>(d->year()) * 10000 +
                  static_cast<std::int32_t>(static_cast<unsigned>(d->month())) * 100 +
                  static_cast<std::int32_t>(static_cast<unsigned>(d->day()));
    } else {
      // Not a date (a 31st of February): compared by its digits, never blocked on.
      r.dob_ymd = unreadable_date_digits(in.date_of_birth, date_format_);
    }
  }
  if (!in.postcode.empty()) {
    // Pseudo-postcodes (no fixed abode, not known) say nothing about who someone is.
    const auto pc = core::normalise_postcode(in.postcode);
    if (pc.status == core::PostcodeStatus::Valid && pc.normalised.size() <= sizeof r.postcode) {
      std::memcpy(r.postcode, pc.normalised.data(), pc.normalised.size());
      r.outward_len = static_cast<std::uint8_t>(pc.normalised.find(' '));
    }
  }
  if (in.sex.size() == 1) {
    const char c = in.sex[0];
    if (c == '1' || c == 'M' || c == 'm') {
      r.sex = '1';
    } else if (c == '2' || c == 'F' || c == 'f') {
      r.sex = '2';
    } else if (c == '3' || c == '4') {
      r.sex = static_cast<std::uint8_t>(c);
    }
  }
  records_.push_back(r);
}

}  // namespace atpipe::transforms::linkage
