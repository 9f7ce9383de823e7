#pragma once

#include <string_view>

namespace atpipe::core {

// A named point in a multi-step operation where the crash test (tests/stress/submit_crash.sh)
// stops atpipe: when ATPIPE_TEST_PAUSE_AT names this step, the process writes "paused <step>"
// to the file ATPIPE_TEST_PAUSE_FILE (if set) and then sleeps until it is killed. Compiled in
// only when ATPIPE_TEST_HOOKS is on (dev and asan presets); otherwise it does nothing.
void test_pause(std::string_view step);

}  // namespace atpipe::core
