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
# pcapng: chosen by the name (an SHB first: 0a 0d 0d 0a, then the
# byte-order magic 4d 3c 2b 1a), or by --pcap-format for '-'.
add_test(NAME cli/pcap-by-extension-writes-pcapng
         COMMAND ${EXPECT} 0 "^ 0a 0d 0d 0a [0-9a-f]{2} [0-9a-f]{2} 00 00 4d 3c 2b 1a 01 00 00 00$"
                 sh -c "'$<TARGET_FILE:portlab>' run --pcap '${CMAKE_CURRENT_BINARY_DIR}/web.pcapng' '${SC}/web-browsing.yaml' > /dev/null && od -An -tx1 -N16 '${CMAKE_CURRENT_BINARY_DIR}/web.pcapng'")
add_test(NAME cli/pcap-format-pcapng-on-stdout
         COMMAND ${EXPECT} 0 "^ 0a 0d 0d 0a [0-9a-f]{2} [0-9a-f]{2} 00 00 4d 3c 2b 1a 01 00 00 00$"
                 sh -c "'$<TARGET_FILE:portlab>' run --pcap - --pcap-format pcapng '${SC}/web-browsing.yaml' | od -An -tx1 -N16")
add_test(NAME cli/pcap-stdout-stays-classic
         COMMAND ${EXPECT} 0 "^ 4d 3c b2 a1 02 00 04 00 00 00 00 00 00 00 00 00$"
                 sh -c "'$<TARGET_FILE:portlab>' run --pcap - '${SC}/web-browsing.yaml' | od -An -tx1 -N16")
add_test(NAME cli/pcap-bad-format-exits-2
         COMMAND ${EXPECT} 2 "--pcap-format: \"pcapng2\" is not a capture format; use pcap or pcapng"
                 ${PL} run --pcap x.cap --pcap-format pcapng2 ${SC}/web-browsing.yaml)
# --pcap-dir: a file per host and per NAT, the directory made if missing.
add_test(NAME cli/pcap-dir-writes-a-capture-per-host-and-nat
         COMMAND ${EXPECT} 0 "^alice.pcapng bob.pcapng home.pcapng server.pcapng $"
                 sh -c "rm -rf '${CMAKE_CURRENT_BINARY_DIR}/caps' && '$<TARGET_FILE:portlab>' run --pcap-dir '${CMAKE_CURRENT_BINARY_DIR}/caps/nat' '${SC}/nat-textbook.yaml' > /dev/null && ls '${CMAKE_CURRENT_BINARY_DIR}/caps/nat' | tr '\\n' ' '")
add_test(NAME cli/pcap-dir-unmakeable-exits-2
         COMMAND ${EXPECT} 2 "/dev/null/caps: cannot make the capture directory"
                 ${PL} run --pcap-dir /dev/null/caps ${SC}/web-browsing.yaml)
add_test(NAME cli/pcap-format-without-pcap-exits-2
         COMMAND ${EXPECT} 2 "--pcap-format: says the format of --pcap, which is not given"
                 ${PL} run --pcap-format pcapng ${SC}/web-browsing.yaml)
