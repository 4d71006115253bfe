// Fuzzes what `portlab grade KEY ANSWERS` reads: the input up to its first
// NUL byte is the answer key, the rest the answers file
// (report/exercise_csv.h). Both read, the answers are graded against the
// key (analysis::Grade) and the grades written as `grade` writes them
// (report/grade_writer.h).
//
// Holds: no crash, leak or undefined behaviour; a refusal is
// InvalidArgument naming the file ("key.csv:", "answers.csv:").
// Seeds: fuzz/corpus/grade_csv (keys `portlab exercise` wrote, answers of
// tests/cli).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "fuzz_check.h"
#include "portlab/analysis/grading.h"
#include "portlab/report/exercise_csv.h"
#include "portlab/report/grade_writer.h"

using namespace portlab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view key_text = input.substr(0, nul);
  const std::string_view answers_text = nul == std::string_view::npos ? "" : input.substr(nul + 1);

  absl::StatusOr<std::vector<analysis::KeyEntry>> key = report::ReadAnswerKey(key_text, "key.csv");
  if (!key.ok()) fuzz::FuzzRequireBadInput(key.status(), "key.csv:");
  absl::StatusOr<std::vector<analysis::StudentAnswer>> answers = report::ReadAnswers(answers_text, "answers.csv");
  if (!answers.ok()) fuzz::FuzzRequireBadInput(answers.status(), "answers.csv:");
  if (!key.ok() || !answers.ok()) return 0;

  const analysis::Grades grades = analysis::Grade(*key, *answers);
  std::ostringstream out;
  report::WriteGrades(grades, "answers.csv", out);
  report::WriteScoresCsv(grades, out);
  return 0;
}
