// What `portlab grade` prints: a score table, one row per student, then
// each wrong or missing answer with what was given, what the key expects
// and why (the key's explanation); and the scores as CSV
// (student,score,total,percent) for --csv.
//
// Example output:
//   student  score  of  percent
//   alice        5   5     100%
//   bob          3   5      60%
//
//   bob  Q2b  gave "0.0.0.0:80" (answers.csv:6), expected 203.0.113.10:80
//       The socket bound to 203.0.113.10:80 (rule exact).
#ifndef PORTLAB_REPORT_GRADE_WRITER_H_
#define PORTLAB_REPORT_GRADE_WRITER_H_

#include <ostream>
#include <string_view>

#include "portlab/analysis/grading.h"

namespace portlab::report {

// `answers_file` names the answers' lines in the details.
void WriteGrades(const analysis::Grades& grades, std::string_view answers_file, std::ostream& out);
void WriteScoresCsv(const analysis::Grades& grades, std::ostream& out);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_GRADE_WRITER_H_
