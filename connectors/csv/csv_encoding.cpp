#include "connectors/csv/csv_encoding.hpp"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

namespace atpipe::connectors::csv {
namespace {

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0U) == 0x80U;
}

// Length of the well-formed sequence at text[i], or 0 if it is not one.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  const std::size_t left = text.size() - i;
  if (lead >= 0xC2 && lead <= 0xDF) {
    return left >= 2 && is_continuation(byte(1)) ? 2 : 0;
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    // E0 excludes overlongs and ED excludes the UTF-16 surrogates.
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return left >= 3 && byte(1) >= low && byte(1) <= high && is_continuation(byte(2)) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    // F0 excludes overlongs and F4 stops at U+10FFFF.
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return left >= 4 && byte(1) >= low && byte(1) <= high && is_continuation(byte(2)) &&
                   is_continuation(byte(3))
               ? 4
               : 0;
  }
  return 0;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Most of a CSV is ASCII: skip it eight bytes at a time.
    if (text.size() - i >= 8) {
      std::uint64_t chunk = 0;
      std::memcpy(&chunk, text.data() + i, sizeof chunk);
      if ((chunk & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = sequence_length(text, i);
    if (length == 0) {
      return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

bool starts_with_bom(std::string_view text) {
  return text.substr(0, kUtf8Bom.size()) == kUtf8Bom;
}

core::Expected<std::string> windows1252_to_utf8(std::string_view bytes,
                                                const core::Provenance& where) {
  auto icu_failure = [&where](UErrorCode status) {
    return core::fail(core::ErrorCode::Internal,
                      std::string("windows-1252 decoding failed in ICU: ") + u_errorName(status),
                      where);
  };
  if (bytes.empty()) {
    return std::string();
  }
  UErrorCode status = U_ZERO_ERROR;
  // "windows-1252" is an ambiguous alias in ICU (a warning, not a failure) for this table.
  ConverterPtr from(ucnv_open("windows-1252", &status));
  ConverterPtr to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status)) {
    return icu_failure(status);
  }
  // ASCII stays one byte and every other windows-1252 character takes two or three in UTF-8,
  // so this is an exact upper bound and one call is enough.
  const auto high = static_cast<std::size_t>(std::count_if(
      bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
  std::string out(bytes.size() + 2 * high, '\0');
  char* target = out.data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                 &status);
  if (U_FAILURE(status)) {
    return icu_failure(status);
  }
  out.resize(static_cast<std::size_t>(target - out.data()));
  return out;
}

}  // namespace atpipe::connectors::csv
