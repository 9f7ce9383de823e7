#include "connectors/odbc/odbc_handle.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>

namespace atpipe::connectors::odbc {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

Handle::Handle(SQLSMALLINT type, SQLHANDLE parent) : type_(type) {
  if (!succeeded(SQLAllocHandle(type, parent, &handle_))) {
    handle_ = SQL_NULL_HANDLE;
  }
}

Handle::~Handle() {
  if (handle_ == SQL_NULL_HANDLE) {
    return;
  }
  if (type_ == SQL_HANDLE_STMT) {
    SQLFreeStmt(handle_, SQL_CLOSE);
  }
  if (connected_) {
    SQLDisconnect(handle_);
  }
  SQLFreeHandle(type_, handle_);
}

Diagnostic first_diagnostic(const Handle& handle) {
  // The driver manager may put warnings (01xxx, such as "01000 Can't open lib") before the
  // record that says what failed; the first non-warning is the one worth showing.
  std::optional<Diagnostic> first;
  for (SQLSMALLINT record = 1; record <= 8; ++record) {
    SQLWCHAR state[6] = {};
    SQLINTEGER native = 0;
    SQLWCHAR message[1024] = {};
    SQLSMALLINT length = 0;
    const SQLRETURN rc =
        SQLGetDiagRecW(handle.type(), handle.get(), record, state, &native, message,
                       static_cast<SQLSMALLINT>(std::size(message)), &length);
    if (!succeeded(rc)) {
      break;
    }
    const auto shown = std::min<std::size_t>(
        static_cast<std::size_t>(std::max<SQLSMALLINT>(length, 0)), std::size(message) - 1);
    Diagnostic found{to_utf8(state, 5), to_utf8(message, shown)};
    if (found.state.rfind("01", 0) != 0) {
      return found;
    }
    if (!first) {
      first = std::move(found);
    }
  }
  return first.value_or(Diagnostic{"", "no diagnostic from the driver"});
}

std::vector<SQLWCHAR> to_wide(std::string_view utf8) {
  std::vector<SQLWCHAR> out;
  out.reserve(utf8.size() + 1);
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    std::uint32_t cp = 0xFFFD;
    std::size_t length = 1;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead >> 5) == 0x6 && i + 1 < utf8.size()) {
      cp = ((lead & 0x1FU) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3FU);
      length = 2;
    } else if ((lead >> 4) == 0xE && i + 2 < utf8.size()) {
      cp = ((lead & 0x0FU) << 12) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3FU) << 6) |
           (static_cast<unsigned char>(utf8[i + 2]) & 0x3FU);
      length = 3;
    } else if ((lead >> 3) == 0x1E && i + 3 < utf8.size()) {
      cp = ((lead & 0x07U) << 18) | ((static_cast<unsigned char>(utf8[i + 1]) & 0x3FU) << 12) |
           ((static_cast<unsigned char>(utf8[i + 2]) & 0x3FU) << 6) |
           (static_cast<unsigned char>(utf8[i + 3]) & 0x3FU);
      length = 4;
    }
    i += length;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<SQLWCHAR>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<SQLWCHAR>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<SQLWCHAR>(cp));
    }
  }
  out.push_back(0);
  return out;
}

std::string to_utf8(const SQLWCHAR* text, std::size_t count) {
  std::string out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t unit = text[i];
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < count && text[i + 1] >= 0xDC00 &&
        text[i + 1] <= 0xDFFF) {
      unit = 0x10000 + ((unit - 0xD800) << 10) + (text[i + 1] - 0xDC00U);
      ++i;
    } else if (unit >= 0xD800 && unit <= 0xDFFF) {
      unit = 0xFFFD;
    }
    append_utf8(out, unit);
  }
  return out;
}

}  // namespace atpipe::connectors::odbc
