#include "core/test_hook.hpp"

#ifdef ATPIPE_TEST_HOOKS
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#endif

namespace atpipe::core {

void test_pause(std::string_view step) {
#ifdef ATPIPE_TEST_HOOKS
  const char* wanted = std::getenv("ATPIPE_TEST_PAUSE_AT");
  if (wanted == nullptr || step != wanted) {
    return;
  }
  if (const char* file = std::getenv("ATPIPE_TEST_PAUSE_FILE")) {
    std::ofstream(file) << "paused " << step << "\n";
  }
  // Long enough for any test to kill it; a forgotten hook still ends.
  std::this_thread::sleep_for(std::chrono::seconds(60));
#else
  (void)step;
#endif
}

}  // namespace atpipe::core
