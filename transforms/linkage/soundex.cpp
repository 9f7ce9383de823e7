#include "transforms/linkage/soundex.hpp"

#include <array>

namespace atpipe::transforms::linkage {
namespace {

// Code per letter A..Z: '0' for vowels (and Y), 'h' for H and W, which are transparent.
constexpr std::array<char, 26> kCodes = {'0', '1', '2', '3', '0', '1', '2', 'h', '0',
                                         '2', '2', '4', '5', '5', '0', '1', '2', '6',
                                         '2', '3', '0', '1', 'h', '2', '0', '2'};

int letter_index(char c) {
  if (c >= 'a' && c <= 'z') {
    return c - 'a';
  }
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  return -1;
}

}  // namespace

std::string soundex(std::string_view name) {
  std::string out;
  char last = 0;
  for (char c : name) {
    const int i = letter_index(c);
    if (i < 0) {
      continue;
    }
    const char code = kCodes[static_cast<std::size_t>(i)];
    if (out.empty()) {
      out.push_back(static_cast<char>('A' + i));
      last = code;
      continue;
    }
    if (code == 'h') {
      continue;
    }
    if (code != '0' && code != last) {
      out.push_back(code);
      if (out.size() == 4) {
        break;
      }
    }
    last = code;
  }
  if (!out.empty()) {
    out.resize(4, '0');
  }
  return out;
}

std::uint32_t soundex_code(std::string_view name) {
  std::uint32_t packed = 0;
  for (char c : soundex(name)) {
    packed = (packed << 8) | static_cast<unsigned char>(c);
  }
  return packed;
}

}  // namespace atpipe::transforms::linkage
