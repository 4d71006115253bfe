# Work that cannot finish is refused before it starts (base/limits.h), with
# exit 2 naming the flag, or the file:line:column, and the limit.

# strategies: the flags that scale the work share the limits of analysis:.
foreach(case "seeds;2000000000;10000" "churn;2000000000;100000000" "budget;9223372036854775807;100000000"
             "trials;2000000000;1000000" "pairs;2000000000;64" "tries;70000;65536" "window;101;100"
             "spoof-rate;9000000000000000000;1000000000" "twait;9000000000000000000;100000000")
  list(GET case 0 flag)
  list(GET case 1 value)
  list(GET case 2 max)
  add_test(NAME cli/limits-strategies-${flag}
           COMMAND ${EXPECT} 2 "--${flag}: ${value} is out of range; it must be from [01] to ${max}"
                   ${PL} strategies --${flag} ${value})
endforeach()
add_test(NAME cli/limits-strategies-seeds-zero
         COMMAND ${EXPECT} 2 "--seeds: 0 is out of range; it must be from 1 to 10000" ${PL} strategies --seeds 0)

# summarize: a directory, an endless line, a file of the wrong shape.
add_test(NAME cli/limits-summarize-directory
         COMMAND ${EXPECT} 2 "cli: cannot read: it is a directory" ${PL} summarize ${CLI_DIR})
add_test(NAME cli/limits-summarize-endless-line
         COMMAND ${EXPECT} 2 "/dev/zero:1: a line longer than 67108864 bytes" ${PL} summarize /dev/zero)
add_test(NAME cli/limits-summarize-negative-point
         COMMAND ${EXPECT} 2 "runs-negative-point.csv:2: run and point must not be negative"
                 ${PL} summarize ${CLI_DIR}/runs-negative-point.csv)
add_test(NAME cli/limits-summarize-point-going-back
         COMMAND ${EXPECT} 2 "runs-point-going-back.csv:4: point 0 after point 1"
                 ${PL} summarize ${CLI_DIR}/runs-point-going-back.csv)
# A --set value holding a line break: sweep writes it quoted (RFC 4180),
# summarize reads it back.
add_test(NAME cli/limits-sweep-line-break-round-trips
         COMMAND sh -c "\"$1\" sweep \"$2\" --set 'name=a\nb,c' --csv - | \"$1\" summarize - | grep -q 'point 1: name=c'"
                 sh ${PL} ${SC}/connect-exhaustion.yaml)

# grade and import: bounded files, read in blocks.
add_test(NAME cli/limits-grade-endless-file
         COMMAND ${EXPECT} 2 "/dev/zero: larger than the limit of 67108864 bytes \\(64 MiB\\)"
                 ${PL} grade /dev/zero ${CLI_DIR}/exercise-malformed.csv)
add_test(NAME cli/limits-import-endless-file
         COMMAND ${EXPECT} 2 "/dev/zero: larger than the limit of 268435456 bytes \\(256 MiB\\)"
                 ${PL} import /dev/zero)
add_test(NAME cli/limits-grade-directory
         COMMAND ${EXPECT} 2 "cli: cannot read: it is a directory" ${PL} grade ${CLI_DIR} ${CLI_DIR}/exercise-malformed.csv)

# Times: refused at the value, by run and validate alike.
foreach(cmd run validate)
  add_test(NAME cli/limits-${cmd}-sample-points
           COMMAND ${EXPECT} 2 "bad-sample-points.yaml:3:9: sample: over a run of at least 1000000h makes 3600000001 points; the limit is 1000000"
                   ${PL} ${cmd} ${CLI_DIR}/bad-sample-points.yaml)
  add_test(NAME cli/limits-${cmd}-latency
           COMMAND ${EXPECT} 2 "bad-latency.yaml:3:10: latency: at most 60min" ${PL} ${cmd} ${CLI_DIR}/bad-latency.yaml)
  add_test(NAME cli/limits-${cmd}-workload-end
           COMMAND ${EXPECT} 2 "bad-workload-end.yaml:8:5: workload late: its last connection may end at 1000000h.*past 1000000h, the end of simulated time"
                   ${PL} ${cmd} ${CLI_DIR}/bad-workload-end.yaml)
endforeach()
add_test(NAME cli/limits-sample-tiny-interval
         COMMAND ${EXPECT} 2 "connect-exhaustion.yaml:[0-9]+:[0-9]+: sample: over a run of at least .* points; the limit is 1000000"
                 ${PL} run ${SC}/connect-exhaustion.yaml --set sample=1ns)

# A --set longer than its limit.
add_test(NAME cli/limits-set-too-long
         COMMAND sh -c "\"$1\" run \"$2\" --set name=$(head -c 70000 /dev/zero | tr '\\0' x)"
                 sh ${PL} ${SC}/connect-exhaustion.yaml)
set_tests_properties(cli/limits-set-too-long PROPERTIES
                     PASS_REGULAR_EXPRESSION "--set: \"name=x+\\.\\.\\.\": 70005 bytes. a KEY=VALUE is limited to 65536")

# A grid of 10^7 points: planned by arithmetic, a shard runs its own 10
# points (the test's timeout catches a plan that loads every point).
add_test(NAME cli/limits-sweep-ten-million-points-one-shard
         COMMAND ${EXPECT} 0 "10000000 grid points x 1 seed .*shard 500000/1000000: runs 4999990 to 4999999"
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --shard 500000/1000000 --jobs 1 --csv /dev/null
                 --set name=a,b,c,d,e,f,g,h,i,j --set latency=1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms,10ms
                 --set loopback_latency=1us,2us,3us,4us,5us,6us,7us,8us,9us,10us
                 --set steps.1.count=1,2,3,4,5,6,7,8,9,10 --set steps.2.count=1,2,3,4,5,6,7,8,9,10
                 --set steps.1.at=1s,1100ms,1200ms,1300ms,1400ms,1500ms,1600ms,1700ms,1800ms,1900ms --set until=20s,21s,22s,23s,24s,25s,26s,27s,28s,29s)
set_tests_properties(cli/limits-sweep-ten-million-points-one-shard PROPERTIES TIMEOUT 30)
