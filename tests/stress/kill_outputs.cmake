# The output-set kill test (tests/stress/kill_outputs.sh) with fewer trials than the 200 of a
# full run, so that ctest stays quick: `tests/stress/kill_outputs.sh build/dev/daemon/atpipe . 200`.
find_program(ATPIPE_BASH bash)
find_program(ATPIPE_SHA256SUM sha256sum)
if(ATPIPE_BASH AND ATPIPE_SHA256SUM)
  add_test(NAME stress.kill_outputs
           COMMAND ${ATPIPE_BASH} ${CMAKE_CURRENT_LIST_DIR}/kill_outputs.sh $<TARGET_FILE:atpipe>
                   ${PROJECT_SOURCE_DIR} 25)
  set_tests_properties(stress.kill_outputs PROPERTIES TIMEOUT 120 LABELS stress)
endif()
