# `portlab import` as a user runs it (README.md, "Importing a real machine").
set(FIX ${CMAKE_SOURCE_DIR}/tests/import/fixtures)
add_test(NAME cli/import-recorded-machine-validates
         COMMAND ${EXPECT} 0 "^-: ok$"
                 bash -c "$0 import $1/base.ss-tanpo.txt $1/base.ss-uan.txt $1/base.sysctl.txt $1/base.sockstat.txt $1/base.conntrack-L.txt | $0 validate -"
                 ${PL} ${FIX})
add_test(NAME cli/import-continues-until-exhaustion
         COMMAND ${EXPECT} 0 "continue-10.77.0.2-8080 +tcp +1 +1 +[0-9]+ +3[34][0-9] +EADDRNOTAVAIL"
                 bash -c "$0 import $1/a.ss-tan.txt $1/b.ss-tanpo.txt $1/base.sysctl.txt --interval 5s -o - | $0 run -"
                 ${PL} ${FIX})
add_test(NAME cli/import-garbage-exits-2
         COMMAND ${EXPECT} 2 "import-garbage.txt:1: not a format portlab import reads.*--format"
                 ${PL} import ${CLI_DIR}/import-garbage.txt)
add_test(NAME cli/import-reports-unread-line
         COMMAND ${EXPECT} 0 "import-one-bad-line.txt:3:11: \"10.77.0.1:4x000\" is not ADDRESS:PORT"
                 ${PL} import ${CLI_DIR}/import-one-bad-line.txt -o /dev/null)
add_test(NAME cli/import-bad-format-exits-2
         COMMAND ${EXPECT} 2 "--format: \"ss-sctp\" is not a format; one of: ss-tcp, ss-udp"
                 ${PL} import --format ss-sctp ${FIX}/a.ss-tan.txt)
add_test(NAME cli/import-two-snapshots-need-interval
         COMMAND ${EXPECT} 2 "are both ss-tcp: give --interval"
                 ${PL} import ${FIX}/a.ss-tan.txt ${FIX}/b.ss-tan.txt)
add_test(NAME cli/import-failed-write-exits-2
         COMMAND ${EXPECT} 2 "/dev/full: cannot write"
                 ${PL} import ${FIX}/a.ss-tan.txt -o /dev/full)
add_test(NAME cli/import-bad-host-exits-2
         COMMAND ${EXPECT} 2 "--host: \"a b\" must be made of"
                 ${PL} import ${FIX}/a.ss-tan.txt --host "a b")
add_test(NAME cli/import-directory-exits-2
         COMMAND ${EXPECT} 2 "fixtures: cannot read: it is a directory"
                 ${PL} import ${FIX})
add_test(NAME cli/import-reads-stdin
         COMMAND ${EXPECT} 0 "#   stdin \\(ss-tcp\\): 137 sockets"
                 bash -c "$0 import - < $1/base.ss-tan.txt" ${PL} ${FIX})
# Found by fuzz/import_fuzzer.cc: a knob twice in one sysctl file made a
# scenario with the key twice, which did not load (exit 2, "a bug of
# portlab import").
add_test(NAME cli/import-sysctl-knob-twice-keeps-first
         COMMAND ${EXPECT} 0 "import-sysctl-knob-twice.txt:3:1: net.ipv4.tcp_fin_timeout was read already at line 1; a knob is read once"
                 ${PL} import ${CLI_DIR}/import-sysctl-knob-twice.txt)
# Found by fuzz/import_fuzzer.cc: a socket line with port 0 (local or
# remote) was placed, and the scenario made did not load.
add_test(NAME cli/import-port-zero-is-a-line-not-read
         COMMAND ${EXPECT} 0 "import-port-zero.txt:4: port 0 is no socket's port"
                 ${PL} import ${CLI_DIR}/import-port-zero.txt)
# Found by fuzz/import_fuzzer.cc: a TIME-WAIT timer past the host's
# TIME-WAIT, or a FIN-WAIT-2 one past its tcp_fin_timeout, was placed as
# it was, and the scenario made did not load.
add_test(NAME cli/import-timers-too-long-placed-at-the-limit
         COMMAND ${EXPECT} 0 "timer: 60s}.*timer: 60s}"
                 bash -c "$0 import $1 | tr '\\n' ' '" ${PL} ${CLI_DIR}/import-timers-too-long.txt)
# Found by fuzz/import_fuzzer.cc: two sources' rates toward one destination
# made two workloads of one name, and the scenario made did not load.
add_test(NAME cli/import-two-sources-to-one-destination-two-workloads
         COMMAND ${EXPECT} 0 "name: continue-10.77.0.3-10.77.0.2-8080"
                 ${PL} import ${CLI_DIR}/import-two-sources-a.txt ${CLI_DIR}/import-two-sources-b.txt --interval 5s)
# Found by fuzz/import_fuzzer.cc: an IPv6 address ending "::" written
# unquoted in addresses: read as a map, and the scenario made did not load.
add_test(NAME cli/import-v6-address-ending-colons-loads
         COMMAND ${EXPECT} 0 "addresses: \\[\"2001:db8::\"\\]"
                 ${PL} import ${CLI_DIR}/import-v6-address-ending-colons.txt)
# A router's conntrack, imported, against the running kernel: new
# connections avoid the ports the placed entries hold, as the kernel's
# masquerade does (tests/differential/nat_placed_sessions.sh; root, ip,
# nft, conntrack and python3, else skipped).
add_test(NAME differential/nat-placed-sessions-avoid-kernel-ports
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/differential/nat_placed_sessions.sh ${PL}
                 ${CMAKE_CURRENT_BINARY_DIR}/nat-placed-sessions)
set_tests_properties(differential/nat-placed-sessions-avoid-kernel-ports
                     PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
