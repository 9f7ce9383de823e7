# Every dependency is a Debian package found here; nothing is downloaded at configure time.
find_package(Threads REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(date REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc)
find_package(RapidJSON REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED)  # SHA-256 of each output file in a set's MANIFEST
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
find_package(Boost 1.74 REQUIRED)  # Asio: the daemon's timers and signals
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)  # sd_notify: READY, watchdog
if(ATPIPE_BUILD_TESTS)
  find_package(Catch2 REQUIRED)
  include(Catch)
endif()
