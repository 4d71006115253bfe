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
