#include "core/record.hpp"

#include <functional>

namespace atpipe::core {

// 64 fields at their longest inline size still fit the 15-bit offsets.
static_assert(kFieldCount * Record::encoded_size(Record::kInlineMax) <= 0x8000);

Record::Record(const Record& other)
    : where(other.where),
      precedence(other.precedence),
      findings(other.findings),
      at_(other.at_),
      dead_(other.dead_),
      buf_(other.buf_),
      spill_(other.spill_ ? std::make_unique<std::vector<std::string>>(*other.spill_) : nullptr) {}

// A moved-from record reads as empty rather than pointing into a buffer it no longer has.
Record::Record(Record&& other) noexcept
    : where(std::move(other.where)),
      precedence(other.precedence),
      findings(std::move(other.findings)),
      at_(other.at_),
      dead_(other.dead_),
      buf_(std::move(other.buf_)),
      spill_(std::move(other.spill_)) {
  other.at_.fill(kUnset);
  other.dead_ = 0;
}

Record& Record::operator=(const Record& other) {
  if (this != &other) {
    where = other.where;
    precedence = other.precedence;
    findings = other.findings;
    at_ = other.at_;
    dead_ = other.dead_;
    buf_ = other.buf_;  // reuses this record's buffer when it is large enough
    spill_ = other.spill_ ? std::make_unique<std::vector<std::string>>(*other.spill_) : nullptr;
  }
  return *this;
}

Record& Record::operator=(Record&& other) noexcept {
  if (this != &other) {
    where = std::move(other.where);
    precedence = other.precedence;
    findings = std::move(other.findings);
    at_ = other.at_;
    dead_ = other.dead_;
    buf_ = std::move(other.buf_);
    spill_ = std::move(other.spill_);
    other.at_.fill(kUnset);
    other.dead_ = 0;
  }
  return *this;
}

void Record::set(Field f, std::string_view value) {
  if (!value.empty() && holds(value)) {
    // Regrowing or compacting the buffer would pull the bytes from under the view.
    const std::string copy(value);
    set(f, copy);
    return;
  }
  auto& at = at_[static_cast<std::size_t>(f)];
  if (value.empty()) {
    release(at);
    return;
  }
  if (value.size() > kInlineMax) {
    spill(at, value);
    return;
  }
  if (at != kUnset && (at & kSpilled) == 0) {
    // An overwrite that fits, with a length prefix of the same width, goes in place.
    const std::string_view old = get(f);
    if (value.size() <= old.size() &&
        encoded_size(value.size()) - value.size() == encoded_size(old.size()) - old.size()) {
      char* p = buf_.data() + at;
      if (old.size() < kLongLength) {
        p[0] = static_cast<char>(value.size());
      } else {
        const auto len = static_cast<std::uint16_t>(value.size());
        std::memcpy(p + 1, &len, sizeof len);
      }
      std::memcpy(p + (encoded_size(value.size()) - value.size()), value.data(), value.size());
      dead_ = static_cast<std::uint16_t>(dead_ + (old.size() - value.size()));
      return;
    }
  }
  release(at);
  append(at, value);
}

bool Record::holds(std::string_view value) const {
  const std::less<const char*> before;
  const auto inside = [&](const char* begin, std::size_t size) {
    return !before(value.data(), begin) && before(value.data(), begin + size);
  };
  if (inside(buf_.data(), buf_.size())) {
    return true;
  }
  if (spill_) {
    for (const auto& s : *spill_) {
      if (inside(s.data(), s.size())) {
        return true;
      }
    }
  }
  return false;
}

// Marks the field unset; its bytes become dead (or its spilled string is freed).
void Record::release(std::uint16_t& at) {
  if (at == kUnset) {
    return;
  }
  if ((at & kSpilled) != 0) {
    std::string().swap((*spill_)[at & kSpillIndex]);
  } else {
    const auto len = static_cast<unsigned char>(buf_[at]);
    std::size_t size = len;
    if (len == kLongLength) {
      std::uint16_t long_len = 0;
      std::memcpy(&long_len, buf_.data() + at + 1, sizeof long_len);
      size = long_len;
    }
    dead_ = static_cast<std::uint16_t>(dead_ + encoded_size(size));
  }
  at = kUnset;
}

void Record::append(std::uint16_t& at, std::string_view value) {
  const std::size_t need = encoded_size(value.size());
  // Dead bytes are dropped when the buffer would pass its limit, or when they are over half
  // of it (a record overwritten again and again).
  if (dead_ > 0 && (buf_.size() + need > kMaxBuffer || dead_ * 2 > buf_.size())) {
    compact();
  }
  const std::size_t offset = buf_.size();
  buf_.resize(offset + need);
  char* p = buf_.data() + offset;
  if (value.size() < kLongLength) {
    *p++ = static_cast<char>(value.size());
  } else {
    *p++ = static_cast<char>(kLongLength);
    const auto len = static_cast<std::uint16_t>(value.size());
    std::memcpy(p, &len, sizeof len);
    p += sizeof len;
  }
  std::memcpy(p, value.data(), value.size());
  at = static_cast<std::uint16_t>(offset);
}

void Record::spill(std::uint16_t& at, std::string_view value) {
  if (at != kUnset && (at & kSpilled) != 0) {
    (*spill_)[at & kSpillIndex].assign(value);
    return;
  }
  release(at);
  if (!spill_) {
    spill_ = std::make_unique<std::vector<std::string>>();
  }
  // A freed spill entry is empty; reuse it so the list stays at most one per field.
  std::size_t index = 0;
  while (index < spill_->size() && !(*spill_)[index].empty()) {
    ++index;
  }
  if (index == spill_->size()) {
    spill_->emplace_back();
  }
  (*spill_)[index].assign(value);
  at = static_cast<std::uint16_t>(kSpilled | index);
}

void Record::compact() {
  std::vector<char> live;
  live.reserve(buf_.size() - dead_);
  for (std::size_t i = 0; i < at_.size(); ++i) {
    auto& at = at_[i];
    if (at == kUnset || (at & kSpilled) != 0) {
      continue;
    }
    // get() reads the length prefix; the entry is the prefix and the value.
    const std::size_t entry = encoded_size(get(static_cast<Field>(i)).size());
    const std::size_t offset = live.size();
    live.insert(live.end(), buf_.begin() + at,
                buf_.begin() + at + static_cast<std::ptrdiff_t>(entry));
    at = static_cast<std::uint16_t>(offset);
  }
  buf_ = std::move(live);
  dead_ = 0;
}

}  // namespace atpipe::core
