# `portlab exercise` and `portlab grade` (README "Exercises"): end to end on
# four shipped scenarios (cli/exercise_check.sh: golden sheets and keys for
# seed 1, seed 2 different with the same kinds, every answer checked against
# `portlab run --trace` and `portlab table`, grading a perfect and a flawed
# answers file), and the bad inputs, each exit 2 naming file:line.
foreach(name nat-textbook closed-ports connect-exhaustion scan-five-states)
  add_test(NAME cli/exercise-${name}
           COMMAND ${CLI_DIR}/exercise_check.sh ${PL} ${CMAKE_SOURCE_DIR} ${name})
endforeach()
set(EXERCISE_KEY ${CMAKE_SOURCE_DIR}/tests/golden/exercise/nat-textbook-seed1-key.csv)
add_test(NAME cli/grade-missing-answers-file-exits-2
         COMMAND ${EXPECT} 2 "no-such-answers.csv: cannot read" ${PL} grade ${EXERCISE_KEY} ${CLI_DIR}/no-such-answers.csv)
add_test(NAME cli/grade-missing-key-exits-2
         COMMAND ${EXPECT} 2 "no-such-key.csv: cannot read" ${PL} grade ${CLI_DIR}/no-such-key.csv ${CLI_DIR}/exercise-malformed.csv)
add_test(NAME cli/grade-malformed-line-names-file-line
         COMMAND ${EXPECT} 2 "exercise-malformed.csv:3: expected 3 fields \\(student,question,answer\\), found 2"
                 ${PL} grade ${EXERCISE_KEY} ${CLI_DIR}/exercise-malformed.csv)
add_test(NAME cli/grade-unknown-question-names-file-line
         COMMAND ${EXPECT} 2 "exercise-unknown-question.csv:3: unknown question \"Q42\" \\(the key has Q1, Q2"
                 ${PL} grade ${EXERCISE_KEY} ${CLI_DIR}/exercise-unknown-question.csv)
add_test(NAME cli/grade-answers-as-key-exits-2
         COMMAND ${EXPECT} 2 "exercise-malformed.csv:1: not an answer key"
                 ${PL} grade ${CLI_DIR}/exercise-malformed.csv ${EXERCISE_KEY})
add_test(NAME cli/exercise-missing-scenario-exits-2
         COMMAND ${EXPECT} 2 "no-such.yaml" ${PL} exercise ${CLI_DIR}/no-such.yaml --out ${CMAKE_CURRENT_BINARY_DIR}/exercise-none)
add_test(NAME cli/exercise-out-dash-refused
         COMMAND ${EXPECT} 2 "--out: a directory is needed" ${PL} exercise ${SC}/nat-textbook.yaml --out -)
