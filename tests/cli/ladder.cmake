# CLI tests of the report's sequence of events and of --mermaid (included
# by tests/cmake_tests.cmake).
#
# report-in-chromium/NAME (cli/report_in_browser.sh): the report as Debian's
# headless Chromium renders it: the script ran without errors, the keys and
# buttons step, every segment sent has its arrow with its flags and ports,
# the tables of every instant are there. Skipped where chromium is missing.
foreach(name web-browsing nat-textbook closed-ports scan-five-states exhaustion-linux dhcp-broadcast)
  add_test(NAME cli/report-in-chromium/${name}
           COMMAND ${CLI_DIR}/report_in_browser.sh ${PL} ${CMAKE_SOURCE_DIR} ${name})
  set_tests_properties(cli/report-in-chromium/${name} PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
endforeach()
add_test(NAME cli/report-same-seed-same-bytes
         COMMAND ${EXPECT} 0 "^same$"
                 sh -c "'$<TARGET_FILE:portlab>' run --report - '${SC}/nat-textbook.yaml' > '${CMAKE_CURRENT_BINARY_DIR}/a.html' && '$<TARGET_FILE:portlab>' run --report - '${SC}/nat-textbook.yaml' > '${CMAKE_CURRENT_BINARY_DIR}/b.html' && cmp '${CMAKE_CURRENT_BINARY_DIR}/a.html' '${CMAKE_CURRENT_BINARY_DIR}/b.html' && echo same")
add_test(NAME cli/report-says-what-a-big-run-left-out
         COMMAND ${EXPECT} 0 "Drawn: [0-9,]+ of the run's [0-9,]+ events.*Left out: [0-9,]+ events"
                 ${PL} run --report - ${SC}/exhaustion-linux.yaml)

# --mermaid: golden diagrams of two small scenarios, the syntax of every
# scenario's, stdout, the refusals.
foreach(name closed-ports nat-textbook)
  add_test(NAME cli/mermaid-golden/${name}
           COMMAND ${CLI_DIR}/mermaid_golden.sh ${PL} ${CMAKE_SOURCE_DIR} ${name})
endforeach()
add_test(NAME cli/mermaid-syntax-of-every-scenario
         COMMAND ${CLI_DIR}/mermaid_syntax.sh ${PL} ${CMAKE_SOURCE_DIR})
# release-only (left out of CI's ASan pass, where its 44 runs took 78 s): a
# diagram's bytes do not depend on the build, and the writer runs under ASan
# in the goldens above and the tests below.
set_tests_properties(cli/mermaid-syntax-of-every-scenario PROPERTIES LABELS release-only)
add_test(NAME cli/mermaid-to-stdout-in-place-of-the-summary
         COMMAND ${EXPECT} 0 "^    participant L0 as client 10.0.0.1$"
                 ${PL} run --mermaid - ${SC}/closed-ports.yaml)
add_test(NAME cli/mermaid-and-report-cannot-share-stdout
         COMMAND ${EXPECT} 2 "only one output can go to stdout.*--report and --mermaid both ask for it"
                 ${PL} run --report - --mermaid - ${SC}/web-browsing.yaml)
add_test(NAME cli/mermaid-unwritable-exits-2
         COMMAND ${EXPECT} 2 "no-such-dir/x.mmd: cannot open" ${PL} run --mermaid /no-such-dir/x.mmd ${SC}/web-browsing.yaml)
add_test(NAME cli/mermaid-on-a-full-disk-exits-2
         COMMAND ${EXPECT} 2 "/dev/full: cannot write the Mermaid diagram" ${PL} run --mermaid /dev/full ${SC}/web-browsing.yaml)
