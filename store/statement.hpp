#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace atpipe::store {

// A prepared statement that finalises itself; binds by position from 1. Private to store/.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind_at(int index, const std::string& v) { bind(index, v); }
  // Ready to bind and run again (a prepared statement used once per row).
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  template <class... Args>
  void bind_all(const Args&... args) {
    int index = 1;
    (bind(index++, args), ...);
  }
  // Binds text by position without copying it, for a statement run once per row of a large
  // write: every value must stay alive and unchanged until the next reset().
  template <class... Args>
  void bind_all_unowned(const Args&... args) {
    int index = 1;
    (bind_unowned(index++, std::string_view(args)), ...);
  }
  [[nodiscard]] int step() {
    int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      ok_ = false;
    }
    return rc;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  [[nodiscard]] std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }

 private:
  void bind(int i, const std::string& v) {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_unowned(int i, std::string_view v) {
    // An empty view may have no data; bound as such it would be NULL, not ''.
    check(sqlite3_bind_text(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()),
                            SQLITE_STATIC));
  }
  template <class T, class = std::enable_if_t<std::is_integral_v<T>>>
  void bind(int i, T v) {
    check(sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)));
  }
  void check(int rc) {
    if (rc != SQLITE_OK) {
      ok_ = false;
    }
  }

  sqlite3_stmt* stmt_ = nullptr;
  bool ok_ = false;
};

}  // namespace atpipe::store
