// Grading (analysis/grading.h) and reading its CSV files
// (report/exercise_csv.h): how answers match, what a student scores, and
// every bad row named by its line.
#include "portlab/analysis/grading.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "portlab/report/exercise_csv.h"

namespace portlab::analysis {
namespace {

KeyEntry GradeKey(const char* q, AnswerType type, const char* answer, double tolerance = 0) {
  KeyEntry e;
  e.question = q;
  e.type = type;
  e.answer = answer;
  e.tolerance_s = tolerance;
  e.explanation = "because";
  return e;
}

TEST_CASE("answers match by their type's canonical form", "[analysis][grading]") {
  struct Case {
    KeyEntry key;
    const char* given;
    bool right;
    const char* off;
  } cases[] = {
      {GradeKey("Q1", AnswerType::kInteger, "61234"), " 61234 ", true, ""},
      {GradeKey("Q1", AnswerType::kInteger, "61234"), "61235", false, ""},
      {GradeKey("Q1", AnswerType::kInteger, "61234"), "61234.0", false, "not a whole number"},
      {GradeKey("Q1", AnswerType::kInteger, "61234"), "", false, "not a whole number"},
      {GradeKey("Q2", AnswerType::kName, "listener-wildcard"), " Listener-Wildcard", true, ""},
      {GradeKey("Q2", AnswerType::kName, "0.0.0.0:80"), "0.0.0.0:80 (http)", true, ""},
      {GradeKey("Q2", AnswerType::kName, "10.0.0.1:40000 10.0.0.2:80"), "10.0.0.1:40000   10.0.0.2:80 (http)",
       true, ""},
      {GradeKey("Q2", AnswerType::kName, "10.0.0.1:40000 10.0.0.2:80"), "10.0.0.1:40000", false, ""},
      {GradeKey("Q2", AnswerType::kName, "ECONNREFUSED"), "econnrefused", true, ""},
      {GradeKey("Q2", AnswerType::kName, "exact"), "listener", false, ""},
      {GradeKey("Q3", AnswerType::kSeconds, "137.216", 2.8), "135", true, ""},
      {GradeKey("Q3", AnswerType::kSeconds, "137.216", 2.8), "134.416s", true, ""},
      {GradeKey("Q3", AnswerType::kSeconds, "137.216", 2.8), "134", false, "off by 3.216 s, more than 2.8 s"},
      {GradeKey("Q3", AnswerType::kSeconds, "0.002", 0.0005), "2ms", false, "not a number of seconds"},
      {GradeKey("Q3", AnswerType::kSeconds, "0.002", 0.0005), "nan", false, "not a number of seconds"},
  };
  for (const Case& c : cases) {
    INFO(c.key.answer << " given \"" << c.given << "\"");
    std::string off;
    CHECK(AnswerMatches(c.key, c.given, &off) == c.right);
    CHECK(off == c.off);
  }
}

TEST_CASE("each student is scored, wrong and missing answers say why", "[analysis][grading]") {
  const std::vector<KeyEntry> key = {GradeKey("Q1", AnswerType::kInteger, "61234"),
                                     GradeKey("Q2a", AnswerType::kName, "exact")};
  const std::vector<StudentAnswer> answers = {
      {"Bob", "q1", "61234", 1}, {"alice ", "Q1", "61234", 2}, {"Alice", "Q2A", "EXACT", 3}, {"bob", "Q2a", "none", 4}};
  const Grades g = Grade(key, answers);
  CHECK(g.problems.empty());
  REQUIRE(g.students.size() == 2);
  CHECK(g.students[0].student == "alice");  // as first written, trimmed
  CHECK(g.students[0].score == 2);
  CHECK(g.students[0].wrong.empty());
  CHECK(g.students[1].student == "Bob");
  CHECK(g.students[1].score == 1);
  REQUIRE(g.students[1].wrong.size() == 1);
  CHECK(g.students[1].wrong[0].question == "Q2a");
  CHECK(g.students[1].wrong[0].given == "none");
  CHECK(g.students[1].wrong[0].expected == "exact");
  CHECK(g.students[1].wrong[0].why == "because");
  CHECK(g.students[1].wrong[0].line == 4);

  const Grades missing = Grade(key, {{"carol", "Q1", "1", 1}});
  REQUIRE(missing.students.size() == 1);
  REQUIRE(missing.students[0].wrong.size() == 2);
  CHECK(missing.students[0].wrong[1].why == "because");
  CHECK(missing.students[0].wrong[1].given.empty());
  CHECK(missing.students[0].wrong[1].line == 0);
}

TEST_CASE("an unknown question and a second answer are problems with their lines", "[analysis][grading]") {
  const std::vector<KeyEntry> key = {GradeKey("Q1", AnswerType::kInteger, "1")};
  const Grades g = Grade(key, {{"a", "Q1", "1", 2}, {"a", "Q9", "1", 3}, {"A", "q1", "2", 5}});
  REQUIRE(g.problems.size() == 2);
  CHECK(g.problems[0].line == 3);
  CHECK(g.problems[0].message == "unknown question \"Q9\" (the key has Q1)");
  CHECK(g.problems[1].line == 5);
  CHECK(g.problems[1].message == "a second answer from a to Q1 (the first is on line 2)");
}

TEST_CASE("an answers file: header optional, every bad line named", "[report][grading]") {
  auto ok = report::ReadAnswers("Student, Question, Answer\r\nalice,Q1,5\n\n\"Li, Bo\",Q2a,exact\n", "a.csv");
  REQUIRE(ok.ok());
  REQUIRE(ok->size() == 2);
  CHECK((*ok)[1].student == "Li, Bo");
  CHECK((*ok)[1].line == 4);
  CHECK(report::ReadAnswers("alice,Q1,5\n", "a.csv")->size() == 1);

  auto bad = report::ReadAnswers("alice,Q1\nbob,Q1,5\n,Q2,1\n\"x,Q1,2\n", "a.csv");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()) ==
        "a.csv:1: expected 3 fields (student,question,answer), found 2\n"
        "a.csv:3: no student name\n"
        "a.csv:4: a quoted field is not closed");
}

TEST_CASE("an answer key is read back, a bad one named by file and line", "[report][grading]") {
  const char* header = "question,kind,type,answer,tolerance,prompt,explanation\n";
  auto key = report::ReadAnswerKey(std::string(header) + "Q1,failure,seconds,1.5,0.03,When?,\"at 1.5 s, after\"\n",
                                   "k.csv");
  REQUIRE(key.ok());
  REQUIRE(key->size() == 1);
  CHECK((*key)[0].type == AnswerType::kSeconds);
  CHECK((*key)[0].tolerance_s == Approx(0.03));
  CHECK((*key)[0].explanation == "at 1.5 s, after");

  CHECK(std::string(report::ReadAnswerKey("student,question,answer\n", "k.csv").status().message()) ==
        "k.csv:1: not an answer key: the first line must be \"question,kind,type,answer,tolerance,prompt,"
        "explanation\"");
  CHECK(std::string(report::ReadAnswerKey(std::string(header) + "Q1,x,word,a,,p,e\n", "k.csv").status().message()) ==
        "k.csv:2: type \"word\" is not integer, name or seconds");
  CHECK(std::string(report::ReadAnswerKey(header, "k.csv").status().message()) == "k.csv: the key has no questions");
}

}  // namespace
}  // namespace portlab::analysis
