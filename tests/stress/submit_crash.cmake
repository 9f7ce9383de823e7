# The submission crash test (tests/stress/submit_crash.sh) with the folder sink and 24 trials
# (four per step), so that ctest stays quick; the README's figures are from 200:
# `tests/stress/submit_crash.sh build/dev/daemon/atpipe . 200`.
find_program(ATPIPE_SQLITE3 sqlite3)
if(ATPIPE_BASH AND ATPIPE_SQLITE3 AND ATPIPE_TEST_HOOKS)
  add_test(NAME stress.submit_crash
           COMMAND ${ATPIPE_BASH} ${CMAKE_CURRENT_LIST_DIR}/submit_crash.sh $<TARGET_FILE:atpipe>
                   ${PROJECT_SOURCE_DIR} 24)
  set_tests_properties(stress.submit_crash PROPERTIES TIMEOUT 120 LABELS stress RUN_SERIAL TRUE)
endif()

# The same against the MESH sink and the MESH test server (submit_crash_mesh.sh), 12 trials
# (three per step); the README's figures are from 200:
# `tests/stress/submit_crash_mesh.sh build/dev/daemon/atpipe
#  build/dev/tests/mesh_server/atpipe_mesh_server . 200`.
find_program(ATPIPE_OPENSSL openssl)
if(ATPIPE_BASH AND ATPIPE_SQLITE3 AND ATPIPE_OPENSSL AND ATPIPE_TEST_HOOKS
   AND TARGET atpipe_mesh_server)
  add_test(NAME stress.submit_crash_mesh
           COMMAND ${ATPIPE_BASH} ${CMAKE_CURRENT_LIST_DIR}/submit_crash_mesh.sh
                   $<TARGET_FILE:atpipe> $<TARGET_FILE:atpipe_mesh_server> ${PROJECT_SOURCE_DIR} 12)
  set_tests_properties(stress.submit_crash_mesh PROPERTIES TIMEOUT 120 LABELS stress
                                                           RUN_SERIAL TRUE)
endif()
