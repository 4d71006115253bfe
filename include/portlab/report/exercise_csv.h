// Reading the CSV files `portlab grade` takes: an answer key
// (exercise_writer.h writes it) and students' answers.
//
// Answers file (RFC 4180 CSV; one answer per line; blank lines ignored):
//   student,question,answer          <- optional header
//   alice,Q1,61234
//   "Bob Li",q2a,Listener-Wildcard
// A field holding a comma is quoted; a line break inside a field is not
// taken. Each row keeps its line number.
//
// Errors are InvalidArgument naming FILE:LINE, one line per bad row (every
// bad row is reported, not only the first).
#ifndef PORTLAB_REPORT_EXERCISE_CSV_H_
#define PORTLAB_REPORT_EXERCISE_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "portlab/analysis/grading.h"

namespace portlab::report {

// `text` is the key file's content, `file` its name for messages. The
// header must be the one WriteAnswerKeyCsv writes.
absl::StatusOr<std::vector<analysis::KeyEntry>> ReadAnswerKey(std::string_view text, std::string_view file);

absl::StatusOr<std::vector<analysis::StudentAnswer>> ReadAnswers(std::string_view text, std::string_view file);

}  // namespace portlab::report

#endif  // PORTLAB_REPORT_EXERCISE_CSV_H_
