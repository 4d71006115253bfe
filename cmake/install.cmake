# Installation (README, "Installing"): `cmake --install BUILD [--prefix P]`
# lays out
#   bin/portlab
#   share/portlab/scenarios/*.yaml      (found by `portlab list` and `portlab run NAME`)
#   share/man/man1/portlab*.1           (written by `portlab man-pages` at build time)
#   share/bash-completion/completions/portlab, share/zsh/vendor-completions/_portlab
#   share/doc/portlab/                  (README, LICENSE, NOTICE, scenarios/README.md)
#   include/portlab/..., lib/libportlab_*.a
#   lib/cmake/portlab/ (find_package(portlab): the target portlab::core)
#   lib/pkgconfig/portlab.pc
# and `cpack -G DEB` (in the build directory) makes a .deb of the same tree.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The man pages and completions, written by the program itself from its
# command definitions (src/cli/man_pages.h, completion.h). Not in the
# profile-guided build's instrumented build, whose runs are its training.
set(PORTLAB_GENERATED_DOCS ${CMAKE_BINARY_DIR}/generated/share)
if(NOT PORTLAB_PGO STREQUAL "GENERATE")
  add_custom_command(
    OUTPUT ${PORTLAB_GENERATED_DOCS}/man1/portlab.1 ${PORTLAB_GENERATED_DOCS}/completions/portlab
           ${PORTLAB_GENERATED_DOCS}/completions/_portlab
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${PORTLAB_GENERATED_DOCS}/man1
    COMMAND portlab man-pages ${PORTLAB_GENERATED_DOCS}/man1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PORTLAB_GENERATED_DOCS}/completions
    COMMAND sh -c "\"$1\" completion bash > \"$2/portlab\" && \"$1\" completion zsh > \"$2/_portlab\""
            sh $<TARGET_FILE:portlab> ${PORTLAB_GENERATED_DOCS}/completions
    DEPENDS portlab
    COMMENT "Writing the man pages and shell completions" VERBATIM)
  add_custom_target(portlab_docs ALL DEPENDS ${PORTLAB_GENERATED_DOCS}/man1/portlab.1)
endif()

install(TARGETS portlab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/portlab/scenarios
        FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY ${PORTLAB_GENERATED_DOCS}/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PORTLAB_GENERATED_DOCS}/completions/portlab
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${PORTLAB_GENERATED_DOCS}/completions/_portlab
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/NOTICE DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/scenarios/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/scenarios)

# The library: every area's static library and public headers, and
# portlab::core, which links them all (as the program does). An area's
# include root is the build tree's link farm while building and
# include/ once installed.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/portlab DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(name ${PORTLAB_AREA_NAMES})
  set_target_properties(portlab_${name} PROPERTIES EXPORT_NAME ${name})
  get_target_property(dirs portlab_${name} INTERFACE_INCLUDE_DIRECTORIES)
  set(wrapped "")
  foreach(d ${dirs})
    list(APPEND wrapped "$<BUILD_INTERFACE:${d}>")
  endforeach()
  list(APPEND wrapped "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
  set_target_properties(portlab_${name} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${wrapped}")
endforeach()
set_target_properties(portlab_core PROPERTIES EXPORT_NAME core)
install(TARGETS ${PORTLAB_AREA_TARGETS} portlab_core EXPORT portlabTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
set(PORTLAB_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/portlab)
install(EXPORT portlabTargets NAMESPACE portlab:: DESTINATION ${PORTLAB_CMAKE_DIR})
configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/portlabConfig.cmake.in
  ${CMAKE_BINARY_DIR}/generated/portlabConfig.cmake INSTALL_DESTINATION ${PORTLAB_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/generated/portlabConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/generated/portlabConfig.cmake
              ${CMAKE_BINARY_DIR}/generated/portlabConfigVersion.cmake DESTINATION ${PORTLAB_CMAKE_DIR})

# pkg-config: the areas highest first, so each library's symbols come
# before those it uses on the link line.
set(PORTLAB_PC_LIBS "")
foreach(name ${PORTLAB_AREA_NAMES})
  get_target_property(type portlab_${name} TYPE)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    set(PORTLAB_PC_LIBS "-lportlab_${name} ${PORTLAB_PC_LIBS}")
  endif()
endforeach()
# The prefix relative to the .pc file itself, so an installed tree may be
# moved and `cmake --install --prefix` need not match the configured one.
file(RELATIVE_PATH PORTLAB_PC_UP /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(${CMAKE_SOURCE_DIR}/cmake/portlab.pc.in ${CMAKE_BINARY_DIR}/generated/portlab.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/generated/portlab.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The .deb: `cpack -G DEB` in the build directory. It depends on the
# shared libraries the program links (found by dpkg-shlibdeps: libnettle8
# among them, for the provenance's SHA-256, which only the program links,
# so the package config and portlab.pc need no Nettle); the -dev
# packages that building against the installed library needs are only
# suggested, since running portlab needs none of them.
set(CPACK_PACKAGE_NAME portlab)
set(CPACK_PACKAGE_VENDOR "the portlab authors")
set(CPACK_PACKAGE_CONTACT "portlab maintainers <portlab@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "simulator of transport-layer port multiplexing and demultiplexing")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libabsl-dev, libyaml-cpp-dev, nlohmann-json3-dev")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
include(CPack)
