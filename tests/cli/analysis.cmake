# `portlab strategies --axis` and scenarios with `analysis:`.
add_test(NAME cli/strategies-one-axis
         COMMAND ${EXPECT} 0 "Predictability: .*" ${PL} strategies --strategy random --axis predictability --seeds 1)
add_test(NAME cli/strategies-unknown-axis-exits-2
         COMMAND ${EXPECT} 2 "--axis: unknown axis \"speed\"" ${PL} strategies --axis speed)
add_test(NAME cli/run-analysis-prints-tables
         COMMAND ${EXPECT} 0 "^all 7 expectations held" ${PL} run ${SC}/strategy-tracking.yaml)
add_test(NAME cli/run-analysis-json
         COMMAND ${EXPECT} 0 "\"metric\": \"success_rate\"" ${PL} run --json - ${SC}/strategy-tracking.yaml)
add_test(NAME cli/bad-analysis-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-analysis.yaml:3:23: strategies: unknown port selection strategy" ${PL} run ${CLI_DIR}/bad-analysis.yaml)
