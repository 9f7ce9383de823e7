#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>
#include <vector>

namespace atpipe::connectors::odbc {

// An ODBC handle (environment, connection or statement) that frees itself; a connection is
// disconnected first. Owned by one pull on one thread.
class Handle {
 public:
  Handle(SQLSMALLINT type, SQLHANDLE parent);
  ~Handle();
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  [[nodiscard]] bool ok() const { return handle_ != SQL_NULL_HANDLE; }
  [[nodiscard]] SQLHANDLE get() const { return handle_; }
  [[nodiscard]] SQLSMALLINT type() const { return type_; }
  void set_connected() { connected_ = true; }

 private:
  SQLSMALLINT type_;
  SQLHANDLE handle_ = SQL_NULL_HANDLE;
  bool connected_ = false;
};

// The first diagnostic record on a handle: SQLSTATE ("28000") and the driver's message.
struct Diagnostic {
  std::string state;
  std::string message;
};

[[nodiscard]] Diagnostic first_diagnostic(const Handle& handle);

[[nodiscard]] inline bool succeeded(SQLRETURN rc) {
  return rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO;
}

// UTF-8 to the driver manager's SQLWCHAR (UTF-16), with a terminating 0.
[[nodiscard]] std::vector<SQLWCHAR> to_wide(std::string_view utf8);
// UTF-16 to UTF-8; an unpaired surrogate becomes U+FFFD.
[[nodiscard]] std::string to_utf8(const SQLWCHAR* text, std::size_t count);

}  // namespace atpipe::connectors::odbc
