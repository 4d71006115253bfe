#include "portlab/report/exercise_csv.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "portlab/base/csv_line.h"
#include "portlab/base/strings.h"

namespace portlab::report {

namespace {

std::string_view Strip(std::string_view text) { return SV(absl::StripAsciiWhitespace(AV(text))); }

constexpr std::string_view kKeyHeader = "question,kind,type,answer,tolerance,prompt,explanation";

// The file's lines without their "\r\n" or "\n", numbered from 1.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (absl::string_view l : absl::StrSplit(AV(text), '\n')) lines.push_back(SV(l));
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (std::string_view& l : lines) {
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  }
  return lines;
}

bool IsBlank(std::string_view line) { return Strip(line).empty(); }

absl::Status Problems(const std::vector<std::string>& problems) {
  return absl::InvalidArgumentError(absl::StrJoin(problems, "\n"));
}

}  // namespace

absl::StatusOr<std::vector<analysis::KeyEntry>> ReadAnswerKey(std::string_view text, std::string_view file) {
  const std::vector<std::string_view> lines = Lines(text);
  if (lines.empty() || Strip(lines[0]) != kKeyHeader) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s:1: not an answer key: the first line must be \"%s\"", file, kKeyHeader));
  }
  std::vector<analysis::KeyEntry> key;
  std::vector<std::string> problems;
  for (size_t n = 1; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    if (IsBlank(lines[n])) continue;
    absl::StatusOr<std::vector<std::string>> f = SplitCsvLine(lines[n]);
    if (!f.ok()) {
      problems.push_back(absl::StrFormat("%s:%d: %s", file, line, f.status().message()));
      continue;
    }
    if (f->size() != 7) {
      problems.push_back(absl::StrFormat("%s:%d: expected 7 fields (%s), found %d", file, line, kKeyHeader, f->size()));
      continue;
    }
    analysis::KeyEntry e;
    e.question = std::string(Strip((*f)[0]));
    e.kind = (*f)[1];
    std::optional<analysis::AnswerType> type = analysis::ParseAnswerType(Strip((*f)[2]));
    if (!type) {
      problems.push_back(absl::StrFormat("%s:%d: type \"%s\" is not integer, name or seconds", file, line, (*f)[2]));
      continue;
    }
    e.type = *type;
    e.answer = (*f)[3];
    if (e.type == analysis::AnswerType::kSeconds &&
        (!absl::SimpleAtod(AV((*f)[4]), &e.tolerance_s) || !std::isfinite(e.tolerance_s) || e.tolerance_s < 0)) {
      problems.push_back(absl::StrFormat("%s:%d: tolerance \"%s\" is not a number of seconds", file, line, (*f)[4]));
      continue;
    }
    if (e.question.empty()) {
      problems.push_back(absl::StrFormat("%s:%d: no question id", file, line));
      continue;
    }
    e.explanation = (*f)[6];
    e.line = line;
    key.push_back(std::move(e));
  }
  if (!problems.empty()) return Problems(problems);
  if (key.empty()) return absl::InvalidArgumentError(absl::StrFormat("%s: the key has no questions", file));
  return key;
}

absl::StatusOr<std::vector<analysis::StudentAnswer>> ReadAnswers(std::string_view text, std::string_view file) {
  const std::vector<std::string_view> lines = Lines(text);
  std::vector<analysis::StudentAnswer> answers;
  std::vector<std::string> problems;
  for (size_t n = 0; n < lines.size(); ++n) {
    const int line = static_cast<int>(n + 1);
    if (IsBlank(lines[n])) continue;
    absl::StatusOr<std::vector<std::string>> f = SplitCsvLine(lines[n]);
    if (!f.ok()) {
      problems.push_back(absl::StrFormat("%s:%d: %s", file, line, f.status().message()));
      continue;
    }
    if (answers.empty() && problems.empty() && f->size() == 3 &&
        analysis::NormalizeName((*f)[0]) == "student" && analysis::NormalizeName((*f)[1]) == "question" &&
        analysis::NormalizeName((*f)[2]) == "answer") {
      continue;  // the header
    }
    if (f->size() != 3) {
      problems.push_back(absl::StrFormat("%s:%d: expected 3 fields (student,question,answer), found %d", file,
                                         line, f->size()));
      continue;
    }
    if (Strip((*f)[0]).empty()) {
      problems.push_back(absl::StrFormat("%s:%d: no student name", file, line));
      continue;
    }
    answers.push_back({(*f)[0], (*f)[1], (*f)[2], line});
  }
  if (!problems.empty()) return Problems(problems);
  return answers;
}

}  // namespace portlab::report
