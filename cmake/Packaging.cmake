# `cmake --install` and `cpack -G DEB` (README "Install"): the binary, /etc/atpipe with an
# example config, the hardened systemd unit, and the sysusers.d and
# tmpfiles.d entries that make the atpipe user and its folders.
include(GNUInstallDirs)
# What is installed is the binary alone, so `cmake --install` and cpack need only the atpipe
# target built (README "Install"), not the tests and benchmarks of `all`.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

# The unit names the binary by its installed path, which is only known at install time (cpack
# installs under /usr whatever the build's prefix), so it is configured then.
set(ATPIPE_UNIT_IN ${PROJECT_SOURCE_DIR}/systemd/atpipe.service.in)
set(ATPIPE_UNIT_OUT ${PROJECT_BINARY_DIR}/systemd/atpipe.service)
install(CODE "
  set(ATPIPE_BIN_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  set(ATPIPE_CONFIG_DIR /etc/atpipe)
  set(ATPIPE_DOC_DIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}\")
  configure_file(\"${ATPIPE_UNIT_IN}\" \"${ATPIPE_UNIT_OUT}\" @ONLY)
")
install(FILES ${ATPIPE_UNIT_OUT} DESTINATION lib/systemd/system)
install(FILES systemd/atpipe.sysusers DESTINATION lib/sysusers.d RENAME atpipe.conf)
install(FILES systemd/atpipe.tmpfiles DESTINATION lib/tmpfiles.d RENAME atpipe.conf)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# systemd's ConfigurationDirectory=atpipe is always /etc/atpipe, whatever the prefix.
install(FILES config/examples/atpipe_service.yaml DESTINATION /etc/atpipe RENAME atpipe.yaml
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
install(FILES systemd/atpipe.env.example DESTINATION /etc/atpipe
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)

set(CPACK_PACKAGE_NAME atpipe)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "atpipe maintainers <atpipe@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Builds, reconciles and submits the NHS Assuring Transformation return")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The shared libraries the binary links, found by dpkg-shlibdeps; plus what the unit needs.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd, tzdata")
# conffiles: the example config is the operator's to edit, and dpkg keeps
# their changes on upgrade. postinst makes the user and folders and owns /etc/atpipe to it.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/systemd/debian/conffiles ${PROJECT_SOURCE_DIR}/systemd/debian/postinst
    ${PROJECT_SOURCE_DIR}/systemd/debian/prerm ${PROJECT_SOURCE_DIR}/systemd/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)  # the package carries no debug info; build one for that
include(CPack)
