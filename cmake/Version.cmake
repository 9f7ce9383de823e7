find_package(Git QUIET)
set(ATPIPE_GIT_SHA "unknown")
if(GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short HEAD
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                  OUTPUT_VARIABLE ATPIPE_GIT_SHA OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT ATPIPE_GIT_SHA)
    set(ATPIPE_GIT_SHA "unknown")
  endif()
endif()
configure_file(${CMAKE_SOURCE_DIR}/daemon/version.hpp.in ${CMAKE_BINARY_DIR}/generated/atpipe/version.hpp @ONLY)
