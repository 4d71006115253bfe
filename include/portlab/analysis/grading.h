// Grading students' answers against an exercise's key (`portlab grade`).
// Pure: the key and the answers come in as data (report/exercise_csv.h
// reads them from CSV), a score per student and the reason for each wrong
// answer come out.
//
// Matching (by the key's answer type, analysis/exercise.h):
//   integer  the same whole number ("61234", " 61234 ")
//   name     equal after case folding, with "(service)" notes removed
//            and each run of blanks made one ("Listener-Wildcard",
//            "0.0.0.0:80 (http)")
//   seconds  a number (a trailing "s" allowed) within the key's tolerance
// Question ids and student names match in that form too ("q2a" is Q2a,
// "Alice " is alice); a name is shown as first written.
//
// Example:
//   Grades g = Grade(key, answers);
//   if (!g.problems.empty()) ...  // unknown question, second answer: line numbers
#ifndef PORTLAB_ANALYSIS_GRADING_H_
#define PORTLAB_ANALYSIS_GRADING_H_

#include <string>
#include <string_view>
#include <vector>

#include "portlab/analysis/exercise.h"

namespace portlab::analysis {

// One row of the key.
struct KeyEntry {
  std::string question;      // "Q2a"
  std::string kind;          // QuestionKindName
  AnswerType type = AnswerType::kName;
  std::string answer;
  double tolerance_s = 0;
  std::string explanation;
  int line = 0;              // in the key file
};

// One row of an answers file.
struct StudentAnswer {
  std::string student;
  std::string question;
  std::string answer;
  int line = 0;              // in the answers file
};

// A wrong (or missing) answer and why.
struct WrongAnswer {
  std::string question;
  std::string given;         // "" when the student gave none
  std::string expected;      // the key's answer (with its tolerance)
  std::string why;           // what was off in its form, if anything, then the key's explanation
  int line = 0;              // the answer's line, 0 when missing
};

struct StudentGrade {
  std::string student;       // as first written, trimmed
  int score = 0;
  int total = 0;
  std::vector<WrongAnswer> wrong;  // in key order
};

// A row that cannot be graded: an unknown question id, a second answer.
struct GradeProblem {
  int line = 0;
  std::string message;
};

struct Grades {
  std::vector<StudentGrade> students;  // by name (case folded)
  std::vector<GradeProblem> problems;  // by line
};

Grades Grade(const std::vector<KeyEntry>& key, const std::vector<StudentAnswer>& answers);

// Whether `given` answers `entry`; when not, `*off` says how (e.g. "off by
// 1.2 s, more than 0.5 s"), "" when the form was right but the value not.
bool AnswerMatches(const KeyEntry& entry, std::string_view given, std::string* off);

// Case folded, "(...)" removed, blank runs made one space, trimmed: the
// form names are compared in.
std::string NormalizeName(std::string_view text);

}  // namespace portlab::analysis

#endif  // PORTLAB_ANALYSIS_GRADING_H_
