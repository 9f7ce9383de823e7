#include "core/postcode.hpp"

#include <cctype>

namespace atpipe::core {
namespace {

bool is_alpha(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
// Second letter of a two-letter area: [A-HJ-Y].
bool is_second_letter(char c) {
  return is_alpha(c) && c != 'I' && c != 'Z';
}

// Outward code shapes of the GOV.UK pattern: A9, A99, AA9, AA99, A9A, AA9A.
bool valid_outward(std::string_view o) {
  switch (o.size()) {
    case 2:
      return is_alpha(o[0]) && is_digit(o[1]);
    case 3:
      return (is_alpha(o[0]) && is_digit(o[1]) && is_digit(o[2])) ||
             (is_alpha(o[0]) && is_second_letter(o[1]) && is_digit(o[2])) ||
             (is_alpha(o[0]) && is_digit(o[1]) && is_alpha(o[2]));
    case 4:
      return (is_alpha(o[0]) && is_second_letter(o[1]) && is_digit(o[2]) && is_digit(o[3])) ||
             (is_alpha(o[0]) && is_second_letter(o[1]) && is_digit(o[2]) && is_alpha(o[3]));
    default:
      return false;
  }
}

bool valid_inward(std::string_view i) {
  return i.size() == 3 && is_digit(i[0]) && is_alpha(i[1]) && is_alpha(i[2]);
}

}  // namespace

Postcode normalise_postcode(std::string_view raw) {
  Postcode out;
  std::string compact;
  for (char c : raw) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      continue;
    }
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (compact.empty()) {
    out.status = PostcodeStatus::Missing;
    return out;
  }
  if (compact.size() < 5 || compact.size() > 7) {
    out.status = PostcodeStatus::Invalid;
    return out;
  }
  std::string_view whole(compact);
  std::string_view outward = whole.substr(0, whole.size() - 3);
  std::string_view inward = whole.substr(whole.size() - 3);
  out.normalised = std::string(outward) + " " + std::string(inward);
  if (compact == "GIR0AA") {
    out.status = PostcodeStatus::Valid;
  } else if (outward == "ZZ99" && valid_inward(inward)) {
    out.status = PostcodeStatus::Pseudo;
  } else if (valid_outward(outward) && valid_inward(inward)) {
    out.status = PostcodeStatus::Valid;
  } else {
    out.status = PostcodeStatus::Invalid;
    out.normalised.clear();
  }
  return out;
}

std::string Postcode::district() const {
  if (status != PostcodeStatus::Valid) {
    return {};
  }
  return normalised.substr(0, normalised.find(' '));
}

std::string Postcode::sector() const {
  if (status != PostcodeStatus::Valid) {
    return {};
  }
  return normalised.substr(0, normalised.find(' ') + 2);
}

std::string Postcode::area() const {
  if (status != PostcodeStatus::Valid) {
    return {};
  }
  std::string a;
  for (char c : normalised) {
    if (!is_alpha(c)) {
      break;
    }
    a.push_back(c);
  }
  return a;
}

}  // namespace atpipe::core
