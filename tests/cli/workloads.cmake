# CLI tests of workloads: file:line:col errors, the prediction in the summary,
# and the --csv and --nat-csv time series (included by tests/cmake_tests.cmake).
add_test(NAME cli/bad-workload-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-workload.yaml:6:[0-9]+: rate: expected connections per second"
                 ${PL} run ${CLI_DIR}/bad-workload.yaml)
add_test(NAME cli/summary-compares-with-prediction
         COMMAND ${EXPECT} 0 "exhaustion predicted at 28.232s, then 470.5 conn/s sustained"
                 ${PL} run ${SC}/exhaustion-linux.yaml)
add_test(NAME cli/csv-writes-time-series-header
         COMMAND ${EXPECT} 0 "^time_s,host,proto,ports_in_use,time_wait,established,attempts,failures,allocation_probes,port_choices,connect_probes_p50,connect_probes_p99,connect_latency_p50_ns,connect_latency_p99_ns,EADDRNOTAVAIL$"
                 sh -c "'$<TARGET_FILE:portlab>' run --csv '${CMAKE_CURRENT_BINARY_DIR}/exhaustion.csv' '${SC}/exhaustion-linux.yaml' > /dev/null && cat '${CMAKE_CURRENT_BINARY_DIR}/exhaustion.csv'")
add_test(NAME cli/csv-writes-time-series-rows
         COMMAND ${EXPECT} 0 "^[0-9.]+,client,tcp,28232,28232,0,[0-9]+,[0-9]+,[0-9]+,1280,27647,27647,1103077,1103077,[0-9]+$"
                 sh -c "'$<TARGET_FILE:portlab>' run --csv '${CMAKE_CURRENT_BINARY_DIR}/exhaustion2.csv' '${SC}/exhaustion-linux.yaml' > /dev/null && cat '${CMAKE_CURRENT_BINARY_DIR}/exhaustion2.csv'")
add_test(NAME cli/csv-unwritable-exits-2
         COMMAND ${EXPECT} 2 "no-such-dir/x.csv: cannot open" ${PL} run --csv /no-such-dir/x.csv ${SC}/web-browsing.yaml)
add_test(NAME cli/nat-csv-writes-nat-series
         COMMAND ${EXPECT} 0 "^2,cgn,138,138,3,2,128,276,138,0,72,0,0,0,72,0,0,0,0,0,138$"
                 sh -c "'$<TARGET_FILE:portlab>' run --nat-csv '${CMAKE_CURRENT_BINARY_DIR}/cgnat.csv' '${SC}/nat-cgnat-port-block.yaml' > /dev/null && cat '${CMAKE_CURRENT_BINARY_DIR}/cgnat.csv'")
add_test(NAME cli/nat-csv-unwritable-exits-2
         COMMAND ${EXPECT} 2 "no-such-dir/n.csv: cannot open" ${PL} run --nat-csv /no-such-dir/n.csv ${SC}/nat-textbook.yaml)
