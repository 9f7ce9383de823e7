#pragma once

#include <string>
#include <string_view>

namespace atpipe::transforms {

// Where a writer sends the bytes of one output file, in order, so that a file of a million
// rows is never built whole in memory. Implemented by StreamedFile (a file of an output set,
// hashed as it is written) and StringSink (text kept in memory, for tests and small files).
// Used by one thread at a time.
class ByteSink {
 public:
  ByteSink() = default;
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;
  virtual ~ByteSink() = default;

  virtual void write(std::string_view bytes) = 0;

 protected:
  ByteSink(ByteSink&&) = default;
  ByteSink& operator=(ByteSink&&) = default;
};

// Keeps what is written as one string.
class StringSink final : public ByteSink {
 public:
  void write(std::string_view bytes) override { text_ += bytes; }
  [[nodiscard]] std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

}  // namespace atpipe::transforms
