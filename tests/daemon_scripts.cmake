# The daemon's packaging tests (issue 14): the unit's systemd-analyze exposure, and the .deb
# built by cpack with what it installs. Both need systemd's and dpkg's tools
# (scripts/deps/daemon.txt).
find_program(ATPIPE_SYSTEMD_ANALYZE systemd-analyze)
find_program(ATPIPE_DPKG_DEB dpkg-deb)
if(ATPIPE_SYSTEMD_ANALYZE)
  add_test(NAME systemd.unit_exposure
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/systemd/unit_exposure.sh
                   ${PROJECT_SOURCE_DIR}/systemd/atpipe.service.in 1.5)
endif()
if(ATPIPE_SYSTEMD_ANALYZE AND ATPIPE_DPKG_DEB)
  add_test(NAME package.deb
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/package/deb_package.sh ${PROJECT_BINARY_DIR}
                   ${PROJECT_SOURCE_DIR})
  set_tests_properties(package.deb PROPERTIES TIMEOUT 180 RUN_SERIAL TRUE)
endif()
