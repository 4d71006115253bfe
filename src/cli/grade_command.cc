// `portlab grade KEY.csv ANSWERS.csv [--csv FILE]`: scores each student's
// answers against an exercise's key (`portlab exercise`), then lists each
// wrong or missing answer with the expected one and the rule behind it.
// A file that cannot be read, a malformed line, an unknown question or a
// second answer to a question: FILE:LINE on stderr, exit 2, no scores.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "commands.h"
#include "provenance.h"
#include "flags.h"
#include "portlab/analysis/grading.h"
#include "portlab/report/exercise_csv.h"
#include "portlab/report/grade_writer.h"
#include "portlab/report/output_file.h"

namespace portlab::cli {

namespace {

// Largest key or answers file read: a class's answers are kilobytes.
constexpr std::streamsize kMaxGradeFile = 64 << 20;

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path == "-" ? "/dev/stdin" : path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read: ", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read"));
  if (text.tellp() > kMaxGradeFile) return absl::InvalidArgumentError(absl::StrCat(path, ": larger than 64 MiB"));
  return text.str();
}

}  // namespace

CLI::App* AddGradeCommand(CLI::App& app, GradeFlags& flags) {
  CLI::App* grade = app.add_subcommand("grade", "Score students' answers against an exercise's answer key");
  grade->add_option("KEY", flags.key, "The answer key (CSV, from portlab exercise)")->required();
  grade->add_option("ANSWERS", flags.answers, "Students' answers: CSV lines student,question,answer ('-': stdin)")
      ->required();
  grade->add_option("--csv", flags.csv, "Write the scores as CSV (student,score,total,percent), its provenance in FILE.provenance.json "
                    "('-': stdout, no provenance)");
  return grade;
}

int RunGradeCommand(const GradeFlags& flags) {
  if (flags.key == "-" && flags.answers == "-") {
    return Fail(absl::InvalidArgumentError("KEY and ANSWERS cannot both be read from stdin"));
  }
  absl::StatusOr<report::OutputFile> csv = report::OutputFile::OpenIfNamed(flags.csv, &std::cout);
  if (!csv.ok()) return Fail(csv.status());
  absl::StatusOr<std::string> key_text = ReadTextFile(flags.key);
  if (!key_text.ok()) return Fail(key_text.status());
  absl::StatusOr<std::string> answers_text = ReadTextFile(flags.answers);
  if (!answers_text.ok()) return Fail(answers_text.status());
  absl::StatusOr<std::vector<analysis::KeyEntry>> key = report::ReadAnswerKey(*key_text, flags.key);
  if (!key.ok()) return Fail(key.status());
  absl::StatusOr<std::vector<analysis::StudentAnswer>> answers = report::ReadAnswers(*answers_text, flags.answers);
  if (!answers.ok()) return Fail(answers.status());

  const analysis::Grades grades = analysis::Grade(*key, *answers);
  if (!grades.problems.empty()) {
    for (const analysis::GradeProblem& p : grades.problems) {
      std::cerr << flags.answers << ":" << p.line << ": " << p.message << "\n";
    }
    return kExitUsage;
  }
  if (csv->to_dash()) {
    report::WriteScoresCsv(grades, csv->stream());
  } else {
    report::WriteGrades(grades, flags.answers, std::cout);
    if (csv->requested()) report::WriteScoresCsv(grades, csv->stream());
  }
  absl::Status flushed = csv->Flush("the scores");
  if (!flushed.ok()) return Fail(flushed);
  flushed = report::WriteProvenanceSidecar(*csv, ProvenanceOf("", std::nullopt), report::kGradeCsvFormat);
  if (!flushed.ok()) return Fail(flushed);
  return kExitPassed;
}

}  // namespace portlab::cli
