# Provenance in every output and the JSON schemas (README.md, "Outputs";
# report/provenance.h; docs/schema/). Included by tests/cmake_tests.cmake.
#
# cli/provenance-in-every-output (cli/provenance.sh): each output of each
# command carries the version, commit, format, scenario SHA-256, seed and
# command. cli/csv-reads-in-pandas: a CSV reads with pandas' defaults
# (skipped without python3-pandas). schema/run/NAME: every shipped
# scenario's `run --json` validates against docs/schema/run.schema.json
# (cli/json_schema_check.py, skipped without python3-jsonschema);
# schema/headroom/NAME a few of `headroom --json`; schema/refusals: the
# schemas refuse bad results.
add_test(NAME cli/provenance-in-every-output COMMAND ${CLI_DIR}/provenance.sh ${PL} ${CMAKE_SOURCE_DIR})
add_test(NAME cli/csv-reads-in-pandas COMMAND python3 ${CLI_DIR}/csv_pandas.py ${PL} ${CMAKE_SOURCE_DIR})
set_tests_properties(cli/csv-reads-in-pandas PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
file(GLOB provenance_scenarios CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/scenarios/*.yaml)
foreach(scenario ${provenance_scenarios})
  get_filename_component(name ${scenario} NAME_WE)
  add_test(NAME schema/run/${name}
           COMMAND python3 ${CLI_DIR}/json_schema_check.py ${PL} ${CMAKE_SOURCE_DIR} run ${name})
  # release-only (left out of CI's ASan pass): under ASan scenario/NAME
  # already holds the run's JSON to its golden byte for byte, and the
  # golden's JSON is what this test validates in the release pass.
  set_tests_properties(schema/run/${name} PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:"
                                                     LABELS release-only)
endforeach()
foreach(name exhaustion-linux nat-aws-destination-limit web-browsing closed-ports)
  add_test(NAME schema/headroom/${name}
           COMMAND python3 ${CLI_DIR}/json_schema_check.py ${PL} ${CMAKE_SOURCE_DIR} headroom ${name})
  set_tests_properties(schema/headroom/${name} PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
endforeach()
add_test(NAME schema/refusals
         COMMAND python3 ${CLI_DIR}/json_schema_check.py ${PL} ${CMAKE_SOURCE_DIR} schemas-refuse)
set_tests_properties(schema/refusals PROPERTIES SKIP_REGULAR_EXPRESSION "PORTLAB_SKIP:")
# --version names the commit the program was built from (cmake/write_version.cmake).
add_test(NAME cli/version-prints-the-commit
         COMMAND ${EXPECT} 0 "^portlab [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit ([0-9a-f]{12}(-dirty)?|unknown)\\)$" ${PL} --version)
