#include "portlab/analysis/grading.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "portlab/base/strings.h"

namespace portlab::analysis {

namespace {

std::string Expected(const KeyEntry& e) {
  if (e.type == AnswerType::kSeconds) return absl::StrFormat("%s (within %g s)", e.answer, e.tolerance_s);
  return e.answer;
}

std::string Trimmed(std::string_view text) { return std::string(absl::StripAsciiWhitespace(AV(text))); }

}  // namespace

std::string NormalizeName(std::string_view text) {
  std::string out;
  int depth = 0;
  bool space = false;
  for (char c : text) {
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0) {
      if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += absl::ascii_tolower(static_cast<unsigned char>(c));
    }
  }
  return out;
}

bool AnswerMatches(const KeyEntry& entry, std::string_view given, std::string* off) {
  off->clear();
  const std::string text = Trimmed(given);
  switch (entry.type) {
    case AnswerType::kInteger: {
      int64_t want = 0, got = 0;
      if (!absl::SimpleAtoi(AV(text), &got)) {
        *off = "not a whole number";
        return false;
      }
      return absl::SimpleAtoi(AV(entry.answer), &want) && want == got;
    }
    case AnswerType::kName:
      return NormalizeName(text) == NormalizeName(entry.answer);
    case AnswerType::kSeconds: {
      std::string_view number = text;
      if (!number.empty() && (number.back() == 's' || number.back() == 'S')) number.remove_suffix(1);
      double want = 0, got = 0;
      if (!absl::SimpleAtod(absl::StripAsciiWhitespace(AV(number)), &got) || !std::isfinite(got)) {
        *off = "not a number of seconds";
        return false;
      }
      if (!absl::SimpleAtod(AV(entry.answer), &want)) return false;
      const double diff = std::fabs(got - want);
      // A hair of slack for the decimal forms of both numbers.
      if (diff <= entry.tolerance_s * (1 + 1e-9)) return true;
      *off = absl::StrFormat("off by %g s, more than %g s", diff, entry.tolerance_s);
      return false;
    }
  }
  return false;
}

Grades Grade(const std::vector<KeyEntry>& key, const std::vector<StudentAnswer>& answers) {
  Grades grades;
  std::map<std::string, size_t> question_index;  // normalized id -> key index
  for (size_t i = 0; i < key.size(); ++i) question_index.emplace(NormalizeName(key[i].question), i);

  struct Sheet {
    std::string shown;
    std::vector<const StudentAnswer*> by_question;
  };
  std::map<std::string, Sheet> sheets;  // normalized student name -> answers
  for (const StudentAnswer& a : answers) {
    auto q = question_index.find(NormalizeName(a.question));
    if (q == question_index.end()) {
      std::vector<std::string> ids;
      for (const KeyEntry& e : key) ids.push_back(e.question);
      grades.problems.push_back({a.line, absl::StrFormat("unknown question \"%s\" (the key has %s)",
                                                         Trimmed(a.question), absl::StrJoin(ids, ", "))});
      continue;
    }
    Sheet& sheet = sheets[NormalizeName(a.student)];
    if (sheet.shown.empty()) {
      sheet.shown = Trimmed(a.student);
      sheet.by_question.assign(key.size(), nullptr);
    }
    const StudentAnswer*& slot = sheet.by_question[q->second];
    if (slot != nullptr) {
      grades.problems.push_back({a.line, absl::StrFormat("a second answer from %s to %s (the first is on line %d)",
                                                         sheet.shown, key[q->second].question, slot->line)});
      continue;
    }
    slot = &a;
  }
  std::sort(grades.problems.begin(), grades.problems.end(),
            [](const GradeProblem& a, const GradeProblem& b) { return a.line < b.line; });

  for (const auto& [name, sheet] : sheets) {
    StudentGrade g;
    g.student = sheet.shown;
    g.total = static_cast<int>(key.size());
    for (size_t i = 0; i < key.size(); ++i) {
      const KeyEntry& e = key[i];
      const StudentAnswer* a = sheet.by_question[i];
      std::string off;
      if (a != nullptr && AnswerMatches(e, a->answer, &off)) {
        ++g.score;
        continue;
      }
      WrongAnswer w;
      w.question = e.question;
      w.expected = Expected(e);
      w.given = a != nullptr ? Trimmed(a->answer) : "";
      w.line = a != nullptr ? a->line : 0;
      w.why = off;  // a missing answer says so in `given`
      if (!e.explanation.empty()) absl::StrAppend(&w.why, w.why.empty() ? "" : "; ", e.explanation);
      g.wrong.push_back(std::move(w));
    }
    grades.students.push_back(std::move(g));
  }
  return grades;
}

}  // namespace portlab::analysis
