# Tests of the `portlab` program as a user runs it: exit statuses
# (docs/ARCHITECTURE.md, "The command line": 0 passed, 1 an expectation failed, 2 bad input) and what it prints.
set(PL $<TARGET_FILE:portlab>)
set(EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect_exit.sh)
set(CLI_DIR ${CMAKE_CURRENT_SOURCE_DIR}/cli)
set(SC ${CMAKE_SOURCE_DIR}/scenarios)

add_test(NAME cli/failing-expectation-exits-1
         COMMAND ${EXPECT} 1 "MISMATCH ok 4, expected 5" ${PL} run ${CLI_DIR}/failing-expectation.yaml)
add_test(NAME cli/bad-value-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-value.yaml:5:[0-9]+: .*70000" ${PL} run ${CLI_DIR}/bad-value.yaml)
add_test(NAME cli/bad-sysctl-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-sysctl.yaml:3:[0-9]+: .*ip_local_port_range" ${PL} run ${CLI_DIR}/bad-sysctl.yaml)
add_test(NAME cli/missing-file-exits-2
         COMMAND ${EXPECT} 2 "no-such.yaml" ${PL} run ${CLI_DIR}/no-such.yaml)
add_test(NAME cli/unknown-flag-exits-2
         COMMAND ${EXPECT} 2 "--frobnicate" ${PL} run --frobnicate ${SC}/web-browsing.yaml)
add_test(NAME cli/validate-shipped-scenarios
         COMMAND ${EXPECT} 0 "web-browsing.yaml: ok" ${PL} validate ${SC}/web-browsing.yaml ${SC}/connect-exhaustion.yaml)
add_test(NAME cli/validate-reports-bad-file
         COMMAND ${EXPECT} 2 "bad-value.yaml:5:" ${PL} validate ${SC}/web-browsing.yaml ${CLI_DIR}/bad-value.yaml)
add_test(NAME cli/trace-shows-mux-and-demux
         COMMAND ${EXPECT} 0 "demux +SYN .*listener-wildcard" ${PL} run --trace ${SC}/web-browsing.yaml)
add_test(NAME cli/json-to-stdout
         COMMAND ${EXPECT} 0 "\"EADDRNOTAVAIL\": 36" ${PL} run --json - ${SC}/connect-exhaustion.yaml)
add_test(NAME cli/table-shows-time-wait
         COMMAND ${EXPECT} 0 "TIME-WAIT +192.168.1.100:[0-9]+ +203.0.113.10:443 \\(https\\) +- +(registered|dynamic) +timewait,59.488s"
                 ${PL} table ${SC}/web-browsing.yaml --at 4s --host laptop)
add_test(NAME cli/table-netstat-format
         COMMAND ${EXPECT} 0 "tcp +- +- 0.0.0.0:443 +0.0.0.0:\\* +LISTEN +well-known -$"
                 ${PL} table ${SC}/web-browsing.yaml --at 4s --format netstat --host web)
# One state selected: no State column, as ss prints it.
add_test(NAME cli/table-ss-filter-keeps-matching-rows
         COMMAND ${EXPECT} 0 "laptop  192.168.1.100 +\\(no socket matches the filter\\) +web  203.0.113.10 +Netid +Local[^(]*tcp +0.0.0.0:443 \\(https\\) +0.0.0.0:\\* +- +well-known *$"
                 bash -c "$0 table $1 --at 4s state listening '( sport = :443 or sport = :80 )' | tr '\\n' ' '"
                 ${PL} ${SC}/web-browsing.yaml)
add_test(NAME cli/table-bad-filter-exits-2
         COMMAND ${EXPECT} 2 "filter: \"listen\": not a state" ${PL} table ${SC}/web-browsing.yaml --at 4s state listen)
add_test(NAME cli/table-bad-format-exits-2
         COMMAND ${EXPECT} 2 "--format: \"lsof\" is not a table format" ${PL} table ${SC}/web-browsing.yaml --at 4s --format lsof)
add_test(NAME cli/trace-shows-failed-bind-address
         COMMAND ${EXPECT} 0 "bind +tcp 0.0.0.0:8080 +EADDRINUSE  sock 1"
                 ${PL} run --trace ${SC}/address-in-use.yaml)
add_test(NAME cli/list-names-linux
         COMMAND ${EXPECT} 0 "linux" ${PL} list)
add_test(NAME cli/nat-probe-classifies-masquerade
         COMMAND ${EXPECT} 0 "RFC 3489 name +port-restricted cone" ${PL} nat-probe --profile linux-masquerade)
add_test(NAME cli/nat-probe-knob-changes-result
         COMMAND ${EXPECT} 0 "RFC 3489 name +symmetric" ${PL} nat-probe --profile full-cone --knob mapping=address-dependent)
add_test(NAME cli/nat-probe-unknown-profile-exits-2
         COMMAND ${EXPECT} 2 "no NAT profile" ${PL} nat-probe --profile carrier-pigeon)
add_test(NAME cli/list-names-nat-profiles
         COMMAND ${EXPECT} 0 "aws-nat-gateway +AWS NAT gateway: 55,000" ${PL} list)
add_test(NAME cli/nat-trace-shows-translation
         COMMAND ${EXPECT} 0 "home +nat +SYN +192.168.1.101:52341 -> 93.184.216.34:80 \\(http\\) +=> +203.0.113.1:61235 -> 93.184.216.34:80"
                 ${PL} run --trace ${SC}/nat-textbook.yaml)
add_test(NAME cli/nat-table-shows-mappings
         COMMAND ${EXPECT} 0 "tcp +192.168.1.100:52341 +203.0.113.1:61234 +93.184.216.34:80 +ESTABLISHED +7439.002s"
                 ${PL} table ${SC}/nat-textbook.yaml --at 2s --host home)
add_test(NAME cli/nat-json-has-nat-key
         COMMAND ${EXPECT} 0 "\"max_subscriber_ports\": 1," ${PL} run --json - ${SC}/nat-textbook.yaml)
add_test(NAME cli/bad-nat-knob-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-nat-knob.yaml:5:[0-9]+: unknown NAT knob \"port_presrvation\"" ${PL} run ${CLI_DIR}/bad-nat-knob.yaml)
add_test(NAME cli/bad-nat-probe-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-nat-probe.yaml:7:34: nat: \"office\" is not defined under nats:" ${PL} run ${CLI_DIR}/bad-nat-probe.yaml)
add_test(NAME cli/bad-nat-figure-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-nat-figure.yaml:7:[0-9]+: .*mapings.* is not a NAT figure" ${PL} run ${CLI_DIR}/bad-nat-figure.yaml)
add_test(NAME cli/outputs-reach-stdout-or-fail
         COMMAND bash ${CLI_DIR}/stdout_outputs.sh ${PL} ${SC}/nat-textbook.yaml)
set(args_table --at 1s)
foreach(cmd run validate table)
  add_test(NAME cli/bad-nat-duplicate-outside-${cmd}
           COMMAND ${EXPECT} 2 "bad-nat-duplicate-outside.yaml:10:[0-9]+: outside: 203.0.113.1 is listed twice"
                   ${PL} ${cmd} ${CLI_DIR}/bad-nat-duplicate-outside.yaml ${args_${cmd}})
endforeach()
# Google Cloud NAT's arithmetic holds whichever NAT IP each VM tries first:
# the scenario's expectations for more seeds than its own.
foreach(seed 2 3 4 5 6 7)
  add_test(NAME cli/nat-cloud-gcp-port-reservation-seed-${seed}
           COMMAND ${EXPECT} 0 "all 7 expectations held"
                   ${PL} run --seed ${seed} ${SC}/nat-cloud-gcp-port-reservation.yaml)
endforeach()
foreach(cmd run validate)
  add_test(NAME cli/bad-nat-aws-addresses-${cmd}
           COMMAND ${EXPECT} 2 "bad-nat-aws-addresses.yaml:9:[0-9]+: .*aws-nat-gateway takes at most 8 outside addresses"
                   ${PL} ${cmd} ${CLI_DIR}/bad-nat-aws-addresses.yaml)
endforeach()
add_test(NAME cli/bad-nat-prefix-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-nat-prefix.yaml:5:[0-9]+: inside: .* is not an IPv4 prefix" ${PL} run ${CLI_DIR}/bad-nat-prefix.yaml)
add_test(NAME cli/strategies-prints-four-axes
         COMMAND ${EXPECT} 0 "Linkability: .*" ${PL} strategies --strategy sequential --seeds 1 --range "40000 40999")
add_test(NAME cli/strategies-unknown-exits-2
         COMMAND ${EXPECT} 2 "no-such" ${PL} strategies --strategy no-such)
add_test(NAME cli/huge-request-refused
         COMMAND ${EXPECT} 2 "huge-request.yaml:8:[0-9]+: .*refuses more than 20000000"
                 ${PL} run ${CLI_DIR}/huge-request.yaml)
add_test(NAME cli/sweep-shards-through-gnu-parallel-equal-one-run
         COMMAND ${CLI_DIR}/sweep_shards.sh ${PL} ${SC}/connect-exhaustion.yaml)
# Workloads: non-integer figures (ok_rate) and runs with and without a
# first failure; `summarize` of the shards = the unsharded --summary.
add_test(NAME cli/sweep-shards-with-workloads-summarize-exactly
         COMMAND ${CLI_DIR}/sweep_shards.sh ${PL} ${CLI_DIR}/sweep-workload.yaml
                 --set workloads.0.rate=0.9,1.1,1.3)
add_test(NAME cli/sweep-summary-over-seeds
         COMMAND ${EXPECT} 0 "step1.ok +3 +50 +50 +50 +\\[50, 50\\]"
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --set steps.1.count=10,50 --seeds 3 --csv /dev/null)
add_test(NAME cli/sweep-path-that-does-not-exist-exits-2
         COMMAND ${EXPECT} 2 "connect-exhaustion.yaml:8:3: --set hosts.clinet.sysctl.tcp_tw_reuse: hosts has no key \"clinet\""
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --set hosts.clinet.sysctl.tcp_tw_reuse=0,1 --csv /dev/null)
add_test(NAME cli/sweep-value-of-wrong-type-exits-2
         COMMAND ${EXPECT} 2 "connect-exhaustion.yaml:12:81: count: expected an integer.*\\[with --set steps.1.count=lots\\]"
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --set steps.1.count=10,lots --csv /dev/null)
add_test(NAME cli/sweep-bad-knob-value-exits-2
         COMMAND ${EXPECT} 2 "connect-exhaustion.yaml:[0-9]+:[0-9]+: .*tcp_tw_reuse.*\\[with --set hosts.client.sysctl.tcp_tw_reuse=7\\]"
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --set hosts.client.sysctl.tcp_tw_reuse=0,7 --csv /dev/null)
add_test(NAME cli/sweep-seed-is-not-a-key
         COMMAND ${EXPECT} 2 "--seeds" ${PL} sweep ${SC}/connect-exhaustion.yaml --set seed=1,2 --csv /dev/null)
add_test(NAME cli/sweep-bad-shard-exits-2
         COMMAND ${EXPECT} 2 "--shard \"5/4\"" ${PL} sweep ${SC}/connect-exhaustion.yaml --shard 5/4 --csv /dev/null)
add_test(NAME cli/sweep-progress-bar-on-a-terminal-only
         COMMAND ${CLI_DIR}/progress_on_terminal.sh "sweep \\[#+\\.*\\] [0-9]+/6 runs"
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --set steps.1.count=10,50 --seeds 3 --csv /dev/null)
add_test(NAME cli/run-progress-on-a-terminal-only
         COMMAND ${CLI_DIR}/progress_on_terminal.sh "simulated [0-9.]+ s  [0-9]+ events  [0-9.]+ M events/s"
                 ${PL} run ${CLI_DIR}/long-run.yaml)
# --progress plain: lines for a batch log, with no \r or escape, whatever
# stderr is; none: nothing even on a terminal; TERM=dumb: auto draws no bar.
add_test(NAME cli/sweep-progress-plain-for-batch-logs
         COMMAND ${CLI_DIR}/progress_plain.sh "^sweep: 6/6 runs in [0-9.]+ s$"
                 ${PL} sweep ${SC}/connect-exhaustion.yaml --set steps.1.count=10,50 --seeds 3 --csv /dev/null
                 --progress plain)
add_test(NAME cli/run-progress-plain-for-batch-logs
         COMMAND ${CLI_DIR}/progress_plain.sh "^run: finished in [0-9.]+ s$"
                 ${PL} run ${CLI_DIR}/long-run.yaml --progress plain)
add_test(NAME cli/progress-none-on-a-terminal
         COMMAND sh -c "out=$(script -qec \"$0 run $1 --progress none\" /dev/null 2>&1) && ! printf '%s' \"$out\" | grep -q 'events/s'"
                 ${PL} ${CLI_DIR}/long-run.yaml)
add_test(NAME cli/progress-auto-no-bar-for-a-dumb-terminal
         COMMAND sh -c "out=$(TERM=dumb script -qec \"$0 run $1\" /dev/null 2>&1) && ! printf '%s' \"$out\" | grep -q 'events/s'"
                 ${PL} ${CLI_DIR}/long-run.yaml)
add_test(NAME cli/progress-bad-mode-exits-2
         COMMAND ${EXPECT} 2 "--progress: loud not in \{auto,bar,plain,none\}" ${PL} run ${SC}/web-browsing.yaml --progress loud)
add_test(NAME cli/over-memory-limit-refused
         COMMAND ${EXPECT} 2 "over-memory-limit.yaml:10:[0-9]+: the steps up to here ask for an estimated 8.9 GiB .* the limit is 8 GiB \\(--memory-limit raises it\\)"
                 ${PL} run ${CLI_DIR}/over-memory-limit.yaml)
add_test(NAME cli/too-many-hosts-refused
         COMMAND ${EXPECT} 2 "too-many-hosts.yaml:[0-9]+:[0-9]+: the hosts up to here take an estimated 8[.0-9]* GiB \\(40 KiB per host.* the limit is 8 GiB"
                 ${PL} run ${CLI_DIR}/too-many-hosts.yaml)
add_test(NAME cli/memory-limit-flag-lowers-the-limit
         COMMAND ${EXPECT} 2 "long-run.yaml:9:[0-9]+: .*estimated 10.1 MiB .*the limit is 1 MiB"
                 ${PL} run --memory-limit 1MiB ${CLI_DIR}/long-run.yaml)
add_test(NAME cli/memory-limit-bad-size-exits-2
         COMMAND ${EXPECT} 2 "--memory-limit: \"lots\"" ${PL} run --memory-limit lots ${SC}/web-browsing.yaml)
add_test(NAME cli/run-reports-peak-rss
         COMMAND ${EXPECT} 0 "memory: the scenario's estimated state [0-9.]+ [KMG]?i?B; peak RSS [0-9.]+ MiB \\(this process\\)"
                 ${PL} run --peak-rss ${SC}/connect-exhaustion.yaml)
add_test(NAME cli/json-reports-peak-rss
         COMMAND ${EXPECT} 0 "\"peak_rss_bytes\": [0-9]+" ${PL} run --peak-rss --json - ${SC}/connect-exhaustion.yaml)
# A run past 2 GiB of estimated state restarts on huge pages, with the
# same output (src/cli/huge_pages.h). release-only: a sanitizer's allocator
# ignores the tunable, and no restart is made.
add_test(NAME cli/big-run-restarts-on-huge-pages COMMAND ${CLI_DIR}/huge_pages.sh ${PL} ${CLI_DIR})
set_tests_properties(cli/big-run-restarts-on-huge-pages PROPERTIES LABELS release-only)
add_test(NAME cli/run-output-is-byte-identical
         COMMAND ${CLI_DIR}/byte_identical.sh ${PL} ${SC}/connect-exhaustion.yaml)
add_test(NAME cli/sweep-memory-limit-shared-by-jobs
         COMMAND ${EXPECT} 2 "the limit is 10 MiB.*shared by 2 runs at once"
                 ${PL} sweep ${CLI_DIR}/long-run.yaml --seeds 2 --jobs 2 --memory-limit 20MiB --csv /dev/null)

# Each area's CLI tests may also live in tests/cli/<area>.cmake (same
# variables), so that parallel work does not edit one file.
file(GLOB PORTLAB_CLI_TEST_FILES CONFIGURE_DEPENDS ${CLI_DIR}/*.cmake)
foreach(f ${PORTLAB_CLI_TEST_FILES})
  include(${f})
endforeach()
add_test(NAME cli/summarize-refuses-shards-out-of-order
         COMMAND ${EXPECT} 2 "runs-out-of-order.csv:4: run 0 after run 3: rows must be in run order"
                 ${PL} summarize ${CLI_DIR}/runs-out-of-order.csv)

# --set on run, table and validate (the sweep's path syntax), over a file
# that uses merge keys, defaults: and x- keys.
add_test(NAME cli/reuse-keys-run
         COMMAND ${EXPECT} 0 "40000\\.\\.40009 \\(10 distinct\\)" ${PL} run ${CLI_DIR}/reuse-keys.yaml)
add_test(NAME cli/run-set-changes-the-anchor
         COMMAND ${EXPECT} 1 "MISMATCH ok 12, expected 10"
                 ${PL} run ${CLI_DIR}/reuse-keys.yaml --set "x-small-range.sysctl.ip_local_port_range=40000 40019")
add_test(NAME cli/table-set-changes-a-step
         COMMAND ${EXPECT} 0 "^3 client ESTAB$"
                 bash -c "$0 table $1 --at 2s --host client --set steps.1.count=3 | grep -c ESTAB | sed 's/$/ client ESTAB/'"
                 ${PL} ${CLI_DIR}/reuse-keys.yaml)
add_test(NAME cli/validate-set-bad-path-exits-2
         COMMAND ${EXPECT} 2 "reuse-keys.yaml:[0-9]+:[0-9]+: --set hosts.nosuch.os: hosts has no key \"nosuch\""
                 ${PL} validate ${CLI_DIR}/reuse-keys.yaml --set hosts.nosuch.os=linux)
add_test(NAME cli/validate-set-malformed-exits-2
         COMMAND ${EXPECT} 2 "^--set: \"steps\": expected KEY=VALUE"
                 ${PL} validate ${CLI_DIR}/reuse-keys.yaml ${SC}/web-browsing.yaml --set steps)
add_test(NAME cli/unknown-key-suggests-the-nearest
         COMMAND ${EXPECT} 2 "unknown key \"adress\" \\(did you mean \"address\"\\?\\)"
                 bash -c "printf 'name: x\\nhosts:\\n  a: {adress: 10.0.0.1}\\n' | $0 validate -" ${PL})
add_test(NAME cli/unknown-command-named-with-the-nearest
         COMMAND ${EXPECT} 2 "^unknown command \"rn\" \\(did you mean \"run\"\\?\\); commands: run, validate, table, list"
                 ${PL} rn scenarios/web-browsing.yaml)
add_test(NAME cli/unknown-os-suggests-the-nearest
         COMMAND ${EXPECT} 2 "unknown os \"freebds\" \\(did you mean \"freebsd\"\\?\\); profiles: "
                 ${PL} validate ${CLI_DIR}/reuse-keys.yaml --set hosts.server.os=freebds)
# validate refuses what run would refuse before running: the model's checks
# (a knob its OS does not have) and the memory estimate.
add_test(NAME cli/validate-checks-knobs-as-run-does
         COMMAND ${EXPECT} 2 "bad-sysctl.yaml:3:[0-9]+: .*ip_local_port_range" ${PL} validate ${CLI_DIR}/bad-sysctl.yaml)
add_test(NAME cli/validate-checks-the-memory-estimate
         COMMAND ${EXPECT} 2 "over-memory-limit.yaml:10:[0-9]+: the steps up to here ask for an estimated 8.9 GiB" ${PL} validate ${CLI_DIR}/over-memory-limit.yaml)
# The table of it: each file run refuses, validate refuses with the same
# message (tests/cli/refused/ holds the model's refusals and those an
# analysis: made only after running; the rest are the files above).
file(GLOB refused_files ${CLI_DIR}/refused/*.yaml)
add_test(NAME cli/validate-refuses-what-run-refuses
         COMMAND ${CLI_DIR}/validate_refuses_as_run.sh ${PL} ${refused_files}
                 ${CLI_DIR}/bad-sysctl.yaml ${CLI_DIR}/over-memory-limit.yaml ${CLI_DIR}/bad-nat-knob.yaml
                 ${CLI_DIR}/bad-nat-aws-addresses.yaml ${CLI_DIR}/bad-analysis.yaml ${CLI_DIR}/huge-request.yaml
                 ${CLI_DIR}/too-many-hosts.yaml ${CLI_DIR}/huge-poison.yaml ${CLI_DIR}/bad-workload.yaml
                 ${CLI_DIR}/bad-nat-duplicate-outside.yaml ${CLI_DIR}/many-mistakes.yaml)
# All the errors of a file at once (scenario/internal/diagnostics.h), from
# every command that loads a scenario: validate, run, table, headroom, sweep.
add_test(NAME cli/every-error-of-a-file-at-once
         COMMAND ${CLI_DIR}/all_errors.sh ${PL})
add_test(NAME cli/errors-capped-at-20-then-counted
         COMMAND ${EXPECT} 2 "^x.yaml: and 5 more errors \\(only the first 20 are shown\\)$"
                 bash -c "cd $1 && { printf 'name: x\\nhosts: {a: {address: 10.0.0.1}}\\nsteps:\\n'; for i in $(seq 25); do printf '  - {host: a, op: bind, proto: tcp, port: -1}\\n'; done; } > x.yaml && $0 validate x.yaml" ${PL} ${CMAKE_CURRENT_BINARY_DIR})
# The report's step-through carries each segment's packet card, citing the
# run's event numbers, also when a big run is drawn in part.
foreach(name nat-textbook closed-ports firewall-drop-vs-reject exhaustion-linux)
  add_test(NAME cli/report-cards-${name}
           COMMAND bash -c "$0 run $1 --report $2 >/dev/null && python3 ${CLI_DIR}/report_cards.py $2 5"
                   ${PL} ${SC}/${name}.yaml ${CMAKE_CURRENT_BINARY_DIR}/cards-${name}.html)
endforeach()
# --report-filter: the report and the Mermaid diagram draw only matching
# events (here alice's), and say how many they left out for it.
add_test(NAME cli/report-filter-draws-only-matching-events
         COMMAND bash -c "out=$($0 run $1 --mermaid - --report-filter 'host=alice') && grep -q 'alice' <<<\"$out\" && ! grep -q 'participant.*\"bob\"' <<<\"$out\" && grep -q 'not matching --report-filter' <<<\"$out\""
                 ${PL} ${SC}/nat-textbook.yaml)
add_test(NAME cli/report-filter-without-report-exits-2
         COMMAND ${EXPECT} 2 "^--report-filter: says what --report and --mermaid draw; neither is given"
                 ${PL} run ${SC}/nat-textbook.yaml --report-filter host=alice)
add_test(NAME cli/report-filter-bad-term-exits-2
         COMMAND ${EXPECT} 2 "^--report-filter: 'prot=tcp': unknown key"
                 ${PL} run ${SC}/nat-textbook.yaml --report - --report-filter prot=tcp)
add_test(NAME cli/unknown-knob-suggests-the-nearest
         COMMAND ${EXPECT} 2 "unknown sysctl \"tcp_tw_reus\" \\(did you mean \"tcp_tw_reuse\"\\?\\); this profile knows: "
                 ${PL} validate ${CLI_DIR}/reuse-keys.yaml --set defaults.sysctl.tcp_tw_reus=1)
add_test(NAME cli/unknown-host-suggests-the-nearest
         COMMAND ${EXPECT} 2 "reuse-keys.yaml:15:20: host: \"servr\" \\(did you mean \"server\"\\?\\) is not defined under hosts:"
                 ${PL} validate ${CLI_DIR}/reuse-keys.yaml --set steps.0.host=servr)
add_test(NAME cli/unknown-op-suggests-the-nearest
         COMMAND ${EXPECT} 2 "op: expected one of .*, found \"lisen\" \\(did you mean \"listen\"\\?\\)"
                 ${PL} validate ${CLI_DIR}/reuse-keys.yaml --set steps.0.op=lisen)
include(${CMAKE_CURRENT_SOURCE_DIR}/install/install.cmake)
# Numbers read strictly (base/decimal.h), on the command line and in a
# scenario: no wrap, no saturation, no hex, no octal, no inf.
add_test(NAME cli/seed-minus-one-refused
         COMMAND ${EXPECT} 2 "--seed: \"-1\" is not a whole number from 0 to 18446744073709551615"
                 ${PL} run ${SC}/web-browsing.yaml --seed -1)
add_test(NAME cli/seed-two-to-the-64-refused
         COMMAND ${EXPECT} 2 "--seed: \"18446744073709551616\" is not a whole number"
                 ${PL} run ${SC}/web-browsing.yaml --seed 18446744073709551616)
add_test(NAME cli/seed-with-leading-zero-is-decimal
         COMMAND ${EXPECT} 0 "^seed      10$" ${PL} run ${SC}/web-browsing.yaml --seed 010)
add_test(NAME cli/rate-tiny-refused
         COMMAND ${EXPECT} 2 "reuse: rate must be from 0.001 to 1e9" ${PL} strategies --rate 1e-300 --axis reuse)
add_test(NAME cli/rate-inf-refused
         COMMAND ${EXPECT} 2 "--rate: \"inf\" is not a finite decimal number" ${PL} strategies --rate inf)
add_test(NAME cli/scenario-hex-rate-refused
         COMMAND ${EXPECT} 2 "exhaustion-linux.yaml:[0-9]+:[0-9]+: rate: expected connections per second.*found \"0x10\""
                 ${PL} validate ${SC}/exhaustion-linux.yaml --set workloads.0.rate=0x10)
# YAML mistakes in plain words, at the line and column of the cause.
add_test(NAME cli/tab-in-indentation-named
         COMMAND ${EXPECT} 2 "bad-tab-indent.yaml:4:1: invalid YAML: a tab in the indentation: YAML indents with spaces only"
                 ${PL} validate ${CLI_DIR}/bad-tab-indent.yaml)
add_test(NAME cli/mis-indented-key-named
         COMMAND ${EXPECT} 2 "bad-indent.yaml:5:4: invalid YAML: this key is indented 3 spaces where line 4 has 2: the keys of one map start in the same column"
                 ${PL} validate ${CLI_DIR}/bad-indent.yaml)
add_test(NAME cli/colon-without-space-named
         COMMAND ${EXPECT} 2 "bad-colon.yaml:4:3: hosts: key \"client:\{address\" has a ':' with no space after it"
                 ${PL} validate ${CLI_DIR}/bad-colon.yaml)
add_test(NAME cli/negative-duration-says-negative
         COMMAND ${EXPECT} 2 "web-browsing.yaml:[0-9]+:[0-9]+: at: \"-1s\" is negative: a duration is 0 or more"
                 ${PL} validate ${SC}/web-browsing.yaml --set steps.0.at=-1s)

# portlab headroom (issue 21, item 2; README "Headroom").
add_test(NAME cli/headroom-names-the-binding-nat-and-checks-fixes
         COMMAND ${EXPECT} 0 "larger port blocks +x1.28 +never +0 +0 +never +yes"
                 ${PL} headroom ${SC}/nat-cloud-port-allocation.yaml)
add_test(NAME cli/headroom-json-to-stdout
         COMMAND ${EXPECT} 0 "\"kind\": \"more NAT addresses\""
                 ${PL} headroom --json - ${SC}/nat-aws-destination-limit.yaml)
add_test(NAME cli/headroom-bad-at-exits-2
         COMMAND ${EXPECT} 2 "--at: " ${PL} headroom ${SC}/exhaustion-linux.yaml --at soon)
add_test(NAME cli/headroom-unwritable-json-exits-2
         COMMAND ${EXPECT} 2 "/no/such/dir/h.json" ${PL} headroom ${SC}/exhaustion-linux.yaml --json /no/such/dir/h.json)
add_test(NAME cli/headroom-bad-scenario-names-file-line-column
         COMMAND ${EXPECT} 2 "bad-value.yaml:5:" ${PL} headroom ${CLI_DIR}/bad-value.yaml)
# Sends longer than one IP datagram holds (stack/payload_limits.h): UDP
# fails EMSGSIZE (the file's expect:), a TCP send's one segment carries
# 65,495 bytes, so tshark finds its capture whole (no "previous segment not
# captured"; skipped where tshark is missing).
add_test(NAME cli/big-sends-emsgsize-and-one-segment
         COMMAND ${EXPECT} 0 "EMSGSIZE" ${PL} run ${CLI_DIR}/big-sends.yaml)
add_test(NAME pcap/big-sends
         COMMAND ${CLI_DIR}/tshark_capture.sh ${PL} ${CMAKE_SOURCE_DIR} tests/cli/big-sends.yaml)
set_tests_properties(pcap/big-sends PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
