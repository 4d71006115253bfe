# CLI tests of issue 20's views of the event stream (included by
# tests/cmake_tests.cmake): --trace's event numbers and --trace-filter,
# --explain N's card, --flows' CSV.
add_test(NAME cli/trace-numbers-events
         COMMAND ${EXPECT} 0 "^#7 +1.005000000  web +demux +SYN "
                 sh -c "'$<TARGET_FILE:portlab>' run --trace '${SC}/web-browsing.yaml' | sed -n 7p")
# Exactly the web server's ten demux lines, each with its number in the whole run.
add_test(NAME cli/trace-filter-keeps-matching-events
         COMMAND ${EXPECT} 0 "^#7 web demux #14 web demux #19 web demux #26 web demux #30 web demux #32 web demux #42 web demux #45 web demux #54 web demux #55 web demux $"
                 sh -c "'$<TARGET_FILE:portlab>' run --trace-filter 'host=web kind=demux proto=tcp port=443' '${SC}/web-browsing.yaml' | grep '^#' | awk '{print $1, $3, $4}' | tr '\\n' ' '")
add_test(NAME cli/trace-filter-bad-term-exits-2
         COMMAND ${EXPECT} 2 "--trace-filter: 'prot=tcp': unknown key 'prot'"
                 ${PL} run --trace-filter "host=web prot=tcp" ${SC}/web-browsing.yaml)
add_test(NAME cli/explain-out-of-range-exits-2
         COMMAND ${EXPECT} 2 "--explain: event 9999: the trace has [0-9]+ events \\(1\\.\\.[0-9]+\\)"
                 ${PL} run --explain 9999 ${SC}/web-browsing.yaml)
add_test(NAME cli/explain-zero-exits-2
         COMMAND ${EXPECT} 2 "--explain: event 0: the trace has 57 events \\(1\\.\\.57\\)"
                 ${PL} run --explain 0 ${SC}/web-browsing.yaml)
add_test(NAME cli/explain-not-a-segment-exits-2
         COMMAND ${EXPECT} 2 "--explain: event 2 is a state event, not a segment's"
                 ${PL} run --explain 2 ${SC}/web-browsing.yaml)
add_test(NAME cli/explain-prints-the-card
         COMMAND ${EXPECT} 0 "event #7: SYN 192.168.1.100:52932 -> 203.0.113.10:443 \\(https\\).*listener on 0.0.0.0:443 \\(https\\) +hit -> sock 0"
                 sh -c "'$<TARGET_FILE:portlab>' run --explain 7 '${SC}/web-browsing.yaml' | tr '\\n' ' '")
add_test(NAME cli/flows-unwritable-exits-2
         COMMAND ${EXPECT} 2 "no-such-dir/f.csv: cannot open for writing" ${PL} run --flows /no-such-dir/f.csv ${SC}/web-browsing.yaml)
add_test(NAME cli/flows-on-a-full-disk-exits-2
         COMMAND ${EXPECT} 2 "/dev/full: cannot write the flows" ${PL} run --flows /dev/full ${SC}/web-browsing.yaml)
add_test(NAME cli/flows-and-json-both-on-stdout-exit-2
         COMMAND ${EXPECT} 2 "--json and --flows both ask for it" ${PL} run --flows - --json - ${SC}/web-browsing.yaml)
foreach(name web-browsing nat-textbook closed-ports)
  add_test(NAME cli/flows-csv-${name}
           COMMAND ${CLI_DIR}/flows_csv.sh ${PL} ${CMAKE_SOURCE_DIR} ${name})
  set_tests_properties(cli/flows-csv-${name} PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
endforeach()
