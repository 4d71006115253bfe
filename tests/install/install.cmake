# Tests of portlab as installed and as a shell sees it (README, "Installing";
# included by tests/cmake_tests.cmake): the install tree, the .deb, the
# library from another project, the completions and man pages, scenarios by
# name, --version and the value names of --help.
set(INSTALL_DIR ${CMAKE_CURRENT_SOURCE_DIR}/install)
add_test(NAME install/tree COMMAND ${INSTALL_DIR}/install_tree.sh ${CMAKE_BINARY_DIR})
add_test(NAME install/deb COMMAND ${INSTALL_DIR}/deb_package.sh ${CMAKE_BINARY_DIR})
add_test(NAME install/consumer
         COMMAND ${INSTALL_DIR}/consumer.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR}
                 "${CMAKE_CXX_FLAGS}" "${CMAKE_EXE_LINKER_FLAGS}")
add_test(NAME install/completion COMMAND ${INSTALL_DIR}/completion.sh ${PL} ${SC})
set_tests_properties(install/tree install/deb install/consumer install/completion
                     PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
# cpack and the consumer install into prefixes of their own, but cpack's
# staging tree is the build directory's: one at a time.
set_tests_properties(install/deb PROPERTIES RESOURCE_LOCK cpack)

add_test(NAME cli/run-scenario-by-name
         COMMAND ${EXPECT} 0 "^scenario  two browser connections to one HTTPS server" env PORTLAB_SCENARIOS=${SC} ${PL} run web-browsing)
add_test(NAME cli/unknown-scenario-name-says-where-it-looked
         COMMAND ${EXPECT} 2 "^web-browsin: cannot read scenario file: no such file, nor a scenario of that name in .*scenarios \\(portlab list shows them\\)$"
                 env PORTLAB_SCENARIOS=${SC} ${PL} run web-browsin)
add_test(NAME cli/list-names-scenario-directories
         COMMAND ${EXPECT} 0 "scenarios \\(\\*\\.yaml in ${SC}; portlab run NAME runs one\\)"
                 env PORTLAB_SCENARIOS=${SC} ${PL} list)
add_test(NAME cli/version-names-commit
         COMMAND ${EXPECT} 0 "^portlab [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)$" ${PL} --version)
# No option of any command says TEXT in --help: each value has its name
# (src/cli/value_names.cc).
add_test(NAME cli/help-names-every-value
         COMMAND sh -c "status=0; for c in $(\"$0\" --help | sed -n '/^Subcommands:/,$p' | awk 'NR>1 {print $1}'); do if \"$0\" $c --help | grep -E '^ +[^ ]+ +TEXT'; then echo \"portlab $c --help says TEXT\"; status=1; fi; done; exit $status"
                 ${PL})
