# What the fuzzers of fuzz/ found (docs/DEVELOPING.md, "Fuzzing"), as the
# program meets it. The import findings are in import.cmake.

# fuzz/sweep_csv_fuzzer.cc, and issue 22: sweep wrote a --set value with a
# line break as RFC 4180 quotes it, and summarize could not read it back.
add_test(NAME cli/summarize-reads-a-value-with-a-line-break
         COMMAND ${EXPECT} 0 "name=a\\|b"
                 bash -c "$0 sweep $1 --set \"$(printf 'name=a\\nb')\" --csv - 2>/dev/null | $0 summarize - | tr '\\n' '|'"
                 ${PL} ${SC}/web-browsing.yaml)
