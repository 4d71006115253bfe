# CLI tests of --metrics and --metrics-final (report/metrics_writer.h;
# included by tests/cmake_tests.cmake): goldens, and promtool loading them
# where Debian's prometheus package is installed.
foreach(pair "exhaustion-linux host=client" "nat-cgnat-port-block nat=cgn")
  separate_arguments(args UNIX_COMMAND "${pair}")
  list(GET args 0 name)
  list(GET args 1 series)
  add_test(NAME cli/metrics-promtool-${name}
           COMMAND ${CLI_DIR}/metrics_promtool.sh ${PL} ${CMAKE_SOURCE_DIR} ${name} ${series})
  set_tests_properties(cli/metrics-promtool-${name} PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
endforeach()
add_test(NAME cli/metrics-and-csv-both-on-stdout-exit-2
         COMMAND ${EXPECT} 2 "--csv and --metrics both ask for it"
                 ${PL} run --csv - --metrics - ${SC}/exhaustion-linux.yaml)
add_test(NAME cli/metrics-failed-write-exit-2
         COMMAND ${EXPECT} 2 "/dev/full: cannot write the metrics"
                 ${PL} run --metrics /dev/full ${SC}/exhaustion-linux.yaml)
add_test(NAME cli/metrics-final-and-metrics-both-on-stdout-exit-2
         COMMAND ${EXPECT} 2 "--metrics and --metrics-final both ask for it"
                 ${PL} run --metrics - --metrics-final - ${SC}/exhaustion-linux.yaml)
