#pragma once

// Small builders the transforms unit tests share.

#include <string>
#include <utility>
#include <vector>

#include "config/model.hpp"
#include "core/date_value.hpp"

namespace atpipe::test {

// A calendar date, d(2026, 10, 31).
inline core::Date d(int y, unsigned m, unsigned day) {
  return core::Date{date::year{y}, date::month{m}, date::day{day}};
}

// A mapping of field `f` from source column `col`, with date formats and a code map.
inline config::FieldMapping column(core::Field f, std::string col,
                                   std::vector<std::string> formats = {}, std::string codes = {}) {
  config::FieldMapping m;
  m.field = f;
  m.column = std::move(col);
  m.formats = std::move(formats);
  m.code_map = std::move(codes);
  return m;
}

}  // namespace atpipe::test
