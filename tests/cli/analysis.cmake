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
# The poisoning axis: UDP query ports in the DNS race, where the attacker
# bets on one port in all 200 races against a sequential allocator; and the
# predictability table saying it is about TCP connect() ports.
add_test(NAME cli/strategies-poisoning-axis
         COMMAND ${EXPECT} 0 "^sequential +[0-9]+/200 .* 200$"
                 ${PL} strategies --strategy sequential --strategy random --axis poisoning --trials 200
                 --spoof-rate 20000)
add_test(NAME cli/strategies-predictability-says-tcp
         COMMAND ${EXPECT} 0 "last k TCP connect\\(\\) ports" ${PL} strategies --strategy random
                 --axis predictability --seeds 1)
add_test(NAME cli/strategies-bad-rtt-exits-2
         COMMAND ${EXPECT} 2 "--rtt" ${PL} strategies --axis poisoning --rtt soon)
add_test(NAME cli/dns-poison-huge-exits-2
         COMMAND ${EXPECT} 2 "huge-poison.yaml:5:5: dns-poison: 1000000 trials of 100000000 forged answers"
                 ${PL} run ${CLI_DIR}/huge-poison.yaml)
# Statistics a reviewer trusts (issue 21, item 6): a count of victims with
# its Clopper-Pearson bounds ("0/20" says up to 16.8 %), the per-seed CSV,
# the two CSVs not both on stdout, and the reuse axis below Linux's
# even/odd boundary by default.
add_test(NAME cli/strategies-zero-successes-print-their-upper-bound
         COMMAND ${EXPECT} 0 "^linux +0/20 \\(95 % CI 0-16.8 %\\)"
                 ${PL} strategies --strategy linux --axis linkability --range "40000 40999" --budget 2000)
add_test(NAME cli/strategies-per-seed-csv
         COMMAND ${EXPECT} 0 "^sequential,cost,mean_probes_at,0,1,1$"
                 ${PL} strategies --strategy sequential --axis cost --seeds 2 --range "40000 40099"
                 --per-seed-csv -)
add_test(NAME cli/strategies-csv-has-intervals
         COMMAND ${EXPECT} 0 "^sequential,linkability,success_rate,2000,1,5,0.478176[0-9]*,1,clopper-pearson$"
                 ${PL} strategies --strategy sequential --axis linkability --seeds 5 --range "40000 40099"
                 --budget 2000 --csv -)
add_test(NAME cli/strategies-two-csvs-on-stdout-exit-2
         COMMAND ${EXPECT} 2 "only one output can go to stdout" ${PL} strategies --csv - --per-seed-csv -)
add_test(NAME cli/strategies-reuse-default-below-the-parity-boundary
         COMMAND ${EXPECT} 0 "Reuse: churn at 25 % occupancy"
                 ${PL} strategies --strategy linux --axis reuse --seeds 1 --churn 100)
