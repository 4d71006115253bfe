# CLI tests of --pcap and --report: a nanosecond pcap file of raw IP packets,
# the same bytes for the same seed, an HTML page, and exit 2 when a file
# cannot be written (included by tests/cmake_tests.cmake).
add_test(NAME cli/pcap-writes-nanosecond-raw-ip-capture
         COMMAND ${EXPECT} 0 "^ 4d 3c b2 a1 02 00 04 00 00 00 00 00 00 00 00 00$"
                 sh -c "'$<TARGET_FILE:portlab>' run --pcap '${CMAKE_CURRENT_BINARY_DIR}/web.pcap' '${SC}/web-browsing.yaml' > /dev/null && od -An -tx1 -N16 '${CMAKE_CURRENT_BINARY_DIR}/web.pcap'")
add_test(NAME cli/pcap-same-seed-same-bytes
         COMMAND ${EXPECT} 0 "^same$"
                 sh -c "'$<TARGET_FILE:portlab>' run --pcap '${CMAKE_CURRENT_BINARY_DIR}/a.pcap' '${SC}/nat-hole-punch.yaml' > /dev/null && '$<TARGET_FILE:portlab>' run --pcap '${CMAKE_CURRENT_BINARY_DIR}/b.pcap' '${SC}/nat-hole-punch.yaml' > /dev/null && cmp '${CMAKE_CURRENT_BINARY_DIR}/a.pcap' '${CMAKE_CURRENT_BINARY_DIR}/b.pcap' && echo same")
add_test(NAME cli/pcap-unwritable-exits-2
         COMMAND ${EXPECT} 2 "no-such-dir/x.pcap: cannot open for writing" ${PL} run --pcap /no-such-dir/x.pcap ${SC}/web-browsing.yaml)
add_test(NAME cli/report-writes-html-page
         COMMAND ${EXPECT} 0 "all 3 expectations held</span>"
                 sh -c "'$<TARGET_FILE:portlab>' run --report '${CMAKE_CURRENT_BINARY_DIR}/nat.html' '${SC}/nat-cgnat-port-block.yaml' > /dev/null && cat '${CMAKE_CURRENT_BINARY_DIR}/nat.html'")
add_test(NAME cli/report-unwritable-exits-2
         COMMAND ${EXPECT} 2 "no-such-dir/r.html: cannot open" ${PL} run --report /no-such-dir/r.html ${SC}/web-browsing.yaml)
add_test(NAME cli/report-on-a-full-disk-exits-2
         COMMAND ${EXPECT} 2 "/dev/full: cannot write the report" ${PL} run --report /dev/full ${SC}/web-browsing.yaml)
add_test(NAME cli/pcap-on-a-full-disk-exits-2
         COMMAND ${EXPECT} 2 "/dev/full: cannot write the capture" ${PL} run --pcap /dev/full ${SC}/web-browsing.yaml)
